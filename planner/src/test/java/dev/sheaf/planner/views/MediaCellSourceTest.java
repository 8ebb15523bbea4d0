package dev.sheaf.planner.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.StoredPin;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes of a media cell as iterators read them: pinned, and as a local file where one is. */
class MediaCellSourceTest {
  @TempDir Path directory;

  private static byte[] read(InputStream stream) throws IOException {
    try (stream) {
      return stream.readAllBytes();
    }
  }

  @Test
  void aLocalFileIsItsOwnFileInsideTheRootsOnly() throws IOException {
    Path video = directory.resolve("clip.bin");
    Files.write(video, "local bytes".getBytes(StandardCharsets.UTF_8));
    try (MediaStores stores = MediaStores.open(MediaConfig.defaults(directory))) {
      try (MediaCellSource source = MediaCellSource.of(stores, video.toUri().toString(), null)) {
        assertThat(source.file()).contains(video);
        assertThat(source.size()).isEqualTo(11);
        assertThat(read(source.open())).isEqualTo(Files.readAllBytes(video));
      }
      Path outside = Files.createTempFile("outside", ".bin");
      try {
        assertThatThrownBy(() -> MediaCellSource.of(stores, outside.toUri().toString(), null))
            .isInstanceOf(SheafException.class)
            .extracting(e -> ((SheafException) e).code())
            .isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED);
      } finally {
        Files.delete(outside);
      }
      // a cell stored with an error pin gives that error
      String failed =
          StoredPin.failed(new SheafException(ErrorCode.MEDIA_NOT_FOUND, "gone")).encode();
      assertThatThrownBy(() -> MediaCellSource.of(stores, video.toUri().toString(), failed))
          .extracting(e -> ((SheafException) e).code())
          .isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    }
  }

  @Test
  void aRemoteObjectIsTheMediaCachesFileWhileTheSourceIsOpen() throws IOException {
    try (S3TestServer server = S3TestServer.start()) {
      S3MediaProfile profile =
          new S3MediaProfile(
              "media",
              S3MediaProfile.Kind.B2,
              server.endpoint(),
              server.region(),
              server.accessKeyId(),
              server.secretAccessKey(),
              true,
              List.of(server.bucket()),
              S3MediaProfile.B2_MAX_ATTEMPTS);
      MediaConfig config = MediaConfig.defaults(directory).withS3Profiles(List.of(profile));
      try (MediaStores stores = MediaStores.open(config)) {
        URI uri = URI.create("s3://" + server.bucket() + "/videos/a.bin");
        byte[] bytes = "remote bytes".getBytes(StandardCharsets.UTF_8);
        String pin =
            StoredPin.of(stores.write(uri, bytes, "application/octet-stream"), null).encode();
        Path cached;
        try (MediaCellSource source = MediaCellSource.of(stores, uri.toString(), pin)) {
          cached = source.file().orElseThrow();
          assertThat(Files.readAllBytes(cached)).isEqualTo(bytes);
          assertThat(read(source.open())).isEqualTo(bytes);
        }
        // the object replaced: the pinned bytes are what the cell reads (the cache holds them)
        stores.write(uri, "other bytes!".getBytes(StandardCharsets.UTF_8), "text/plain");
        try (MediaCellSource source = MediaCellSource.of(stores, uri.toString(), pin)) {
          assertThat(read(source.open())).isEqualTo(bytes);
        }
      }
    }
  }
}
