package dev.sheaf.index.vector;

import dev.sheaf.index.FileDocuments;
import java.io.IOException;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The documents a search may return: rows of the table version's data files, whose row id the
 * statement's WHERE kept (when it has one). Handed to Lucene's KNN query as its filter, so the
 * graph search skips the other rows and still finds k matching ones (Lucene searches exactly when
 * the filter keeps few documents), and to a full-text query as a FILTER clause. Each segment's
 * matches are collected into a bit set once. Both indexes name the fields {@code file} and {@code
 * rowid} alike.
 */
public final class VisibleRowsQuery extends Query {
  private final Map<String, LongPredicate> files;
  private final RowIdSet rowIds;

  public VisibleRowsQuery(Map<String, LongPredicate> files, RowIdSet rowIds) {
    this.files = files;
    this.rowIds = rowIds;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
        if (everyDocument(context.reader())) {
          // no WHERE, no delete, every file of the segment in the version: nothing to collect
          // (deleted documents are skipped by the searcher, markers match no query)
          int maxDoc = context.reader().maxDoc();
          return new DefaultScorerSupplier(
              new ConstantScoreScorer(score(), scoreMode, DocIdSetIterator.all(maxDoc)));
        }
        FixedBitSet visible = visible(context.reader());
        if (visible == null) {
          return null;
        }
        int count = visible.cardinality();
        return new DefaultScorerSupplier(
            new ConstantScoreScorer(score(), scoreMode, new BitSetIterator(visible, count)));
      }

      @Override
      public boolean isCacheable(LeafReaderContext context) {
        return false;
      }
    };
  }

  /** Whether every document of the segment is visible: no row filter, no file hidden or hiding. */
  private boolean everyDocument(LeafReader reader) throws IOException {
    if (rowIds != null) {
      return false;
    }
    SortedSetDocValues fileValues = DocValues.getSortedSet(reader, FileDocuments.FILE);
    for (int ordinal = 0; ordinal < fileValues.getValueCount(); ordinal++) {
      if (files.get(fileValues.lookupOrd(ordinal).utf8ToString()) != VectorSearch.NOTHING_HIDDEN) {
        return false;
      }
    }
    return true;
  }

  private FixedBitSet visible(LeafReader reader) throws IOException {
    SortedSetDocValues fileValues = DocValues.getSortedSet(reader, FileDocuments.FILE);
    long ordinals = fileValues.getValueCount();
    // per file of the segment: null when the version does not hold it, else the rows deletes hide
    LongPredicate[] hidden = new LongPredicate[Math.toIntExact(ordinals)];
    boolean any = false;
    for (int ordinal = 0; ordinal < ordinals; ordinal++) {
      BytesRef term = fileValues.lookupOrd(ordinal);
      hidden[ordinal] = files.get(term.utf8ToString());
      any |= hidden[ordinal] != null;
    }
    if (!any) {
      return null;
    }
    NumericDocValues rowIdValues = DocValues.getNumeric(reader, FileDocuments.ROWID);
    Bits live = reader.getLiveDocs();
    FixedBitSet visible = new FixedBitSet(reader.maxDoc());
    for (int doc = fileValues.nextDoc(); doc != SortedSetDocValues.NO_MORE_DOCS; ) {
      LongPredicate fileHides = hidden[(int) fileValues.nextOrd()];
      if ((live == null || live.get(doc)) && fileHides != null && rowIdValues.advanceExact(doc)) {
        long rowId = rowIdValues.longValue();
        if (!fileHides.test(rowId) && (rowIds == null || rowIds.contains(rowId))) {
          visible.set(doc);
        }
      }
      doc = fileValues.nextDoc();
    }
    return visible;
  }

  @Override
  public void visit(QueryVisitor visitor) {
    visitor.visitLeaf(this);
  }

  @Override
  public String toString(String field) {
    return "VisibleRows(files="
        + files.size()
        + ", rows="
        + (rowIds == null ? "all" : rowIds.size())
        + ")";
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
