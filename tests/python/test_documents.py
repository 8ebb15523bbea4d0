"""Document functions through the server: page counts, text, metadata and per-cell errors.

The PDFs are written here by hand (one Helvetica text object per line, so the text a PDF reader
extracts is known), plus a truncated copy, a Markdown file and an empty file.
"""

import json

import pytest
import sheaf

PAGES = [["Sheaf reads PDF pages.", "A second line."], ["Page two (with parentheses)."]]


def pdf_bytes(pages, title):
    """A minimal PDF 1.4 of text pages, with a document information dictionary."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = []
    page_ids = []
    font_id = 3
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(None)  # the page tree, once the pages are numbered
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for lines in pages:
        body = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(
            f"({escape(t)}) Tj T*" for t in lines
        )
        stream = (body + " ET").encode("latin-1")
        objects.append(
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        )
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources"
            b" << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, content_id)
        )
        page_ids.append(len(objects))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    objects.append(f"<< /Title ({escape(title)}) /Author (Ada) >>".encode("latin-1"))
    info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (
            len(objects) + 1,
            info_id,
            xref,
        )
    )
    return bytes(out)


@pytest.fixture(scope="module")
def client(sheaf_server):
    with sheaf.connect(sheaf_server.uri) as conn:
        yield conn


@pytest.fixture(scope="module")
def documents(sheaf_server, client):
    folder = sheaf_server.data_dir / "docfn-docs"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = pdf_bytes(PAGES, "Known title")
    (folder / "a.pdf").write_bytes(pdf)
    (folder / "cut.pdf").write_bytes(pdf[:40])
    (folder / "notes.md").write_text("# Notes\n\nSome *text* here.\n\n```\ncode\n```\n")
    (folder / "empty.txt").write_bytes(b"")
    files = ["a.pdf", "cut.pdf", "notes.md", "empty.txt", "missing.pdf"]
    values = ", ".join(f"({i}, '{(folder / n).as_uri()}')" for i, n in enumerate(files))
    client.execute("CREATE TABLE docfn_docs (id INTEGER, d DOCUMENT)")
    client.execute(f"INSERT INTO docfn_docs VALUES {values}")
    return folder


def test_page_counts_text_and_metadata(client, documents):
    table = client.sql(
        "SELECT id, document_page_count(d) AS pages, document_text(d) AS text,"
        " document_page_text(d, 2) AS second, document_metadata(d) AS meta"
        " FROM docfn_docs ORDER BY id"
    ).to_pylist()
    assert [row["pages"] for row in table] == [2, None, 1, None, None]
    assert table[0]["text"] == (
        "Sheaf reads PDF pages.\nA second line.\n\nPage two (with parentheses)."
    )
    assert table[0]["second"] == "Page two (with parentheses)."
    assert table[2]["text"] == "Notes\n\nSome text here.\n\ncode"
    assert table[2]["second"] is None
    assert json.loads(table[0]["meta"]) == {
        "format": "pdf",
        "pages": 2,
        "title": "Known title",
        "author": "Ada",
        "characters": len(table[0]["text"]),
    }
    assert json.loads(table[2]["meta"])["title"] == "Notes"


def test_bad_documents_are_cell_errors(client, documents):
    errors = (
        client.sql(
            "SELECT try_error(document_text(d)) AS e FROM docfn_docs ORDER BY id"
        )
        .column("e")
        .to_pylist()
    )
    assert errors[0] is None and errors[2] is None
    assert errors[1].startswith("MEDIA_FORMAT_ERROR: Cannot read document ")
    assert "not a readable PDF" in errors[1]
    assert errors[3].startswith("MEDIA_FORMAT_ERROR: ") and "empty" in errors[3]
    assert errors[4].startswith("MEDIA_NOT_FOUND: ")
