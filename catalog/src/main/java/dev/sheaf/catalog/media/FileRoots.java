package dev.sheaf.catalog.media;

import static dev.sheaf.spi.error.ErrorCode.MEDIA_ACCESS_DENIED;

import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The directories {@code file://} media may live in. A URI is refused with MEDIA_ACCESS_DENIED when
 * it is not an absolute {@code file:} URI, when its raw path holds an encoded dot, slash or
 * backslash ({@code %2e}, {@code %2f}, {@code %5c}), when it has a {@code ..} or {@code .} segment,
 * when it lies outside every root, when the real path of the file (or of its nearest existing
 * parent, for a file not written yet) leaves the root through a symbolic link, or when it is one of
 * Sheaf's own files in the data directory ({@link #SHEAF_FILES}: the catalog database, the
 * warehouse, the caches, the ticket key), which a media root that is the data directory holds too.
 */
public final class FileRoots {
  /** What Sheaf keeps in its data directory, never media: read neither directly nor by a link. */
  public static final List<String> SHEAF_FILES =
      List.of(
          "catalog.db",
          "catalog.db-wal",
          "catalog.db-shm",
          "catalog.db-journal",
          "warehouse",
          "warehouse-cache",
          "media-cache",
          "kept-results",
          "models",
          "ticket.key");

  private final List<Path> roots;
  private final List<Path> realRoots;
  private final List<Path> sheafFiles;

  /** Roots with no Sheaf files among them. */
  public FileRoots(List<Path> roots) {
    this(roots, null);
  }

  /**
   * @param dataDirectory Sheaf's data directory, whose {@link #SHEAF_FILES} are refused whatever
   *     the roots; null for none
   */
  public FileRoots(List<Path> roots, Path dataDirectory) {
    List<Path> given = new ArrayList<>();
    List<Path> real = new ArrayList<>();
    for (Path root : roots) {
      Path absolute = root.toAbsolutePath().normalize();
      given.add(absolute);
      try {
        real.add(Files.exists(absolute) ? absolute.toRealPath() : absolute);
      } catch (IOException e) {
        throw new SheafException(
            dev.sheaf.spi.error.ErrorCode.INVALID_CONFIGURATION,
            "Cannot use media root " + absolute + ": " + e.getClass().getSimpleName(),
            e);
      }
    }
    this.roots = List.copyOf(given);
    this.realRoots = List.copyOf(real);
    List<Path> own = new ArrayList<>();
    if (dataDirectory != null) {
      Path data = dataDirectory.toAbsolutePath().normalize();
      Path realData = data;
      try {
        realData = Files.exists(data) ? data.toRealPath() : data;
      } catch (IOException e) {
        // keep the absolute form
      }
      for (String name : SHEAF_FILES) {
        own.add(data.resolve(name));
        own.add(realData.resolve(name));
      }
    }
    this.sheafFiles = List.copyOf(own);
  }

  /** The roots, absolute. */
  public List<Path> roots() {
    return roots;
  }

  /** The file a URI names, checked to lie inside a root. */
  public Path resolve(URI uri) {
    if (!"file".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque() || uri.getRawPath() == null) {
      throw denied(uri, "it is not an absolute file: URI");
    }
    String raw = uri.getRawPath().toLowerCase(Locale.ROOT);
    if (raw.contains("%2e") || raw.contains("%2f") || raw.contains("%5c") || raw.contains("%00")) {
      throw denied(uri, "it holds an encoded dot, slash or backslash");
    }
    if (uri.getAuthority() != null && !uri.getAuthority().equalsIgnoreCase("localhost")) {
      throw denied(uri, "it names another host");
    }
    String path = uri.getPath();
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw denied(uri, "it has a '" + segment + "' segment");
      }
    }
    Path file = Path.of(path);
    Path root = realRootOf(file);
    if (root == null) {
      throw denied(uri, "it is outside the media roots");
    }
    if (isSheafFile(file)) {
      throw denied(uri, "it is one of Sheaf's own files (catalog, warehouse, caches, keys)");
    }
    Path existing = file;
    while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    // a root not created yet holds nothing, and no link inside it can lead anywhere
    if (existing != null && Files.exists(root)) {
      try {
        Path real = existing.toRealPath();
        if (!real.startsWith(root)) {
          throw denied(uri, "a symbolic link leads outside the media root");
        }
        if (isSheafFile(real)) {
          throw denied(uri, "a symbolic link leads to one of Sheaf's own files");
        }
      } catch (IOException e) {
        throw denied(uri, "its real path cannot be read (" + e.getClass().getSimpleName() + ")");
      }
    }
    return file;
  }

  private boolean isSheafFile(Path file) {
    for (Path own : sheafFiles) {
      if (file.startsWith(own)) {
        return true;
      }
    }
    return false;
  }

  /** The real path of the root a file lies in (by its absolute or its real name), or null. */
  private Path realRootOf(Path file) {
    for (int i = 0; i < roots.size(); i++) {
      if (file.startsWith(roots.get(i)) || file.startsWith(realRoots.get(i))) {
        return realRoots.get(i);
      }
    }
    return null;
  }

  static SheafException denied(URI uri, String reason) {
    return SheafException.of(
        MEDIA_ACCESS_DENIED,
        "Cannot read media %s: %s (add its directory to media-roots in the configuration)",
        uri,
        reason);
  }
}
