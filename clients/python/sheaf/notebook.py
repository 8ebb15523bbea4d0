"""Query results as notebooks show them: HTML tables with inline thumbnails for media columns,
grids of thumbnails (``Client.show``), and waiting on jobs with a progress bar.

Every value goes into the HTML escaped (``html.escape``), so a caption holding markup shows as
text. Thumbnails are made by the server (the SQL ``thumbnail`` function) and inlined as data URIs:
nothing is fetched from elsewhere.
"""

from __future__ import annotations

import base64
import html
import sys
import time
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ._progress import Progress

if TYPE_CHECKING:
    from .client import Client

SHEAF_TYPE = b"sheaf.type"
MAX_TEXT = 200
_MAGIC = ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"))


def media_types(schema: pa.Schema) -> dict[str, str]:
    """The Sheaf media type (IMAGE, VIDEO, AUDIO, DOCUMENT) of each media column of ``schema``;
    binary results of media functions (``thumbnail``, ``fetch``) carry it too."""
    types = {}
    for field in schema:
        kind = (field.metadata or {}).get(SHEAF_TYPE)
        if kind is not None and kind.decode() in ("IMAGE", "VIDEO", "AUDIO", "DOCUMENT"):
            types[field.name] = kind.decode()
    return types


def image_type(data: bytes) -> str | None:
    """The MIME type of image bytes a browser shows, from their first bytes, or None."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _img(data: bytes, side: int, title: str = "") -> str:
    mime = image_type(data)
    if mime is None:
        return f"<i>{len(data)} bytes</i>"
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<img src="data:{mime};base64,{encoded}" title="{html.escape(title)}"'
            f' style="max-width:{side}px;max-height:{side}px">')


def _text(value: Any) -> str:
    if value is None:
        return '<span style="color:#999">NULL</span>'
    text = str(value)
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT] + "…"
    return html.escape(text)


def _error(message: str) -> str:
    code = message.split(":", 1)[0]
    return f'<span style="color:#c33" title="{html.escape(message)}">⚠ {html.escape(code)}</span>'


def thumbnails(client: Client, uris: Sequence[str], side: int) -> dict[str, bytes | str]:
    """Thumbnails of image URIs made by the server: bytes, or the error text of a URI that
    cannot be read now."""
    distinct = list(dict.fromkeys(u for u in uris if u is not None))
    if not distinct:
        return {}
    values = ", ".join("('" + u.replace("'", "''") + "')" for u in distinct)
    rows = client.sql(
        f"SELECT u, thumbnail(u, {int(side)}) AS t, try_error(thumbnail(u, {int(side)})) AS e"
        f" FROM (VALUES {values}) AS v(u)"
    ).to_pylist()
    return {row["u"]: row["t"] if row["t"] is not None else (row["e"] or "NULL")
            for row in rows}


def render_table(table: pa.Table, client: Client | None = None, *, max_rows: int = 20,
                 side: int = 96) -> str:
    """``table`` as an HTML table: image bytes inline, image URIs as thumbnails the server makes
    (when a client is given), every other value escaped text."""
    media = media_types(table.schema)
    shown = table.slice(0, max_rows)
    rows = shown.to_pylist()
    thumbs: dict[str, dict[str, bytes | str]] = {}
    if client is not None:
        for name, kind in media.items():
            if kind == "IMAGE" and pa.types.is_string(table.schema.field(name).type):
                try:
                    thumbs[name] = thumbnails(client, shown.column(name).to_pylist(), side)
                except Exception as error:  # noqa: BLE001 (a display never fails: says why)
                    thumbs[name] = {u: f"THUMBNAIL_ERROR: {error}"
                                    for u in shown.column(name).to_pylist() if u is not None}
    out = ['<div class="sheaf-result"><table><thead><tr>']
    for field in table.schema:
        kind = media.get(field.name)
        label = f' <small style="color:#888">{kind}</small>' if kind else ""
        out.append(f"<th>{html.escape(field.name)}{label}</th>")
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for field in table.schema:
            value = row[field.name]
            out.append(f"<td>{_cell(value, field.name, thumbs, side)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    more = f" (first {max_rows} shown)" if table.num_rows > max_rows else ""
    out.append(f"<p><small>{table.num_rows} rows × {table.num_columns} columns{more}</small></p>")
    out.append("</div>")
    return "".join(out)


def _cell(value: Any, name: str, thumbs: dict[str, dict[str, bytes | str]], side: int) -> str:
    if isinstance(value, bytes) and value:
        return _img(value, side)
    if isinstance(value, str) and name in thumbs and value in thumbs[name]:
        thumb = thumbs[name][value]
        if isinstance(thumb, bytes):
            return _img(thumb, side, value) + f"<br><small>{_text(value)}</small>"
        return _error(thumb) + f"<br><small>{_text(value)}</small>"
    return _text(value)


class Results:
    """A query's rows for a notebook: ``table`` is the pyarrow Table; Jupyter shows it as an
    HTML table with thumbnails for its image columns."""

    def __init__(self, table: pa.Table, client: Client | None = None, *, max_rows: int = 20,
                 side: int = 96):
        self.table = table
        self._client = client
        self.max_rows = max_rows
        self.side = side

    def _repr_html_(self) -> str:
        return render_table(self.table, self._client, max_rows=self.max_rows, side=self.side)

    def __repr__(self) -> str:
        return repr(self.table)

    def __len__(self) -> int:
        return self.table.num_rows


class Grid:
    """A grid of thumbnails of one image column with a few columns beside each (``Client.show``).
    The rows are read when the grid is made, so a bad filter fails there."""

    def __init__(self, client: Client, table: str, *, where: str | None = None, n: int = 24,
                 columns: Sequence[str] | None = None, image: str | None = None,
                 side: int = 128):
        from .client import quote_table

        schema = client.describe(table)
        media = media_types(schema)
        if image is None:
            image = next((name for name, kind in media.items() if kind == "IMAGE"), None)
        if image is None or media.get(image) != "IMAGE":
            raise ValueError(f"Cannot show table {table} as a grid: it has no IMAGE column"
                             + (f" named {image!r}" if image else ""))
        if columns is None:
            columns = [f.name for f in schema if f.name not in media
                       and not f.name.endswith("$error")][:3]
        self.table_name = table
        self.image = image
        self.columns = list(columns)
        self.side = side
        selected = "".join(f'"{c.replace(chr(34), chr(34) * 2)}", ' for c in self.columns)
        quoted = '"' + image.replace('"', '""') + '"'
        self.table = client.sql(
            f"SELECT {selected}thumbnail({quoted}, {int(side)}) AS __thumb,"
            f" try_error(thumbnail({quoted}, {int(side)})) AS __error"
            f" FROM {quote_table(table)}" + (f" WHERE {where}" if where else "")
            + f" LIMIT {int(n)}"
        )

    def __len__(self) -> int:
        return self.table.num_rows

    def _repr_html_(self) -> str:
        out = ['<div class="sheaf-grid" style="display:flex;flex-wrap:wrap;gap:8px">']
        for row in self.table.to_pylist():
            thumb = row["__thumb"]
            picture = (_img(thumb, self.side) if thumb is not None
                       else _error(row["__error"] or "NULL: no image"))
            caption = "".join(
                f"<div><small style=\"color:#888\">{html.escape(c)}</small> {_text(row[c])}</div>"
                for c in self.columns
            )
            out.append(f'<figure style="margin:0;width:{self.side + 8}px;font-size:12px">'
                       f'<div style="height:{self.side}px">{picture}</div>'
                       f"<figcaption>{caption}</figcaption></figure>")
        out.append("</div>")
        return "".join(out)

    def __repr__(self) -> str:
        return f"Grid({self.table_name!r}, {self.table.num_rows} images of {self.image!r})"


def wait_for_jobs(client: Client, job_id: str | None = None, *, poll: float = 0.5,
                  timeout: float | None = None, progress: bool = True) -> list[dict[str, Any]]:
    """Waits until the job ``job_id`` (or every running job) is no longer RUNNING, showing its
    rows done with a tqdm bar (plain text on stderr without tqdm). Returns the jobs' last rows
    of ``sys.jobs``."""
    query = ("SELECT job_id, table_name, column_name, state, rows_done, rows_total, errors,"
             " message FROM sys.jobs")
    if job_id is not None:
        rows = client.sql(query + " WHERE job_id = ?", [job_id]).to_pylist()
        if not rows:
            raise ValueError(f"Cannot wait for job {job_id!r}: sys.jobs has no such job")
    else:
        rows = [r for r in client.sql(query).to_pylist() if r["state"] == "RUNNING"]
    ids = [r["job_id"] for r in rows]
    bars = {}
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            current = [r for r in client.sql(query).to_pylist() if r["job_id"] in ids]
            for row in current:
                if progress:
                    bar = bars.get(row["job_id"])
                    if bar is None:
                        bar = bars[row["job_id"]] = Progress(
                            f"{row['table_name']}.{row['column_name']}", row["rows_total"])
                    bar.update(row["rows_done"] or 0, row["rows_total"], row["state"])
            if all(r["state"] != "RUNNING" for r in current):
                return current
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"Jobs {ids} still running after {timeout} s")
            time.sleep(poll)
    finally:
        for bar in bars.values():
            bar.close()


_formatting_client: weakref.ReferenceType[Any] | None = None


def register(client: Client) -> bool:
    """Under IPython, shows every pyarrow Table as ``render_table`` does, making thumbnails with
    the most recent ``client``. Returns whether a formatter was registered."""
    global _formatting_client
    ipython_module = sys.modules.get("IPython")
    if ipython_module is None:
        return False
    shell = ipython_module.get_ipython()
    if shell is None:
        return False
    _formatting_client = weakref.ref(client)

    def formatter(table: pa.Table) -> str:
        current = _formatting_client() if _formatting_client is not None else None
        return render_table(table, current if current is not None and not current._closed
                            else None)

    shell.display_formatter.formatters["text/html"].for_type(pa.Table, formatter)
    return True
