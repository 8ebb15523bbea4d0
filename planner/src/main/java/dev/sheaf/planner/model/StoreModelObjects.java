package dev.sheaf.planner.model;

import dev.sheaf.catalog.media.MediaStores;
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
import java.util.Objects;

/**
 * Model files read from the engine's S3 profiles (the media configuration's, which the warehouse
 * shares): the S3 store of the media registry, read directly rather than through the media cache
 * (the model cache keeps the file).
 */
public final class StoreModelObjects implements ModelObjects {
  private final MediaStores stores;

  public StoreModelObjects(MediaStores stores) {
    this.stores = stores;
  }

  private MediaStore store(URI uri) {
    try {
      MediaStore store = stores.storeFor(uri);
      return store instanceof S3MediaStore ? store : null;
    } catch (SheafException e) {
      return null;
    }
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
}
