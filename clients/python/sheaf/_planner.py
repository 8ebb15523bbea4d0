"""Plans a query's partitions, in this process or in a fresh child process.

A process that has made a Flight client cannot safely fork DataLoader workers (gRPC is not
fork-safe), so a dataset made in a process that has not connected yet plans in a child process
(``python -m sheaf._planner``; options and credentials go over stdin, never the command line).
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import asdict
from typing import Any

from ._reader_process import child_env
from .client import ConnectionOptions, grpc_used
from .errors import ERROR_CLASSES, InvalidArgument, SheafError


def plan(options: ConnectionOptions, query: str, partitions: int) -> dict[str, Any]:
    """Tickets, row counts, version and schema of ``query`` in ``partitions`` partitions."""
    with options.connect() as client:
        planned = client.partitions(query, partitions, count_rows=True)
    if planned.rows is None:
        raise InvalidArgument(
            "INVALID_ARGUMENT: Cannot stream the query as a training dataset: the server gave no"
            " row counts for its partitions (ask for more than one partition, or read it with"
            " client.sql() instead)"
        )
    return {
        "tickets": list(planned.tickets),
        "rows": list(planned.rows),
        "version": planned.version,
        "table": planned.table,
        "schema": planned.schema.serialize().to_pybytes(),
    }


def plan_keeping_fork_safe(options: ConnectionOptions, query: str, partitions: int):
    """``plan``, in a child process when this one has not connected yet (so it can still fork)."""
    if grpc_used():
        return plan(options, query, partitions)
    request = asdict(options)
    if request["tls_root_certs"] is not None:
        request["tls_root_certs"] = request["tls_root_certs"].decode()
    request.update(query=query, partitions=partitions)
    done = subprocess.run([sys.executable, "-m", "sheaf._planner"], input=json.dumps(request),
                          capture_output=True, text=True, check=False, env=child_env())
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SheafError(f"INTERNAL_ERROR: Cannot plan the query: the planner process failed"
                         f" ({done.stderr.strip()[-500:]})", code="INTERNAL_ERROR") from None
    if "error" in answer:
        cls = ERROR_CLASSES.get(answer["code"], SheafError)
        raise cls(answer["error"]) if cls is not SheafError else SheafError(
            answer["error"], code=answer["code"])
    answer["tickets"] = [base64.b64decode(t) for t in answer["tickets"]]
    answer["schema"] = base64.b64decode(answer["schema"])
    return answer


def _main() -> None:
    request = json.loads(sys.stdin.read())
    certs = request["tls_root_certs"]
    options = ConnectionOptions(request["uri"], request["username"], request["password"],
                                certs.encode() if certs is not None else None)
    try:
        result = plan(options, request["query"], request["partitions"])
    except SheafError as error:
        json.dump({"error": str(error), "code": error.code}, sys.stdout)
        return
    result["tickets"] = [base64.b64encode(t).decode() for t in result["tickets"]]
    result["schema"] = base64.b64encode(result["schema"]).decode()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    _main()
