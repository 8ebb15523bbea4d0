package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ListingPage;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Parameter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code TABLE(list_objects('s3://bucket/prefix/', pattern => '*.jpg'))}: the objects under a
 * prefix, one row each (uri, size, etag, last_modified), read page by page from the store as the
 * query consumes them. The glob pattern matches the file name, or the path below the prefix when
 * the pattern has a '/'.
 */
public final class ObjectListing extends AbstractTable implements ScannableTable {
  /** Objects asked of the store per page. */
  static final int PAGE_SIZE = 1000;

  private final String prefix;
  private final String pattern;

  private ObjectListing(String prefix, String pattern) {
    this.prefix = prefix;
    this.pattern = pattern;
  }

  /** The table function's body. */
  public static ScannableTable listObjects(
      @Parameter(name = "prefix") String prefix,
      @Parameter(name = "pattern", optional = true) String pattern) {
    if (prefix == null) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot list objects: the prefix is NULL (give 'file:///dir/' or 's3://bucket/prefix/')");
    }
    return new ObjectListing(prefix, pattern);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("uri", SqlTypeName.VARCHAR)
        .add("size", SqlTypeName.BIGINT)
        .add("etag", SqlTypeName.VARCHAR)
        .add(
            "last_modified",
            factory.createTypeWithNullability(
                factory.createSqlType(SqlTypeName.TIMESTAMP, 3), true))
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    MediaStores stores = MediaAccess.of(root).stores();
    URI start = MediaStores.parse(prefix);
    PathMatcher matcher =
        pattern == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    boolean wholePath = pattern != null && pattern.contains("/");
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return Linq4j.iterableEnumerator(
            () -> new Pages(stores, start, prefix.length(), matcher, wholePath));
      }
    };
  }

  /** Rows of the listing, asking the store for the next page only when a page is used up. */
  private static final class Pages implements Iterator<Object[]> {
    private final MediaStores stores;
    private final URI prefix;
    private final int prefixLength;
    private final PathMatcher matcher;
    private final boolean wholePath;
    private Iterator<BlobInfo> page = List.<BlobInfo>of().iterator();
    private String token;
    private boolean last;
    private Object[] next;

    Pages(
        MediaStores stores, URI prefix, int prefixLength, PathMatcher matcher, boolean wholePath) {
      this.stores = stores;
      this.prefix = prefix;
      this.prefixLength = prefixLength;
      this.matcher = matcher;
      this.wholePath = wholePath;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (page.hasNext()) {
          BlobInfo info = page.next();
          if (matches(info.uri().toString())) {
            next =
                new Object[] {
                  info.uri().toString(),
                  info.size(),
                  info.etag(),
                  info.lastModified() == null ? null : info.lastModified().toEpochMilli()
                };
          }
        } else if (last) {
          return false;
        } else {
          ListingPage listed = stores.list(prefix, token, PAGE_SIZE);
          page = listed.entries().iterator();
          token = listed.nextPageToken();
          last = token == null;
        }
      }
      return true;
    }

    private boolean matches(String uri) {
      if (matcher == null) {
        return true;
      }
      String below = uri.length() > prefixLength ? uri.substring(prefixLength) : uri;
      String name = wholePath ? below : below.substring(below.lastIndexOf('/') + 1);
      return !name.isEmpty()
          && matcher.matches(
              Path.of(java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Object[] row = next;
      next = null;
      return row;
    }
  }
}
