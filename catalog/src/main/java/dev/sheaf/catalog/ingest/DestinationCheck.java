package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.MediaStore;
import java.util.Optional;

/**
 * On resume, whether an object whose checkpoint was left pending (the run stopped between reading
 * it and recording its upload) is already at its destination: same size and the expected entity
 * tag, or else the same SHA-256 read back. If so it is not uploaded again.
 */
final class DestinationCheck {
  private final MediaStores stores;

  DestinationCheck(MediaStores stores) {
    this.stores = stores;
  }

  /** What the destination holds when it holds the pending copy's bytes. */
  Optional<BlobInfo> holds(PendingCopy pending) {
    MediaStore target = stores.storeFor(pending.destination());
    BlobInfo info;
    try {
      info = target.stat(pending.destination());
    } catch (SheafException e) {
      if (e.code() == ErrorCode.MEDIA_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    if (info.size() != pending.size()) {
      return Optional.empty();
    }
    if (pending.expectedEtag() != null && pending.expectedEtag().equalsIgnoreCase(info.etag())) {
      return Optional.of(info);
    }
    return pending.sha256().equals(ObjectCopier.sha256(target, info.pin()))
        ? Optional.of(info)
        : Optional.empty();
  }
}
