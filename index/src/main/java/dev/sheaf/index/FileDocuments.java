package dev.sheaf.index;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene directory of one index, keyed by data file, as the vector and full-text indexes share
 * it: a document per row of a data file (fields {@value #FILE}, {@value #POSITION}, {@value
 * #ROWID}, plus the index's own), one marker document per file (so a file whose cells are all NULL
 * counts as indexed), the set of files indexed, commits carrying the index's format version in
 * their user data (checked at open), and searchers refreshed after each commit.
 */
public final class FileDocuments implements AutoCloseable {
  public static final String FILE = "file";
  public static final String ROWID = "rowid";
  public static final String POSITION = "pos";

  /** Told of every commit (and, at open, of the commit the index opened), under the lock. */
  public interface CommitListener {
    CommitListener NONE = directory -> {};

    void committed(Directory directory);
  }

  /** Runs with a searcher of the latest commit. */
  public interface SearcherWork<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  private final String kind;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final CommitListener listener;
  private final Set<String> files = new HashSet<>();

  private FileDocuments(
      String kind,
      Directory directory,
      String formatKey,
      String format,
      IndexWriterConfig config,
      CommitListener listener)
      throws IOException {
    this.kind = kind;
    this.directory = directory;
    this.listener = listener;
    boolean existed = DirectoryReader.indexExists(directory);
    if (existed) {
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        String found = reader.getIndexCommit().getUserData().get(formatKey);
        if (!format.equals(found)) {
          throw SheafException.of(
              ErrorCode.INTERNAL_ERROR,
              "Cannot open the %s in %s: format version expected %s, found %s (drop and create"
                  + " the index again)",
              kind,
              directory,
              format,
              found);
        }
      }
    }
    config.setCommitOnClose(false);
    this.writer = new IndexWriter(directory, config);
    writer.setLiveCommitData(Map.of(formatKey, format).entrySet());
    this.searchers =
        new SearcherManager(
            writer,
            new SearcherFactory() {
              @Override
              public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCache(null);
                return searcher;
              }
            });
    withSearcher(
        searcher -> {
          Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), FILE);
          if (terms != null) {
            TermsEnum names = terms.iterator();
            for (BytesRef name = names.next(); name != null; name = names.next()) {
              files.add(name.utf8ToString());
            }
          }
          return null;
        });
    if (existed) {
      listener.committed(directory);
    }
  }

  /**
   * Opens the {@code kind} ("vector index", "full-text index") in {@code path}, creating it when
   * there is none; its commits carry {@code formatKey} = {@code format}, and {@code listener} hears
   * of each (the warehouse copy's {@link dev.sheaf.index.store.IndexReplica#publish}).
   */
  public static FileDocuments open(
      Path path,
      String kind,
      String formatKey,
      String format,
      IndexWriterConfig config,
      CommitListener listener) {
    try {
      return new FileDocuments(kind, FSDirectory.open(path), formatKey, format, config, listener);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot open the " + kind + " in " + path + ": " + e.getMessage(),
          e);
    }
  }

  /** The data files indexed so far. */
  public synchronized Set<String> files() {
    return Set.copyOf(files);
  }

  /** Whether every one of these files is indexed. */
  public synchronized boolean covers(Collection<String> wanted) {
    return files.containsAll(wanted);
  }

  /** Starts a data file: removes the documents it had and adds its marker. */
  public synchronized void startFile(String file) {
    try {
      writer.deleteDocuments(new Term(FILE, file));
      Document marker = new Document();
      marker.add(new KeywordField(FILE, file, Field.Store.NO));
      marker.add(new NumericDocValuesField(ROWID, -1));
      writer.addDocument(marker);
    } catch (IOException e) {
      throw storage("add to", e);
    }
  }

  /** A row's document with its file, position and row id: the index adds its own field. */
  public static Document row(String file, long position, long rowId) {
    Document row = new Document();
    row.add(new KeywordField(FILE, file, Field.Store.NO));
    row.add(new NumericDocValuesField(POSITION, position));
    row.add(new NumericDocValuesField(ROWID, rowId));
    return row;
  }

  public void add(Document row) {
    try {
      writer.addDocument(row);
    } catch (IOException e) {
      throw storage("add to", e);
    }
  }

  /** Commits what was added: these files are indexed from now on. */
  public synchronized void commitFiles(Collection<String> appended) {
    try {
      commit();
      files.addAll(appended);
    } catch (IOException e) {
      throw storage("commit", e);
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
    listener.committed(directory);
  }

  public <T> T withSearcher(SearcherWork<T> work) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return work.run(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw storage("search", e);
    }
  }

  /** STORAGE_ERROR: "Cannot {verb} the {kind} in {directory}: ...". */
  public SheafException storage(String verb, IOException e) {
    return new SheafException(
        ErrorCode.STORAGE_ERROR,
        "Cannot " + verb + " the " + kind + " in " + directory + ": " + e.getMessage(),
        e);
  }

  @Override
  public synchronized void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
