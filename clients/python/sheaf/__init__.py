"""Sheaf's Python client: SQL, bulk ingest, and PyTorch / Hugging Face datasets over Flight SQL."""

from __future__ import annotations

from .client import Client, ConnectionOptions, Partitions
from .errors import SheafError

__all__ = ["Client", "ConnectionOptions", "Partitions", "SheafError", "connect"]
__version__ = "0.1.0"


def connect(
    uri: str = "grpc://127.0.0.1:31337",
    *,
    username: str | None = None,
    password: str | None = None,
    tls_root_certs: str | bytes | None = None,
) -> Client:
    """Connects to a Sheaf server (``grpc://`` or ``grpc+tls://``); logs in when given a user."""
    if isinstance(tls_root_certs, str):
        tls_root_certs = tls_root_certs.encode()
    return Client(ConnectionOptions(uri, username, password, tls_root_certs))
