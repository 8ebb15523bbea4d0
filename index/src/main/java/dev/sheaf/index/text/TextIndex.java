package dev.sheaf.index.text;

import dev.sheaf.index.vector.VisibleRowsQuery;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One full-text index of one VARCHAR column, in a Lucene directory of its own, scored by BM25
 * (Lucene's default similarity, k1 = 1.2, b = 0.75). Laid out like the vector index: a document is
 * a row of a data file (fields {@code file}, {@code pos}, {@code rowid}, {@code text}, the last
 * analyzed by the index's {@link TextAnalyzer}), plus one marker document per file, so a search
 * names the data files of the table version it reads ({@link VisibleRowsQuery}) and sees exactly
 * that version's rows. Term statistics (document frequencies, average length) are those of every
 * document the index holds, files of older versions included, until they are removed ({@link
 * #retainOnly}): scores differ slightly from an index of the version's rows alone, the order by
 * score rarely. Commits carry {@value #FORMAT_KEY} = {@value #FORMAT}, checked at open.
 */
public final class TextIndex implements AutoCloseable {
  static final String FILE = "file";
  static final String ROWID = "rowid";
  static final String POSITION = "pos";
  static final String TEXT = "text";
  static final String FORMAT_KEY = "sheaf.text-index.format";
  static final String FORMAT = "1";

  private final TextAnalyzer analyzerKind;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Set<String> files = new HashSet<>();

  private TextIndex(TextAnalyzer analyzerKind, Directory directory) throws IOException {
    this.analyzerKind = analyzerKind;
    this.analyzer = analyzerKind.create();
    this.directory = directory;
    if (DirectoryReader.indexExists(directory)) {
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        String format = reader.getIndexCommit().getUserData().get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
          throw SheafException.of(
              ErrorCode.INTERNAL_ERROR,
              "Cannot open the full-text index in %s: format version expected %s, found %s (drop"
                  + " and create the index again)",
              directory,
              FORMAT,
              format);
        }
      }
    }
    IndexWriterConfig config = new IndexWriterConfig(analyzer);
    config.setCommitOnClose(false);
    config.setRAMBufferSizeMB(128);
    this.writer = new IndexWriter(directory, config);
    writer.setLiveCommitData(Map.of(FORMAT_KEY, FORMAT).entrySet());
    this.searchers = new SearcherManager(writer, null);
    IndexSearcher searcher = searchers.acquire();
    try {
      Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), FILE);
      if (terms != null) {
        TermsEnum names = terms.iterator();
        for (BytesRef name = names.next(); name != null; name = names.next()) {
          files.add(name.utf8ToString());
        }
      }
    } finally {
      searchers.release(searcher);
    }
  }

  /** Opens the index in {@code path}, creating it when there is none. */
  public static TextIndex open(Path path, TextAnalyzer analyzer) {
    try {
      return new TextIndex(analyzer, FSDirectory.open(path));
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot open the full-text index in " + path + ": " + e.getMessage(),
          e);
    }
  }

  public TextAnalyzer analyzer() {
    return analyzerKind;
  }

  /** The data files indexed so far. */
  public synchronized Set<String> files() {
    return Set.copyOf(files);
  }

  /** Whether every one of these files is indexed. */
  public synchronized boolean covers(Collection<String> wanted) {
    return files.containsAll(wanted);
  }

  /**
   * Starts indexing a data file's rows (any documents it had are replaced): add its rows in order,
   * then {@link #commitFiles} with its name.
   */
  public synchronized FileAppender appendFile(String file) {
    try {
      writer.deleteDocuments(new Term(FILE, file));
      Document marker = new Document();
      marker.add(new KeywordField(FILE, file, Field.Store.NO));
      marker.add(new NumericDocValuesField(ROWID, -1));
      writer.addDocument(marker);
      return new FileAppender(file);
    } catch (IOException e) {
      throw storage("add to", e);
    }
  }

  /** Commits what was appended: these files are indexed from now on. */
  public synchronized void commitFiles(Collection<String> appended) {
    try {
      commit();
      files.addAll(appended);
    } catch (IOException e) {
      throw storage("commit", e);
    }
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
      Document row = new Document();
      row.add(new KeywordField(FILE, file, Field.Store.NO));
      row.add(new NumericDocValuesField(POSITION, at));
      row.add(new NumericDocValuesField(ROWID, rowId));
      row.add(new TextField(TEXT, text, Field.Store.NO));
      try {
        writer.addDocument(row);
      } catch (IOException e) {
        throw storage("add to", e);
      }
    }
  }

  /** Removes the documents of every file not in {@code kept}; returns how many files it dropped. */
  public synchronized int retainOnly(Set<String> kept) {
    List<String> dropped = files.stream().filter(file -> !kept.contains(file)).toList();
    if (dropped.isEmpty()) {
      return 0;
    }
    try {
      for (String file : dropped) {
        writer.deleteDocuments(new Term(FILE, file));
      }
      commit();
      dropped.forEach(files::remove);
      return dropped.size();
    } catch (IOException e) {
      throw storage("clean", e);
    }
  }

  private void commit() throws IOException {
    writer.commit();
    searchers.maybeRefreshBlocking();
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
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(query, search.k());
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<TextHit> hits = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc hit : top.scoreDocs) {
          LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
          NumericDocValues rowIds = leaf.reader().getNumericDocValues(ROWID);
          rowIds.advanceExact(hit.doc - leaf.docBase);
          hits.add(new TextHit(rowIds.longValue(), hit.score));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    } catch (IndexSearcher.TooManyClauses e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot search for '%s': it expands to more than %d terms (use a longer prefix)",
          search.query(),
          IndexSearcher.getMaxClauseCount());
    } catch (IOException e) {
      throw storage("search", e);
    }
  }

  /** How many rows (documents with text) the index holds, deleted ones not counted. */
  public int rows() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.count(new org.apache.lucene.search.FieldExistsQuery(TEXT));
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw storage("count", e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  private SheafException storage(String verb, IOException e) {
    return new SheafException(
        ErrorCode.STORAGE_ERROR,
        "Cannot " + verb + " the full-text index in " + directory + ": " + e.getMessage(),
        e);
  }

  @Override
  public synchronized void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
      analyzer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
