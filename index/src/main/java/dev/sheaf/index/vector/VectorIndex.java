package dev.sheaf.index.vector;

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
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One HNSW index of one VECTOR column, in a Lucene directory of its own. A document is a row of a
 * data file (fields {@code file}, {@code pos}, {@code rowid}, {@code vector}), plus one document
 * per file without a vector that marks the file as indexed (files with only NULL vectors included).
 * Iceberg never changes a data file, so a version of the table is exactly a set of files: a search
 * names the files of the version it reads, and rows deleted or rewritten by later versions (or
 * added by them) are not visible to it; documents of files no retained version holds are removed by
 * {@link #retainOnly}. Commits carry the format version in their user data ({@value #FORMAT}),
 * checked when the index opens.
 */
public final class VectorIndex implements AutoCloseable {
  static final String FILE = "file";
  static final String ROWID = "rowid";
  static final String POSITION = "pos";
  static final String VECTOR = "vector";
  static final String FORMAT_KEY = "sheaf.vector-index.format";
  static final String FORMAT = "1";

  private final HnswSettings settings;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Set<String> files = new HashSet<>();

  private VectorIndex(HnswSettings settings, Directory directory) throws IOException {
    this.settings = settings;
    this.directory = directory;
    if (DirectoryReader.indexExists(directory)) {
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        String format = reader.getIndexCommit().getUserData().get(FORMAT_KEY);
        if (!FORMAT.equals(format)) {
          throw SheafException.of(
              ErrorCode.INTERNAL_ERROR,
              "Cannot open the vector index in %s: format version expected %s, found %s (drop and"
                  + " create the index again)",
              directory,
              FORMAT,
              format);
        }
      }
    }
    IndexWriterConfig config = new IndexWriterConfig();
    config.setCodec(
        new Lucene104Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return new Lucene99HnswVectorsFormat(settings.m(), settings.efConstruction());
          }
        });
    config.setCommitOnClose(false);
    config.setRAMBufferSizeMB(256);
    this.writer = new IndexWriter(directory, config);
    writer.setLiveCommitData(Map.of(FORMAT_KEY, FORMAT).entrySet());
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
  public static VectorIndex open(Path path, HnswSettings settings) {
    try {
      return new VectorIndex(settings, FSDirectory.open(path));
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot open the vector index in " + path + ": " + e.getMessage(),
          e);
    }
  }

  public HnswSettings settings() {
    return settings;
  }

  /** The data files indexed so far. */
  public synchronized Set<String> files() {
    return Set.copyOf(files);
  }

  /** Whether every one of these files is indexed. */
  public synchronized boolean covers(Collection<String> wanted) {
    return files.containsAll(wanted);
  }

  /** Adds the rows of data files (a file already indexed is indexed again) and commits. */
  public synchronized void add(List<FileVectors> added) {
    List<String> names = new ArrayList<>();
    for (FileVectors file : added) {
      FileAppender appender = appendFile(file.file());
      for (int i = 0; i < file.rowIds().length; i++) {
        appender.add(file.rowIds()[i], file.vectors()[i]);
      }
      names.add(file.file());
    }
    commitFiles(names);
  }

  /**
   * Starts indexing a data file's rows (any documents it had are replaced): add its rows in order,
   * then {@link #commitFiles} with its name. Lucene flushes its buffer as it fills, so a file of
   * any size streams through.
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

    /** The next row of the file: its row id and vector (null for a NULL cell: not indexed). */
    public void add(long rowId, float[] vector) {
      long at = position++;
      if (vector == null) {
        return;
      }
      checkDimension(vector.length, "index");
      float[] stored = settings.metric().prepare(vector);
      if (stored == null) {
        return;
      }
      Document row = new Document();
      row.add(new KeywordField(FILE, file, Field.Store.NO));
      row.add(new NumericDocValuesField(POSITION, at));
      row.add(new NumericDocValuesField(ROWID, rowId));
      row.add(new KnnFloatVectorField(VECTOR, stored, settings.metric().similarity()));
      try {
        writer.addDocument(row);
      } catch (IOException e) {
        throw storage("add to", e);
      }
    }
  }

  /** Removes the documents of every file not in {@code kept}; returns how many files it dropped. */
  public synchronized int retainOnly(Set<String> kept) {
    List<String> dropped = new ArrayList<>();
    for (String file : files) {
      if (!kept.contains(file)) {
        dropped.add(file);
      }
    }
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

  /**
   * The nearest rows among the search's visible ones, nearest first, at most k; null when the index
   * cannot answer (a zero query vector has no cosine distance to anything).
   */
  public List<VectorHit> search(VectorSearch search) {
    checkDimension(search.query().length, "search");
    float[] query = settings.metric().prepare(search.query());
    if (query == null) {
      return null;
    }
    int candidates = Math.max(search.k(), search.efSearch());
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        KnnFloatVectorQuery knn =
            new KnnFloatVectorQuery(
                VECTOR, query, candidates, new VisibleRowsQuery(search.files(), search.rowIds()));
        TopDocs top = searcher.search(knn, candidates);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<VectorHit> hits = new ArrayList<>();
        for (ScoreDoc hit : top.scoreDocs) {
          if (hits.size() == search.k()) {
            break;
          }
          int leaf = ReaderUtil.subIndex(hit.doc, leaves);
          LeafReaderContext context = leaves.get(leaf);
          hits.add(new DocValuesOfLeaf(context).hit(hit.doc - context.docBase, hit.score));
        }
        return hits;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw storage("search", e);
    }
  }

  /** How many rows (documents with a vector) the index holds, deleted ones not counted. */
  public int rows() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        int rows = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
          var vectors = leaf.reader().getFloatVectorValues(VECTOR);
          if (vectors == null) {
            continue;
          }
          var live = leaf.reader().getLiveDocs();
          var iterator = vectors.iterator();
          for (int doc = iterator.nextDoc();
              doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
              doc = iterator.nextDoc()) {
            if (live == null || live.get(doc)) {
              rows++;
            }
          }
        }
        return rows;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw storage("count", e);
    }
  }

  private void checkDimension(int dimension, String verb) {
    if (dimension != settings.dimension()) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot %s a vector of %d dimensions with an index of %d dimensions (the query vector"
              + " must have the column's dimension)",
          verb,
          dimension,
          settings.dimension());
    }
  }

  private SheafException storage(String verb, IOException e) {
    return new SheafException(
        ErrorCode.STORAGE_ERROR,
        "Cannot " + verb + " the vector index in " + directory + ": " + e.getMessage(),
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

  /** The row id, file and position doc values of one segment, read for the hits in it. */
  private static final class DocValuesOfLeaf {
    private final LeafReaderContext context;

    DocValuesOfLeaf(LeafReaderContext context) {
      this.context = context;
    }

    VectorHit hit(int doc, float score) {
      try {
        NumericDocValues rowIds = context.reader().getNumericDocValues(ROWID);
        NumericDocValues positions = context.reader().getNumericDocValues(POSITION);
        SortedSetDocValues files = context.reader().getSortedSetDocValues(FILE);
        rowIds.advanceExact(doc);
        positions.advanceExact(doc);
        files.advanceExact(doc);
        return new VectorHit(
            rowIds.longValue(),
            files.lookupOrd(files.nextOrd()).utf8ToString(),
            positions.longValue(),
            score);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
