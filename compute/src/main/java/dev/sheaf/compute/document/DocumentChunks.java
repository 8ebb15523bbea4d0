package dev.sheaf.compute.document;

import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.IteratorParameter;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code document_chunks(separators => 'heading,paragraph', max_tokens => 256, overlap => 0, format
 * => NULL)}: the chunks of a DOCUMENT cell (PDF, HTML, Markdown or text; {@link DocumentChunker}),
 * one row each: {@code pos}, {@code page} (PDF only), {@code heading}, {@code text}, {@code
 * start_offset}/{@code end_offset} (code points of the document's text, what {@code document_text}
 * gives) and {@code tokens} (the chunk's length to the MiniLM model, at most {@code max_tokens}).
 * The text is in the rows: there is no payload.
 */
public final class DocumentChunks implements MediaIterator {
  private static final SheafType INTEGER = SheafType.of(TypeKind.INTEGER);
  private static final SheafType VARCHAR = SheafType.of(TypeKind.VARCHAR);

  private static final List<IteratorParameter> PARAMETERS =
      List.of(
          new IteratorParameter("separators", VARCHAR, "heading,paragraph,sentence"),
          new IteratorParameter("max_tokens", INTEGER, 256),
          new IteratorParameter("overlap", INTEGER, 0),
          new IteratorParameter("format", VARCHAR, null));

  private static final List<SheafColumn> COLUMNS =
      List.of(
          new SheafColumn("pos", INTEGER, false),
          new SheafColumn("page", INTEGER, true),
          new SheafColumn("heading", VARCHAR, true),
          new SheafColumn("text", VARCHAR, false),
          new SheafColumn("start_offset", INTEGER, false),
          new SheafColumn("end_offset", INTEGER, false),
          new SheafColumn("tokens", INTEGER, false));

  @Override
  public String name() {
    return "document_chunks";
  }

  @Override
  public TypeKind input() {
    return TypeKind.DOCUMENT;
  }

  @Override
  public List<IteratorParameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public List<SheafColumn> columns(IteratorArguments arguments) {
    settings(arguments);
    return COLUMNS;
  }

  @Override
  public void rows(MediaSource media, IteratorArguments arguments, RowSink out) throws IOException {
    ChunkSettings settings = settings(arguments);
    String formatName = arguments.stringValue("format");
    DocumentFormat format = formatName == null ? null : DocumentFormat.parse(formatName);
    if (media.size() > DocumentReader.MAX_BYTES) {
      throw SheafException.of(
          ErrorCode.OUT_OF_MEMORY,
          "Cannot chunk document %s: it holds %d bytes, more than the %d a document may hold"
              + " (split it into smaller files)",
          media.uri(),
          media.size(),
          DocumentReader.MAX_BYTES);
    }
    DocumentText document;
    if (media.file().isPresent()) {
      document = DocumentReader.read(media.uri(), media.file().get(), format);
    } else {
      byte[] bytes;
      try (InputStream in = media.open()) {
        bytes = in.readAllBytes();
      }
      document = DocumentReader.read(media.uri(), bytes, format);
    }
    for (DocumentChunk chunk :
        new DocumentChunker(ChunkTokenizer.minilm()).chunk(document, settings)) {
      out.accept(
          new Object[] {
            chunk.pos(),
            chunk.page(),
            chunk.heading(),
            chunk.text(),
            chunk.startOffset(),
            chunk.endOffset(),
            chunk.tokens()
          });
    }
  }

  /** The arguments as settings; bad ones are INVALID_ARGUMENT (checked before any media). */
  static ChunkSettings settings(IteratorArguments arguments) {
    String separators = arguments.stringValue("separators");
    String format = arguments.stringValue("format");
    if (format != null) {
      DocumentFormat.parse(format);
    }
    return new ChunkSettings(
        ChunkSeparator.parseList(separators == null ? "" : separators),
        arguments.intValue("max_tokens"),
        arguments.intValue("overlap"));
  }
}
