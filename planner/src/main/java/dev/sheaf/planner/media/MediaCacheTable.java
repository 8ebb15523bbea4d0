package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.MediaReadStatistics;
import dev.sheaf.catalog.media.MediaStores;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code sys.media_cache}: one row of the media registry's read statistics since the server started
 * (read_count, bytes_read) and the media cache's (hits, misses, bytes held, byte budget).
 */
public final class MediaCacheTable extends AbstractTable implements ScannableTable {
  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("read_count", SqlTypeName.BIGINT)
        .add("bytes_read", SqlTypeName.BIGINT)
        .add("hits", SqlTypeName.BIGINT)
        .add("misses", SqlTypeName.BIGINT)
        .add("cached_bytes", SqlTypeName.BIGINT)
        .add("budget_bytes", SqlTypeName.BIGINT)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    MediaStores stores = MediaAccess.of(root).stores();
    MediaReadStatistics stats = stores.statistics();
    Object[] row = {
      stats.reads(),
      stats.bytesRead(),
      stats.cacheHits(),
      stats.cacheMisses(),
      stats.cachedBytes(),
      stores.config().cacheBytes()
    };
    return Linq4j.asEnumerable(List.<Object[]>of(row));
  }
}
