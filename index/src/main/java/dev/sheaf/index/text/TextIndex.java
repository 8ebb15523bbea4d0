package dev.sheaf.index.text;

import dev.sheaf.index.FileDocuments;
import dev.sheaf.index.vector.VisibleRowsQuery;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * One full-text index of one VARCHAR column, in a Lucene directory of its own ({@link
 * FileDocuments}), scored by BM25 (Lucene's default similarity, k1 = 1.2, b = 0.75). Laid out like
 * the vector index: a document is a row of a data file (fields {@code file}, {@code pos}, {@code
 * rowid}, {@code text}, the last analyzed by the index's {@link TextAnalyzer}), plus one marker
 * document per file, so a search names the data files of the table version it reads ({@link
 * VisibleRowsQuery}) and sees exactly that version's rows. Term statistics (document frequencies,
 * average length) are those of every document the index holds, files of older versions included,
 * until they are removed ({@link #retainOnly}): scores differ slightly from an index of the
 * version's rows alone, the order by score rarely. Commits carry {@value #FORMAT_KEY} = {@value
 * #FORMAT}, checked at open.
 */
public final class TextIndex implements AutoCloseable {
  static final String TEXT = "text";
  static final String FORMAT_KEY = "sheaf.text-index.format";
  static final String FORMAT = "1";

  private final TextAnalyzer analyzerKind;
  private final Analyzer analyzer;
  private final FileDocuments documents;

  private TextIndex(TextAnalyzer analyzerKind, Analyzer analyzer, FileDocuments documents) {
    this.analyzerKind = analyzerKind;
    this.analyzer = analyzer;
    this.documents = documents;
  }

  /** Opens the index in {@code path}, creating it when there is none. */
  public static TextIndex open(Path path, TextAnalyzer analyzer) {
    return open(path, analyzer, FileDocuments.CommitListener.NONE);
  }

  /** Opens the index in {@code path}, telling {@code listener} of every commit. */
  public static TextIndex open(
      Path path, TextAnalyzer analyzer, FileDocuments.CommitListener listener) {
    Analyzer lucene = analyzer.create();
    IndexWriterConfig config = new IndexWriterConfig(lucene);
    config.setRAMBufferSizeMB(128);
    try {
      return new TextIndex(
          analyzer,
          lucene,
          FileDocuments.open(path, "full-text index", FORMAT_KEY, FORMAT, config, listener));
    } catch (RuntimeException e) {
      lucene.close();
      throw e;
    }
  }

  public TextAnalyzer analyzer() {
    return analyzerKind;
  }

  /** The data files indexed so far. */
  public Set<String> files() {
    return documents.files();
  }

  /** Whether every one of these files is indexed. */
  public boolean covers(Collection<String> wanted) {
    return documents.covers(wanted);
  }

  /**
   * Starts indexing a data file's rows (any documents it had are replaced): add its rows in order,
   * then {@link #commitFiles} with its name.
   */
  public FileAppender appendFile(String file) {
    documents.startFile(file);
    return new FileAppender(file);
  }

  /** Commits what was appended: these files are indexed from now on. */
  public void commitFiles(Collection<String> appended) {
    documents.commitFiles(appended);
  }

  /** Takes the rows of one data file, in file order. */
  public final class FileAppender {
    private final String file;
    private long position;

    private FileAppender(String file) {
      this.file = file;
    }

    /** The next row of the file: its row id and text (null for a NULL cell: not indexed). */
    public void add(long rowId, String text) {
      long at = position++;
      if (text == null) {
        return;
      }
      Document row = FileDocuments.row(file, at, rowId);
      row.add(new TextField(TEXT, text, Field.Store.NO));
      documents.add(row);
    }
  }

  /** Removes the documents of every file not in {@code kept}; returns how many files it dropped. */
  public int retainOnly(Set<String> kept) {
    return documents.retainOnly(kept);
  }

  /** The query as Lucene reads it, or INVALID_ARGUMENT naming what is wrong with it. */
  public Query parse(String text) {
    QueryParser parser = new QueryParser(TEXT, analyzer);
    try {
      return parser.parse(text);
    } catch (ParseException | IllegalArgumentException e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot search for '%s': not a valid full-text query (%s) (use words, \"a phrase\","
              + " +required, -excluded, prefix*; escape special characters with \\)",
          text,
          firstLine(e.getMessage()));
    }
  }

  /** The best-scoring rows among the search's visible ones, best first, at most k. */
  public List<TextHit> search(TextSearch search) {
    Query query =
        new BooleanQuery.Builder()
            .add(parse(search.query()), BooleanClause.Occur.MUST)
            .add(new VisibleRowsQuery(search.files(), search.rowIds()), BooleanClause.Occur.FILTER)
            .build();
    try {
      return documents.withSearcher(
          searcher -> {
            TopDocs top = searcher.search(query, search.k());
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            List<TextHit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
              LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
              NumericDocValues rowIds = leaf.reader().getNumericDocValues(FileDocuments.ROWID);
              rowIds.advanceExact(hit.doc - leaf.docBase);
              hits.add(new TextHit(rowIds.longValue(), hit.score));
            }
            return hits;
          });
    } catch (IndexSearcher.TooManyClauses e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot search for '%s': it expands to more than %d terms (use a longer prefix)",
          search.query(),
          IndexSearcher.getMaxClauseCount());
    }
  }

  /** How many rows (documents with text) the index holds, deleted ones not counted. */
  public int rows() {
    return documents.withSearcher(searcher -> searcher.count(new FieldExistsQuery(TEXT)));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  @Override
  public void close() {
    try {
      documents.close();
    } finally {
      analyzer.close();
    }
  }
}
