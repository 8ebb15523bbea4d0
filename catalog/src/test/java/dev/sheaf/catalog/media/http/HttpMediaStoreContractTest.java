package dev.sheaf.catalog.media.http;

import dev.sheaf.catalog.media.MediaStoreContractTest;
import dev.sheaf.spi.media.MediaStore;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The read-only part of the contract on a loopback static server that sends strong ETags. */
public class HttpMediaStoreContractTest extends MediaStoreContractTest {
  private static StaticHttpServer server;
  private static HttpMediaStore store;

  @BeforeAll
  static void start() {
    server = new StaticHttpServer();
    store = new HttpMediaStore(HttpMediaSettings.defaults().withAllowPrivateAddresses(true));
  }

  @AfterAll
  static void stop() {
    store.close();
    server.close();
  }

  @Override
  protected MediaStore store() {
    return store;
  }

  @Override
  protected URI uri(String name) {
    return server.uri(prefix() + name);
  }

  /** Where the objects live on the server. */
  protected String prefix() {
    return "/media/";
  }

  @Override
  protected void put(URI uri, byte[] bytes) {
    server.put(uri.getPath(), bytes);
  }

  @Override
  protected boolean writable() {
    return false;
  }
}
