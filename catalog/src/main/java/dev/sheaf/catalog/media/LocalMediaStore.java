package dev.sheaf.catalog.media;

import static dev.sheaf.spi.error.ErrorCode.MEDIA_CHANGED;
import static dev.sheaf.spi.error.ErrorCode.MEDIA_NOT_FOUND;
import static dev.sheaf.spi.error.ErrorCode.MEDIA_UNAVAILABLE;

import dev.sheaf.catalog.iceberg.FileSync;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Media on local disk ({@code file://} URIs) under the configured {@link FileRoots}.
 *
 * <p>The entity tag is {@link LocalEtag}: a hash of the size, the modification time in nanoseconds
 * and the file key (device and inode), so it changes when a file is replaced (a new inode) or
 * rewritten in place (a new modification time), without reading the bytes. Local files keep no
 * versions: a pin has no version id, and {@link #open} fails with MEDIA_CHANGED when the file is
 * not the pinned one. Writes go to a temporary file in the same directory and are renamed over the
 * target, so readers see the old bytes or the new ones, never a part. Listing walks the directory
 * tree for each page (pages are in URI order; the page token is the last URI returned). Local files
 * cannot be presigned.
 */
public final class LocalMediaStore implements MediaStore {
  private final FileRoots roots;

  public LocalMediaStore(FileRoots roots) {
    this.roots = roots;
  }

  @Override
  public boolean serves(URI uri) {
    return "file".equalsIgnoreCase(uri.getScheme());
  }

  @Override
  public BlobInfo stat(URI uri) {
    return describe(uri, roots.resolve(uri));
  }

  private static BlobInfo describe(URI uri, Path file) {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        throw SheafException.of(
            MEDIA_NOT_FOUND, "Cannot read media %s: it is not a regular file (name a file)", uri);
      }
      return new BlobInfo(
          uri,
          attributes.size(),
          LocalEtag.of(attributes),
          null,
          attributes.lastModifiedTime().toInstant());
    } catch (NoSuchFileException e) {
      throw SheafException.of(
          MEDIA_NOT_FOUND, "Cannot read media %s: the file does not exist (check the path)", uri);
    } catch (IOException e) {
      throw unavailable(uri, e);
    }
  }

  /**
   * The pinned object's file, for readers that take a path (FFmpeg): checked against the pin like
   * {@link #open} (MEDIA_CHANGED when it was replaced or rewritten since, MEDIA_NOT_FOUND when it
   * is gone).
   */
  public Path file(BlobPin pin) {
    Path file = roots.resolve(pin.uri());
    BlobInfo now = describe(pin.uri(), file);
    if (now.size() != pin.size() || !now.etag().equals(pin.etag())) {
      throw SheafException.of(
          MEDIA_CHANGED,
          "Cannot read media %s: the file changed since it was pinned (size %d, now %d;"
              + " re-insert the row to pin the new file)",
          pin.uri(),
          pin.size(),
          now.size());
    }
    return file;
  }

  @Override
  public InputStream open(BlobPin pin, ByteRange range) {
    Path file = roots.resolve(pin.uri());
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      BlobInfo now = describe(pin.uri(), file);
      if (now.size() != pin.size() || !now.etag().equals(pin.etag())) {
        throw SheafException.of(
            MEDIA_CHANGED,
            "Cannot read media %s: the file changed since it was pinned (size %d, now %d;"
                + " re-insert the row to pin the new file)",
            pin.uri(),
            pin.size(),
            now.size());
      }
      channel.position(range.offset());
      InputStream stream = Channels.newInputStream(channel);
      return range.length() < 0 ? stream : new RangeStream(stream, range.length());
    } catch (NoSuchFileException e) {
      close(channel);
      throw SheafException.of(
          MEDIA_NOT_FOUND,
          "Cannot read media %s: the file does not exist (check the path)",
          pin.uri());
    } catch (IOException e) {
      close(channel);
      throw unavailable(pin.uri(), e);
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  @Override
  public ListingPage list(URI prefix, String pageToken, int pageSize) {
    String text = prefix.toString();
    Path named = roots.resolve(prefix);
    Path directory = text.endsWith("/") ? named : named.getParent();
    if (directory == null || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return new ListingPage(List.of(), null);
    }
    // Entries keep the caller's spelling of the prefix (file:/x/ or file:///x/), as keys do.
    String base = text.substring(0, text.lastIndexOf('/') + 1);
    String directoryText = directory.toUri().toString();
    String start =
        text.endsWith("/")
            ? ""
            : directory
                .resolve(named.getFileName())
                .toUri()
                .toString()
                .substring(directoryText.length());
    try (Stream<Path> files = Files.walk(directory)) {
      List<URI> keys =
          files
              .filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
              .map(path -> path.toUri().toString().substring(directoryText.length()))
              .filter(relative -> relative.startsWith(start))
              .map(relative -> URI.create(base + relative))
              .filter(uri -> pageToken == null || uri.toString().compareTo(pageToken) > 0)
              .sorted(java.util.Comparator.comparing(URI::toString))
              .limit(pageSize + 1L)
              .toList();
      List<BlobInfo> entries =
          keys.stream().limit(pageSize).map(uri -> describe(uri, Path.of(uri))).toList();
      String next = keys.size() > pageSize ? entries.getLast().uri().toString() : null;
      return new ListingPage(entries, next);
    } catch (IOException e) {
      throw unavailable(prefix, e);
    }
  }

  @Override
  public BlobInfo write(URI uri, InputStream bytes, long length, String contentType) {
    Path file = roots.resolve(uri);
    Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID());
    try {
      // durable before the commit of the rows that name it (FileSync)
      FileSync.createDirectories(file.getParent());
      Files.copy(bytes, temporary);
      FileSync.file(temporary);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      FileSync.directoryOf(file);
      return describe(uri, file);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the temporary file is named uniquely; a leftover one is never read
      }
      throw SheafException.of(
          MEDIA_UNAVAILABLE,
          "Cannot write media %s: %s (check the directory's permissions and free space)",
          uri,
          e.getClass().getSimpleName());
    }
  }

  @Override
  public void delete(URI uri) {
    try {
      Files.deleteIfExists(roots.resolve(uri));
    } catch (IOException e) {
      throw SheafException.of(
          MEDIA_UNAVAILABLE,
          "Cannot delete media %s: %s (check the directory's permissions)",
          uri,
          e.getClass().getSimpleName());
    }
  }

  @Override
  public Optional<URI> presign(BlobPin pin, Duration validFor) {
    return Optional.empty();
  }

  @Override
  public void close() {}

  private static SheafException unavailable(URI uri, IOException e) {
    return SheafException.of(
        MEDIA_UNAVAILABLE,
        "Cannot read media %s: %s (check the file's permissions)",
        uri,
        e.getClass().getSimpleName());
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was read from it
      }
    }
  }
}
