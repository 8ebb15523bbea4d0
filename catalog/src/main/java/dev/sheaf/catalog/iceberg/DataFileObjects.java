package dev.sheaf.catalog.iceberg;

import dev.sheaf.catalog.media.RangeStream;
import dev.sheaf.catalog.media.cache.FileDownloads;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * A warehouse's data files as the media cache reads them: a read-only store over the warehouse's
 * FileIO. Data files never change once written, so a pin is the location and size; whole files
 * arrive by {@link RangedDownload}. Listing, writing, deleting and presigning go through the FileIO
 * itself, never through this store.
 */
final class DataFileObjects implements MediaStore, FileDownloads {
  /** The entity tag of every data file pin: Iceberg never rewrites a data file in place. */
  static final String IMMUTABLE = "iceberg-data-file";

  private final FileIO io;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  DataFileObjects(FileIO io) {
    this.io = io;
  }

  static BlobPin pin(String location, long size) {
    return new BlobPin(URI.create(location), size, IMMUTABLE, null);
  }

  @Override
  public boolean serves(URI uri) {
    return true;
  }

  @Override
  public void download(BlobPin pin, ByteRange range, Path file) {
    long rest = Math.max(0, pin.size() - range.offset());
    long length = range.length() < 0 ? rest : Math.min(range.length(), rest);
    RangedDownload.copy(input(pin), range.offset(), length, file, threads);
  }

  @Override
  public InputStream open(BlobPin pin, ByteRange range) {
    SeekableInputStream stream = input(pin).newStream();
    try {
      stream.seek(range.offset());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return range.length() < 0 ? stream : new RangeStream(stream, range.length());
  }

  private InputFile input(BlobPin pin) {
    return io.newInputFile(pin.uri().toString(), pin.size());
  }

  @Override
  public BlobInfo stat(URI uri) {
    throw unsupported("describe");
  }

  @Override
  public ListingPage list(URI prefix, String pageToken, int pageSize) {
    throw unsupported("list");
  }

  @Override
  public BlobInfo write(URI uri, InputStream bytes, long length, String contentType) {
    throw unsupported("write");
  }

  @Override
  public void delete(URI uri) {
    throw unsupported("delete");
  }

  @Override
  public Optional<URI> presign(BlobPin pin, Duration validFor) {
    return Optional.empty();
  }

  private static SheafException unsupported(String verb) {
    return SheafException.of(
        ErrorCode.INTERNAL_ERROR,
        "Cannot %s warehouse data files through the data file cache: use the warehouse FileIO",
        verb);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
