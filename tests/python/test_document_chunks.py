"""document_chunks through Flight SQL: an iterator view of a table of documents, its chunks exact
(pages, headings, offsets that slice document_text back to the chunk), extended by an insert, and
a damaged PDF kept as an error row."""

import sheaf
from test_documents import pdf_bytes

PAGES = [
    ["First page, first paragraph.", "", "First page, second paragraph."],
    ["Second page."],
]


def test_document_chunks_view(sheaf_server):
    folder = sheaf_server.data_dir / "docch-docs"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = pdf_bytes(PAGES, "Chunked")
    (folder / "a.pdf").write_bytes(pdf)
    (folder / "cut.pdf").write_bytes(pdf[:40])
    (folder / "guide.md").write_text("# Guide\n\nIntro.\n\n## Install\n\nRun it.\n")
    with sheaf.connect(sheaf_server.uri) as client:
        client.execute("CREATE TABLE docch_docs (id INTEGER, d DOCUMENT)")
        client.execute(
            f"INSERT INTO docch_docs VALUES (1, '{(folder / 'a.pdf').as_uri()}')"
        )
        client.execute(
            "CREATE VIEW docch_chunks AS SELECT * FROM TABLE(document_chunks(TABLE docch_docs,"
            " separators => 'heading,paragraph', max_tokens => 256))"
        )
        chunks = client.sql(
            "SELECT id, pos, page, heading, text, start_offset, end_offset, tokens"
            " FROM docch_chunks ORDER BY id, pos"
        ).to_pylist()
        first = "First page, first paragraph.\n\nFirst page, second paragraph."
        assert [(c["pos"], c["page"], c["heading"], c["text"]) for c in chunks] == [
            (0, 1, None, first),
            (1, 2, None, "Second page."),
        ]
        assert (chunks[1]["start_offset"], chunks[1]["end_offset"]) == (
            len(first) + 2,
            len(first) + 2 + len("Second page."),
        )
        assert all(c["tokens"] <= 256 for c in chunks)

        # an insert extends the view; a damaged PDF is an error row, the insert succeeds
        client.execute(
            f"INSERT INTO docch_docs VALUES (2, '{(folder / 'guide.md').as_uri()}'),"
            f" (3, '{(folder / 'cut.pdf').as_uri()}')"
        )
        guide = client.sql(
            "SELECT pos, heading, text FROM docch_chunks WHERE id = 2 ORDER BY pos"
        ).to_pylist()
        assert guide == [
            {"pos": 0, "heading": "Guide", "text": "Guide\n\nIntro."},
            {"pos": 1, "heading": "Guide > Install", "text": "Install\n\nRun it."},
        ]
        errors = (
            client.sql("SELECT iterator_error FROM docch_chunks WHERE id = 3")
            .column("iterator_error")
            .to_pylist()
        )
        assert len(errors) == 1 and errors[0].startswith("MEDIA_FORMAT_ERROR: ")

        # the offsets slice document_text back to each chunk
        texts = {
            row["id"]: row["t"]
            for row in client.sql(
                "SELECT id, document_text(d) AS t FROM docch_docs WHERE id < 3"
            ).to_pylist()
        }
        for chunk in client.sql(
            "SELECT id, text, start_offset, end_offset FROM docch_chunks WHERE id < 3"
        ).to_pylist():
            assert (
                texts[chunk["id"]][chunk["start_offset"] : chunk["end_offset"]]
                == chunk["text"]
            )
