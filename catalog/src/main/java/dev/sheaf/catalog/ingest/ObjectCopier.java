package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.ObjectUploads;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Copies one object: reads it from its source store under its pin (an object whose size or entity
 * tag changed since the listing is {@code MEDIA_CHANGED}, never other bytes), computing its SHA-256
 * while reading, tells the checkpoint what is about to be written ({@link PendingCopy}), writes it,
 * and checks what the destination stored.
 *
 * <ul>
 *   <li>Up to {@code partBytes}: held in memory, sent in one PUT with Content-MD5 to a store with
 *       {@link ObjectUploads} (S3, B2), whose answer's entity tag must be that MD5; other stores
 *       (local) get a plain write and the written bytes are read back and hashed.
 *   <li>Larger, to {@link ObjectUploads}: a multipart upload, each part sent with its MD5 as it is
 *       read; the object's tag must be the multipart form (MD5 of the part MD5s, '-', count). An
 *       upload that fails is aborted.
 *   <li>Larger, to other stores: read twice, once to hash and once to write, then read back.
 * </ul>
 *
 * <p>Reading and writing are limited apart: at most {@code concurrency} objects are being read and
 * as many written, so the GET of one object overlaps the PUT of another, as a streaming copier
 * overlaps the two halves of each copy; an object's bytes wait in memory between the two (at most
 * twice {@code concurrency} objects of at most {@code partBytes}).
 *
 * <p>A destination tag other than the expected one (SSE-KMS, some providers, S3-compatible servers
 * that tag multipart objects with the whole MD5) makes the copier read the object back and compare
 * SHA-256s. A difference is {@code CHECKSUM_MISMATCH}.
 */
final class ObjectCopier {
  private static final int BUFFER = 64 << 10;

  private final MediaStores stores;
  private final MigrationSettings settings;

  /** Objects being read, at most {@code concurrency}. */
  private final Semaphore reads;

  /** Objects being written, at most {@code concurrency}. */
  private final Semaphore writes;

  ObjectCopier(MediaStores stores, MigrationSettings settings) {
    this.stores = stores;
    this.settings = settings;
    this.reads = new Semaphore(settings.concurrency());
    this.writes = new Semaphore(settings.concurrency());
  }

  /** Copies {@code object} to {@code destination}; {@code pending} runs before the write. */
  CopiedObject copy(SourceObject object, URI destination, PendingSink pending) {
    MediaStore source = stores.storeFor(object.uri());
    MediaStore target = stores.storeFor(destination);
    BlobPin pin = object.described() ? object.pin() : source.stat(object.uri()).pin();
    String contentType = URLConnection.guessContentTypeFromName(object.key());
    if (pin.size() <= settings.partBytes()) {
      return copySmall(source, target, pin, destination, contentType, pending);
    }
    reads.acquireUninterruptibly();
    writes.acquireUninterruptibly(); // reads before writes everywhere: no cycle
    try {
      if (target instanceof ObjectUploads uploads) {
        return copyMultipart(source, uploads, pin, destination, contentType, pending);
      }
      return copyTwice(source, target, pin, destination, contentType, pending);
    } finally {
      writes.release();
      reads.release();
    }
  }

  /** Receives an object's pending checkpoint; returns once it is durable. */
  @FunctionalInterface
  interface PendingSink {
    void pending(PendingCopy copy);
  }

  private CopiedObject copySmall(
      MediaStore source,
      MediaStore target,
      BlobPin pin,
      URI destination,
      String contentType,
      PendingSink pending) {
    byte[] bytes;
    reads.acquireUninterruptibly();
    try {
      bytes = readAll(source, pin);
    } finally {
      reads.release();
    }
    writes.acquireUninterruptibly();
    try {
      return writeSmall(target, pin, bytes, destination, contentType, pending);
    } finally {
      writes.release();
    }
  }

  private CopiedObject writeSmall(
      MediaStore target,
      BlobPin pin,
      byte[] bytes,
      URI destination,
      String contentType,
      PendingSink pending) {
    String sha256 = ObjectDigest.hex(ObjectDigest.sha256().update(bytes).finish());
    if (target instanceof ObjectUploads uploads) {
      byte[] md5 = ObjectDigest.md5().update(bytes).finish();
      String expected = ObjectDigest.hex(md5);
      pending.pending(
          new PendingCopy(pin.uri(), pin.etag(), destination, bytes.length, sha256, expected));
      BlobInfo stored = uploads.put(destination, bytes, md5, contentType);
      return checked(target, stored, pin, sha256, expected);
    }
    pending.pending(
        new PendingCopy(pin.uri(), pin.etag(), destination, bytes.length, sha256, null));
    BlobInfo stored =
        target.write(destination, new ByteArrayInputStream(bytes), bytes.length, contentType);
    return checked(target, stored, pin, sha256, null);
  }

  private CopiedObject copyMultipart(
      MediaStore source,
      ObjectUploads uploads,
      BlobPin pin,
      URI destination,
      String contentType,
      PendingSink pending) {
    String uploadId = uploads.startMultipart(destination, contentType);
    boolean completed = false;
    try (InputStream in = source.open(pin, ByteRange.ALL)) {
      ObjectDigest whole = ObjectDigest.sha256();
      List<byte[]> partMd5s = new ArrayList<>();
      List<String> partEtags = new ArrayList<>();
      long total = 0;
      while (true) {
        byte[] part = in.readNBytes(settings.partBytes());
        if (part.length == 0) {
          break;
        }
        total += part.length;
        whole.update(part);
        byte[] md5 = ObjectDigest.md5().update(part).finish();
        partMd5s.add(md5);
        partEtags.add(uploads.putPart(destination, uploadId, partEtags.size() + 1, part, md5));
      }
      if (total != pin.size()) {
        throw changed(pin, total);
      }
      String sha256 = ObjectDigest.hex(whole.finish());
      String expected = ObjectDigest.multipartEtag(partMd5s);
      pending.pending(new PendingCopy(pin.uri(), pin.etag(), destination, total, sha256, expected));
      BlobInfo stored = uploads.completeMultipart(destination, uploadId, partEtags, total);
      completed = true;
      return checked((MediaStore) uploads, stored, pin, sha256, expected);
    } catch (IOException e) {
      throw readFailure(pin, e);
    } finally {
      if (!completed) {
        abortQuietly(uploads, destination, uploadId);
      }
    }
  }

  private CopiedObject copyTwice(
      MediaStore source,
      MediaStore target,
      BlobPin pin,
      URI destination,
      String contentType,
      PendingSink pending) {
    String sha256 = sha256(source, pin);
    pending.pending(new PendingCopy(pin.uri(), pin.etag(), destination, pin.size(), sha256, null));
    try (InputStream in = source.open(pin, ByteRange.ALL)) {
      BlobInfo stored = target.write(destination, in, pin.size(), contentType);
      return checked(target, stored, pin, sha256, null);
    } catch (IOException e) {
      throw readFailure(pin, e);
    }
  }

  /** The copy when the destination holds the bytes read; CHECKSUM_MISMATCH otherwise. */
  private CopiedObject checked(
      MediaStore target, BlobInfo stored, BlobPin source, String sha256, String expectedEtag) {
    boolean same =
        stored.size() == source.size()
            && ((expectedEtag != null && expectedEtag.equalsIgnoreCase(stored.etag()))
                || sha256.equals(sha256(target, stored.pin())));
    if (!same) {
      throw IngestErrors.checksumMismatch(source.uri(), stored.uri());
    }
    return new CopiedObject(source.uri(), stored, sha256);
  }

  private static byte[] readAll(MediaStore store, BlobPin pin) {
    try (InputStream in = store.open(pin, ByteRange.ALL)) {
      byte[] bytes = in.readNBytes((int) pin.size() + 1);
      if (bytes.length != pin.size()) {
        throw changed(pin, bytes.length);
      }
      return bytes;
    } catch (IOException e) {
      throw readFailure(pin, e);
    }
  }

  /** The SHA-256 of a pinned object's bytes, in hex. */
  static String sha256(MediaStore store, BlobPin pin) {
    ObjectDigest digest = ObjectDigest.sha256();
    long total = 0;
    try (InputStream in = store.open(pin, ByteRange.ALL)) {
      byte[] buffer = new byte[BUFFER];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
        total += n;
      }
    } catch (IOException e) {
      throw readFailure(pin, e);
    }
    if (total != pin.size()) {
      throw changed(pin, total);
    }
    return ObjectDigest.hex(digest.finish());
  }

  private static SheafException changed(BlobPin pin, long read) {
    return SheafException.of(
        ErrorCode.MEDIA_CHANGED,
        "Cannot copy %s: it was listed with %d bytes and %d were read (it changed during the"
            + " copy; run the migration again to copy the new bytes)",
        SourceUris.display(pin.uri()),
        pin.size(),
        read);
  }

  private static SheafException readFailure(BlobPin pin, IOException e) {
    return new SheafException(
        ErrorCode.MEDIA_UNAVAILABLE,
        String.format(
            "Cannot copy %s: reading it failed (%s; try again)",
            SourceUris.display(pin.uri()), e.getClass().getSimpleName()),
        e);
  }

  private static void abortQuietly(ObjectUploads uploads, URI destination, String uploadId) {
    try {
      uploads.abortMultipart(destination, uploadId);
    } catch (RuntimeException e) {
      // the parts of an upload never completed are not an object; a lifecycle rule drops them
    }
  }
}
