package dev.sheaf.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.auth.PasswordHash;
import dev.sheaf.server.config.ServerConfigLoader;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages of a real server with users: logins, the grid and its filter, thumbnails and
 * bounded renditions, placeholders for missing media, escaping, and refusals of anything but a
 * read.
 */
class WebServerTest {
  @TempDir static Path directory;
  private static SheafServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BASIC =
      "Basic " + Base64.getEncoder().encodeToString("ada:secret".getBytes(StandardCharsets.UTF_8));

  @BeforeAll
  static void start() throws IOException {
    Path small = directory.resolve("small.png");
    Path large = directory.resolve("large.png");
    ImageIO.write(new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB), "png", small.toFile());
    ImageIO.write(new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB), "png", large.toFile());
    String hash = PasswordHash.create("secret".toCharArray());
    server =
        SheafServer.start(
            ServerConfigLoader.build(
                Map.of(
                    "port",
                    "0",
                    "data-dir",
                    directory.resolve("data").toString(),
                    "media-roots",
                    directory.toString(),
                    "users",
                    "ada:" + hash)));
    var engine = server.engine();
    engine.execute("CREATE TABLE photos (id INTEGER, label VARCHAR, img IMAGE)").close();
    engine
        .execute(
            "INSERT INTO photos VALUES (1, 'cat', '"
                + small.toUri()
                + "'), (2, '<script>alert(1)</script>', '"
                + large.toUri()
                + "'), (3, 'cat', '"
                + directory.resolve("gone.png").toUri()
                + "')")
        .close();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.webPort() + path));
    if (authorization != null) {
      request.header(
          authorization.startsWith("sheaf_session") ? "Cookie" : "Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void withoutALoginEveryPageIsRefused() throws Exception {
    for (String path : List.of("/", "/table?t=photos", "/thumb?t=photos&r=0&c=img", "/api/jobs")) {
      HttpResponse<byte[]> response = get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
    }
    String wrong =
        "Basic " + Base64.getEncoder().encodeToString("ada:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(get("/", wrong).statusCode()).isEqualTo(401);
    assertThat(get("/", "Bearer not-a-token").statusCode()).isEqualTo(401);
    assertThat(get("/", "sheaf_session=forged").statusCode()).isEqualTo(401);
  }

  @Test
  void aLoginGivesASessionCookieThatLaterRequestsUse() throws Exception {
    HttpResponse<byte[]> login = get("/", BASIC);
    assertThat(login.statusCode()).isEqualTo(200);
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    String session = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<byte[]> again = get("/table?t=photos", session);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(text(again)).contains("signed in as ada");
    String token = session.substring(session.indexOf('=') + 1);
    assertThat(get("/", "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void everyPageSendsAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<byte[]> page = get("/table?t=photos", BASIC);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(WebExchange.CONTENT_SECURITY_POLICY);
    assertThat(WebExchange.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
  }

  @Test
  void theGridShowsACardPerRowAndTheFilterNarrowsIt() throws Exception {
    String all = text(get("/table?t=photos", BASIC));
    assertThat(count(all, "<img class=\"thumb\"")).isEqualTo(3);
    String cats = text(get("/table?t=photos&where=" + Html.query("label = 'cat'"), BASIC));
    assertThat(count(cats, "<img class=\"thumb\"")).isEqualTo(2);
    String paged = text(get("/table?t=photos&n=2", BASIC));
    assertThat(count(paged, "<img class=\"thumb\"")).isEqualTo(2);
    Matcher next = Pattern.compile("id=\"next\" href=\"([^\"]+)\"").matcher(paged);
    assertThat(next.find()).isTrue();
    String second = text(get(next.group(1).replace("&amp;", "&"), BASIC));
    assertThat(count(second, "<img class=\"thumb\"")).isEqualTo(1);
    String sorted = text(get("/table?t=photos&sort=id&desc=1&n=1", BASIC));
    assertThat(sorted).contains("data-rowid=\"2\"");
  }

  @Test
  void labelsHoldingMarkupAreShownAsText() throws Exception {
    String page = text(get("/table?t=photos", BASIC));
    assertThat(page).doesNotContain("<script>alert(1)</script>");
    assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    String row = text(get("/row?t=photos&r=1", BASIC));
    assertThat(row).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)");
  }

  @Test
  void aStatementInTheFilterIsRefused() throws Exception {
    HttpResponse<byte[]> response =
        get("/table?t=photos&where=" + Html.query("1 = 1); DROP TABLE photos; --"), BASIC);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(text(response)).contains("INVALID_QUERY");
    assertThat(count(text(get("/table?t=photos", BASIC)), "<img class=\"thumb\"")).isEqualTo(3);
  }

  @Test
  void onlyReadsAreServed() throws Exception {
    HttpResponse<byte[]> post =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.webPort() + "/table?t=photos"))
                .header("Authorization", BASIC)
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
    ReadOnlyQueries queries = new ReadOnlyQueries(server.engine());
    for (String sql :
        List.of(
            "DELETE FROM photos",
            "DROP TABLE photos",
            "INSERT INTO photos VALUES (9, 'x', NULL)")) {
      assertThatThrownBy(() -> queries.checkQuery(sql))
          .isInstanceOf(SheafException.class)
          .satisfies(
              e -> assertThat(((SheafException) e).code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
    }
    queries.checkQuery("SELECT id FROM photos");
    try (var result =
        server.engine().execute("SELECT count(*) FROM photos", List.of(), new AtomicBoolean())) {
      result.rows().loadNextBatch();
      assertThat(result.rows().getVectorSchemaRoot().getVector(0).getObject(0)).isEqualTo(3L);
    }
  }

  @Test
  void thumbnailsAndImagesAreBoundedRenditions() throws Exception {
    HttpResponse<byte[]> thumb = get("/thumb?t=photos&r=1&c=img", BASIC);
    assertThat(thumb.statusCode()).isEqualTo(200);
    assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/png");
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.body()));
    assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(160);
    HttpResponse<byte[]> full = get("/image?t=photos&r=1&c=img", BASIC);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(full.body()));
    assertThat(image.getWidth()).isEqualTo(MediaEndpoints.IMAGE_SIDE);
    assertThat(image.getHeight()).isLessThan(MediaEndpoints.IMAGE_SIDE);
    HttpResponse<byte[]> cached = get("/thumb?t=photos&r=1&c=img", BASIC);
    assertThat(cached.body()).isEqualTo(thumb.body());
    assertThat(get("/image?t=photos&r=1&c=img&size=4096", BASIC).statusCode()).isEqualTo(400);
  }

  @Test
  void missingMediaShowsAPlaceholderWithItsError() throws Exception {
    HttpResponse<byte[]> thumb = get("/thumb?t=photos&r=2&c=img", BASIC);
    assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    assertThat(thumb.headers().firstValue("X-Sheaf-Error")).hasValue("MEDIA_NOT_FOUND");
    String row = text(get("/row?t=photos&r=2", BASIC));
    assertThat(row).contains("id=\"errors\"").contains("MEDIA_NOT_FOUND");
  }

  @Test
  void unknownTablesAndVersionsAreNotFound() throws Exception {
    assertThat(get("/table?t=nope", BASIC).statusCode()).isEqualTo(404);
    assertThat(get("/table?t=photos&v=99", BASIC).statusCode()).isEqualTo(404);
    assertThat(get("/table?t=photos&v=1", BASIC).statusCode()).isEqualTo(200);
    assertThat(get("/history?t=photos", BASIC).statusCode()).isEqualTo(200);
    assertThat(get("/table?t=photos&cols=nope", BASIC).statusCode()).isEqualTo(400);
  }

  @Test
  void theJobsPageAndItsJson() throws Exception {
    assertThat(get("/jobs", BASIC).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> json = get("/api/jobs", BASIC);
    assertThat(json.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(text(json)).startsWith("[");
  }

  @Test
  void staticFilesAreServedWithoutALogin() throws Exception {
    assertThat(get("/static/sheaf.js", null).statusCode()).isEqualTo(200);
    assertThat(get("/static/../WebServer.class", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theWebPagesCanBeTurnedOff(@TempDir Path other) {
    try (SheafServer off =
        SheafServer.start(
            ServerConfigLoader.build(
                Map.of("port", "0", "data-dir", other.toString(), "web-enabled", "false")))) {
      assertThat(off.webPort()).isEqualTo(-1);
    }
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
