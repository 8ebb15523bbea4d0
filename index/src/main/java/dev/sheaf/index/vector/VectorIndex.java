package dev.sheaf.index.vector;

import dev.sheaf.index.FileDocuments;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * One HNSW index of one VECTOR column, in a Lucene directory of its own ({@link FileDocuments}): a
 * document is a row of a data file (fields {@code file}, {@code pos}, {@code rowid}, {@code
 * vector}), plus one document per file without a vector that marks the file as indexed (files with
 * only NULL vectors included). Iceberg never changes a data file, so a version of the table is
 * exactly a set of files: a search names the files of the version it reads, and rows deleted or
 * rewritten by later versions (or added by them) are not visible to it; documents of files no
 * retained version holds are removed by {@link #retainOnly}. Commits carry the format version in
 * their user data ({@value #FORMAT}), checked when the index opens.
 */
public final class VectorIndex implements AutoCloseable {
  static final String VECTOR = "vector";
  static final String FORMAT_KEY = "sheaf.vector-index.format";
  static final String FORMAT = "1";

  private final HnswSettings settings;
  private final FileDocuments documents;

  private VectorIndex(HnswSettings settings, FileDocuments documents) {
    this.settings = settings;
    this.documents = documents;
  }

  /** Opens the index in {@code path}, creating it when there is none. */
  public static VectorIndex open(Path path, HnswSettings settings) {
    return open(path, settings, FileDocuments.CommitListener.NONE);
  }

  /** Opens the index in {@code path}, telling {@code listener} of every commit. */
  public static VectorIndex open(
      Path path, HnswSettings settings, FileDocuments.CommitListener listener) {
    IndexWriterConfig config = new IndexWriterConfig();
    config.setCodec(
        new Lucene104Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return settings.quantization().format(settings.m(), settings.efConstruction());
          }
        });
    config.setRAMBufferSizeMB(256);
    return new VectorIndex(
        settings, FileDocuments.open(path, "vector index", FORMAT_KEY, FORMAT, config, listener));
  }

  public HnswSettings settings() {
    return settings;
  }

  /** The data files indexed so far. */
  public Set<String> files() {
    return documents.files();
  }

  /** Whether every one of these files is indexed. */
  public boolean covers(Collection<String> wanted) {
    return documents.covers(wanted);
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
      Document row = FileDocuments.row(file, at, rowId);
      row.add(new KnnFloatVectorField(VECTOR, stored, settings.metric().similarity()));
      documents.add(row);
    }
  }

  /** Removes the documents of every file not in {@code kept}; returns how many files it dropped. */
  public int retainOnly(Set<String> kept) {
    return documents.retainOnly(kept);
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
    return documents.withSearcher(
        searcher -> {
          KnnFloatVectorQuery knn =
              new KnnFloatVectorQuery(
                  VECTOR, query, candidates, new VisibleRowsQuery(search.files(), search.rowIds()));
          TopDocs top = searcher.search(knn, candidates);
          List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
          ScoreDoc[] ranked =
              settings.quantization() == VectorQuantization.NONE
                  ? top.scoreDocs
                  : rescored(top.scoreDocs, leaves, query);
          List<VectorHit> hits = new ArrayList<>();
          for (ScoreDoc hit : ranked) {
            if (hits.size() == search.k()) {
              break;
            }
            LeafReaderContext context = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
            hits.add(hit(context, hit.doc - context.docBase, hit.score));
          }
          return hits;
        });
  }

  /**
   * The candidates of a quantized graph, scored again with their float vectors (which the quantized
   * formats keep) and sorted best first: the graph's own scores are only as fine as its bits.
   */
  private ScoreDoc[] rescored(ScoreDoc[] candidates, List<LeafReaderContext> leaves, float[] query)
      throws IOException {
    ScoreDoc[] rescored = new ScoreDoc[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      ScoreDoc candidate = candidates[i];
      LeafReaderContext context = leaves.get(ReaderUtil.subIndex(candidate.doc, leaves));
      FloatVectorValues vectors = context.reader().getFloatVectorValues(VECTOR);
      KnnVectorValues.DocIndexIterator iterator = vectors.iterator();
      iterator.advance(candidate.doc - context.docBase);
      float score =
          settings.metric().similarity().compare(query, vectors.vectorValue(iterator.index()));
      rescored[i] = new ScoreDoc(candidate.doc, score);
    }
    java.util.Arrays.sort(rescored, (a, b) -> Float.compare(b.score, a.score));
    return rescored;
  }

  /** How many rows (documents with a vector) the index holds, deleted ones not counted. */
  public int rows() {
    return documents.withSearcher(
        searcher -> {
          int rows = 0;
          for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            var vectors = leaf.reader().getFloatVectorValues(VECTOR);
            if (vectors == null) {
              continue;
            }
            var live = leaf.reader().getLiveDocs();
            var iterator = vectors.iterator();
            for (int doc = iterator.nextDoc();
                doc != DocIdSetIterator.NO_MORE_DOCS;
                doc = iterator.nextDoc()) {
              if (live == null || live.get(doc)) {
                rows++;
              }
            }
          }
          return rows;
        });
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

  @Override
  public void close() {
    documents.close();
  }

  /** The row id, file and position doc values of a hit, read in its segment. */
  private static VectorHit hit(LeafReaderContext context, int doc, float score) {
    try {
      NumericDocValues rowIds = context.reader().getNumericDocValues(FileDocuments.ROWID);
      NumericDocValues positions = context.reader().getNumericDocValues(FileDocuments.POSITION);
      SortedSetDocValues files = context.reader().getSortedSetDocValues(FileDocuments.FILE);
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
