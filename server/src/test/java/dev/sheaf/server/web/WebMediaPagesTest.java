package dev.sheaf.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.server.SheafServer;
import dev.sheaf.server.config.ServerConfigLoader;
import dev.sheaf.testing.DocumentSamples;
import dev.sheaf.testing.media.TestMedia;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row's page shows each kind of media: a video as a strip of frames, an audio player fed by
 * {@code /audio}, a document's text (escaped), and the nearest rows of a vector index.
 */
class WebMediaPagesTest {
  @TempDir static Path directory;
  private static SheafServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path video =
        TestMedia.video(
            directory.resolve("clip.mp4"), TestMedia.VideoSpec.h264(160, 120, 10, 30, 10));
    Path audio = TestMedia.audio(directory.resolve("tone.wav"), "pcm_s16le", 8000, 1, 1.0, 440);
    Path document = directory.resolve("notes.pdf");
    Files.write(
        document,
        DocumentSamples.pdf(
            List.of(List.of(List.of("Hello <b>reader</b> of page one"))), "Notes", "Ada"));
    server =
        SheafServer.start(
            ServerConfigLoader.build(
                Map.of(
                    "port", "0",
                    "data-dir", directory.resolve("data").toString(),
                    "media-roots", directory.toString())));
    var engine = server.engine();
    engine
        .execute("CREATE TABLE clips (id INTEGER, v VIDEO, a AUDIO, d DOCUMENT, emb VECTOR(3))")
        .close();
    engine
        .execute(
            "INSERT INTO clips VALUES (1, '"
                + video.toUri()
                + "', '"
                + audio.toUri()
                + "', '"
                + document.toUri()
                + "', ARRAY[1.0, 0.0, 0.0]), (2, NULL, NULL, NULL, ARRAY[0.9, 0.1, 0.0]),"
                + " (3, NULL, NULL, NULL, ARRAY[0.0, 0.0, 1.0])")
        .close();
    engine
        .execute("CREATE INDEX clips_emb ON clips USING HNSW (emb) WITH (metric = 'cosine')")
        .close();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.webPort() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aVideoShowsAStripOfFrames() throws Exception {
    String page = new String(get("/row?t=clips&r=0").body(), StandardCharsets.UTF_8);
    Matcher frames = Pattern.compile("src=\"(/frame\\?[^\"]+)\"").matcher(page);
    int count = 0;
    while (frames.find()) {
      HttpResponse<byte[]> frame = get(frames.group(1).replace("&amp;", "&"));
      assertThat(frame.headers().firstValue("Content-Type")).hasValue("image/png");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame.body()));
      assertThat(image.getWidth()).isEqualTo(160);
      assertThat(image.getHeight()).isEqualTo(120);
      count++;
    }
    assertThat(count).isEqualTo(RowPage.FRAMES);
  }

  @Test
  void audioPlaysFromTheServer() throws Exception {
    String page = new String(get("/row?t=clips&r=0").body(), StandardCharsets.UTF_8);
    Matcher audio = Pattern.compile("<audio controls[^>]*src=\"([^\"]+)\"").matcher(page);
    assertThat(audio.find()).isTrue();
    HttpResponse<byte[]> recording = get(audio.group(1).replace("&amp;", "&"));
    assertThat(recording.statusCode()).isEqualTo(200);
    assertThat(recording.headers().firstValue("Content-Type")).hasValue("audio/wav");
    assertThat(new String(recording.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
  }

  @Test
  void aDocumentShowsItsTextEscaped() throws Exception {
    String page = new String(get("/row?t=clips&r=0").body(), StandardCharsets.UTF_8);
    assertThat(page).contains("<pre class=\"document\">").contains("Hello &lt;b&gt;reader");
  }

  @Test
  void aVectorIndexGivesMoreLikeThis() throws Exception {
    String page = new String(get("/row?t=clips&r=0").body(), StandardCharsets.UTF_8);
    assertThat(page).contains("More like this (emb)");
    int near = page.indexOf("&amp;r=1\"");
    int far = page.indexOf("&amp;r=2\"");
    assertThat(near).isPositive();
    assertThat(far).isGreaterThan(near);
    assertThat(page.substring(page.indexOf("More like this"))).doesNotContain("&amp;r=0\"");
  }
}
