package dev.sheaf.index.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link IndexObjects} in a local directory, for the replica's tests: an object is a file. */
final class DirectoryObjects implements IndexObjects {
  private final Path root;

  DirectoryObjects(Path root) {
    this.root = root;
  }

  Path path(String name) {
    return root.resolve(name);
  }

  List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public Optional<byte[]> read(String name) {
    try {
      return Files.exists(path(name))
          ? Optional.of(Files.readAllBytes(path(name)))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(String name, byte[] bytes) {
    try {
      Files.createDirectories(path(name).getParent());
      Files.write(path(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void upload(Path file, String name) {
    try {
      Files.createDirectories(path(name).getParent());
      Files.copy(file, path(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean download(String name, Path file) {
    if (!Files.exists(path(name))) {
      return false;
    }
    try {
      Files.copy(path(name), file, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<StoredObject> list(String namePrefix) {
    return names().stream()
        .filter(name -> name.startsWith(namePrefix))
        .map(
            name -> {
              try {
                return new StoredObject(name, Files.getLastModifiedTime(path(name)).toInstant());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }

  @Override
  public void delete(String name) {
    try {
      Files.deleteIfExists(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteAll() {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
