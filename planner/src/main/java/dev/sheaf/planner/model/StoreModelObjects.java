package dev.sheaf.planner.model;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.compute.model.ModelObjects;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Model files read from the engine's S3 profiles: the S3 store of the media registry (the media-s3
 * profiles, read directly rather than through the media cache, since the model cache keeps the
 * file), then the warehouse's own S3 connection for objects of the warehouse's bucket (a warehouse
 * given with {@code --s3-*} settings rather than as a media profile).
 */
public final class StoreModelObjects implements ModelObjects, AutoCloseable {
  private final MediaStores stores;
  private final S3MediaStore warehouse;

  /**
   * @param warehouse the catalog's warehouse location and S3 settings, or null when the engine has
   *     no S3 warehouse
   */
  public StoreModelObjects(MediaStores stores, CatalogConfig warehouse) {
    this.stores = stores;
    this.warehouse = warehouseStore(warehouse);
  }

  private static S3MediaStore warehouseStore(CatalogConfig config) {
    if (config == null
        || config.s3() == null
        || config.warehouse() == null
        || !config.warehouse().toLowerCase(Locale.ROOT).startsWith("s3://")) {
      return null;
    }
    String bucket = URI.create(config.warehouse()).getHost();
    if (bucket == null) {
      return null;
    }
    S3Settings s3 = config.s3();
    return new S3MediaStore(
        List.of(
            new S3MediaProfile(
                "warehouse",
                S3MediaProfile.Kind.S3,
                s3.endpoint() == null ? null : URI.create(s3.endpoint()),
                s3.region(),
                s3.accessKeyId(),
                s3.secretAccessKey(),
                s3.pathStyleAccess(),
                List.of(bucket),
                s3.maxAttempts())));
  }

  private MediaStore store(URI uri) {
    try {
      MediaStore store = stores.storeFor(uri);
      if (store instanceof S3MediaStore) {
        return store;
      }
    } catch (SheafException e) {
      // no media store serves it: the warehouse's may
    }
    return warehouse != null && warehouse.serves(uri) ? warehouse : null;
  }

  @Override
  public boolean serves(URI uri) {
    return store(uri) != null;
  }

  @Override
  public Version stat(URI uri) {
    BlobInfo info = Objects.requireNonNull(store(uri), "no S3 store").stat(uri);
    return new Version(info.etag() == null ? "" : info.etag(), info.size());
  }

  @Override
  public void download(URI uri, Version version, Path target) {
    MediaStore store = Objects.requireNonNull(store(uri), "no S3 store");
    BlobInfo info = store.stat(uri);
    if (!Objects.equals(info.etag() == null ? "" : info.etag(), version.etag())) {
      throw SheafException.of(
          ErrorCode.MODEL_LOAD_ERROR, "%s changed while it was being read; try again", uri);
    }
    try (InputStream in = store.open(info.pin(), ByteRange.ALL)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR, "Cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (warehouse != null) {
      warehouse.close();
    }
  }
}
