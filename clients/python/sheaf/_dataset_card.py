"""A dataset's card (``DESCRIBE DATASET``) that prints as a table."""

from __future__ import annotations

import pyarrow as pa

_SHOWN = ("table_schema", "table_name", "version", "rows", "data_bytes", "media_objects",
          "media_bytes")


class DatasetCard:
    """Members of a dataset commit with their versions, rows and sizes: ``.table`` holds the rows
    as the server sent them; ``str(card)`` is a text table headed by the commit."""

    def __init__(self, table: pa.Table):
        self.table = table

    @property
    def rows(self) -> list[dict]:
        return self.table.to_pylist()

    def __str__(self) -> str:
        rows = self.rows
        if not rows:
            return "(empty dataset)"
        first = rows[0]
        head = f"dataset {first['dataset']}"
        if first["commit"] is not None:
            head += f", commit {first['commit']}"
            if first["tag"]:
                head += f" ({first['tag']})"
            if first["committed_at"] is not None:
                head += f" at {first['committed_at']}"
        else:
            head += ", not committed yet (current versions)"
        if first["message"]:
            head += f": {first['message']}"
        cells = [list(_SHOWN)] + [["" if row[c] is None else str(row[c]) for c in _SHOWN]
                                  for row in rows]
        widths = [max(len(line[i]) for line in cells) for i in range(len(_SHOWN))]
        lines = [head]
        for index, line in enumerate(cells):
            lines.append("  ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                                   for i, cell in enumerate(line)))
            if index == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    __repr__ = __str__
