package dev.sheaf.catalog.sources;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;

/** The reader of a source, by its URI's scheme: PostgreSQL, or CSV / Parquet files. */
public final class SourceReaders {
  private SourceReaders() {}

  /** Checks a source at CREATE SOURCE, before it is stored. */
  public static void check(SourceDefinition source) {
    switch (scheme(source.uri())) {
      case "postgresql", "postgres" -> PostgresSource.check(source.uri(), source.table());
      case "file", "s3" -> {
        if (source.table() != null) {
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Cannot create a file source with TABLE: the files are the table (remove TABLE %s)",
              source.table());
        }
        FileSource.check(source.uri());
      }
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Cannot create a source from '%s': use postgresql://host:port/db with TABLE,"
                  + " file:///dir/*.csv|*.parquet or s3://bucket/prefix/*.csv|*.parquet",
              source.uri());
    }
    if (source.credentials() != null) {
      SourceProfiles.checkName(source.credentials());
    }
  }

  public static SourceReader open(
      SourceDefinition source,
      SourceProfiles profiles,
      MediaStores media,
      BufferAllocator allocator) {
    return switch (scheme(source.uri())) {
      case "postgresql", "postgres" ->
          new PostgresSource(source, profiles.credentials(source.credentials()));
      default -> new FileSource(source, media, allocator);
    };
  }

  /** Where a source's rows come from, as provenance records it (no user, no secret). */
  public static String origin(SourceDefinition source) {
    return switch (scheme(source.uri())) {
      case "postgresql", "postgres" -> new PostgresSource(source, SourceCredentials.NONE).origin();
      default -> source.uri();
    };
  }

  private static String scheme(String uri) {
    int colon = uri.indexOf("://");
    return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }
}
