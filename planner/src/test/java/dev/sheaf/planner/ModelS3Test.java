package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CREATE MODEL from s3:// and b2:// URIs on a loopback S3 server (S3Proxy), read through the
 * engine's S3 media profile into the model cache under the model root.
 */
class ModelS3Test extends EngineTestCase {
  private static S3TestServer server;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void engineWithS3() {
    engine.close();
    engine = SheafEngine.open(directory, media());
  }

  private MediaConfig media() {
    S3MediaProfile profile =
        new S3MediaProfile(
            "models",
            S3MediaProfile.Kind.B2,
            server.endpoint(),
            server.region(),
            server.accessKeyId(),
            server.secretAccessKey(),
            true,
            List.of(server.bucket()),
            S3MediaProfile.B2_MAX_ATTEMPTS);
    return MediaConfig.defaults(directory).withS3Profiles(List.of(profile));
  }

  private String upload(String key, String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      URI uri = URI.create("s3://" + server.bucket() + "/" + key);
      engine.media().write(uri, in.readAllBytes(), "application/octet-stream");
      return uri.toString();
    }
  }

  private List<Path> cached() throws IOException {
    Path cache = directory.resolve("models/.cache");
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(cache)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void modelsLoadFromS3AndB2UrisIntoTheCacheOncePerVersion() throws IOException {
    String key = "models/" + directory.getFileName() + "/";
    String model = upload(key + "clip.onnx", "/models/tiny-clip/tiny-clip.onnx");
    upload(key + "tokenizer.json", "/all-minilm-l6-v2-tokenizer.json");
    update("CREATE MODEL s3clip FROM '" + model + "' WITH (task = 'clip')");
    List<?> vector = (List<?>) query("SELECT clip_text('s3clip', 'a cat')").get(0).get(0);
    assertThat(vector).hasSize(8);
    assertThat(cached()).hasSize(2).allMatch(p -> p.startsWith(directory.resolve("models/.cache")));
    assertThat(cached().stream().map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("clip.onnx", "tokenizer.json");

    // the same object as b2:// (the same cache entry); a restart loads from the cache
    String b2 = model.replace("s3://", "b2://");
    update("CREATE MODEL b2clip FROM '" + b2 + "' WITH (task = 'clip')");
    assertThat(query("SELECT clip_text('b2clip', 'a cat')").get(0).get(0)).isEqualTo(vector);
    List<Path> before = cached();
    assertThat(before).hasSize(2);
    engine.close();
    engine = SheafEngine.open(directory, media());
    assertThat(query("SELECT clip_text('s3clip', 'a cat')").get(0).get(0)).isEqualTo(vector);

    // a new version of the object is downloaded again, the older one removed
    upload(key + "clip.onnx", "/models/tiny-clip/tiny-clip-bad.onnx");
    update("DROP MODEL s3clip");
    assertThat(failure("CREATE MODEL s3clip FROM '" + model + "' WITH (task = 'clip')").code())
        .isEqualTo(ErrorCode.MODEL_SHAPE_MISMATCH);
    List<Path> after = cached();
    Path oldModel = before.stream().filter(f -> f.endsWith("clip.onnx")).findFirst().orElseThrow();
    Path tokenizer =
        before.stream().filter(f -> f.endsWith("tokenizer.json")).findFirst().orElseThrow();
    assertThat(after).hasSize(2).contains(tokenizer).doesNotContain(oldModel);
  }

  @Test
  void aMissingObjectOrAnUnservedBucketIsAClearError() {
    var missing =
        failure(
            "CREATE MODEL gone FROM 's3://"
                + server.bucket()
                + "/models/none/model.onnx' WITH (task = 'clip')");
    assertThat(missing.code()).isEqualTo(ErrorCode.MODEL_LOAD_ERROR);
    assertThat(missing.getMessage())
        .contains("s3://" + server.bucket() + "/models/none/model.onnx")
        .contains("does not exist");
    var unserved =
        failure("CREATE MODEL other FROM 's3://another-bucket/m.onnx' WITH (task = 'clip')");
    assertThat(unserved.code()).isEqualTo(ErrorCode.MODEL_LOAD_ERROR);
    assertThat(unserved.getMessage()).contains("no S3 profile serves bucket 'another-bucket'");
    assertThat(
            failure("CREATE MODEL web FROM 'https://example.com/m.onnx' WITH (task = 'clip')")
                .code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(query("SELECT count(*) FROM sys.models WHERE NOT builtin"))
        .containsExactly(List.of(0L));
  }
}
