package dev.sheaf.catalog.media.s3;

import dev.sheaf.catalog.media.MediaStoreContractTest;
import dev.sheaf.spi.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on S3Proxy over a directory (filesystem-nio2 blob store). It keeps no object
 * versions, so an overwritten object is checked on the ETag path ({@code MEDIA_CHANGED}); the
 * version path runs against B2 ({@link B2MediaStoreContractTest}).
 */
class S3MediaStoreContractTest extends MediaStoreContractTest {
  private static S3MediaStore store;

  @BeforeAll
  static void open() {
    store = new S3MediaStore(List.of(SharedS3Server.profile(SharedS3Server.get().endpoint(), 3)));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Override
  protected MediaStore store() {
    return store;
  }

  @Override
  protected URI uri(String name) {
    return SharedS3Server.uri("contract/" + name);
  }

  @Override
  protected void put(URI uri, byte[] bytes) {
    store.write(uri, new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
  }

  @Override
  protected boolean writable() {
    return true;
  }
}
