package dev.sheaf.catalog.media.http;

/**
 * The contract where the server sends only Last-Modified and ignores If-Match: the store pins by
 * Last-Modified and compares it on every read.
 */
class HttpMediaStoreWithoutEtagsContractTest extends HttpMediaStoreContractTest {
  @Override
  protected String prefix() {
    return "/plain/";
  }
}
