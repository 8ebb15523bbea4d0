package dev.sheaf.compute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in MiniLM model and user models loaded from the model root, on ONNX Runtime. */
class ModelRegistryTest {
  @TempDir static Path root;
  private static ModelRegistry registry;

  @BeforeAll
  static void open() {
    registry = new ModelRegistry(new ModelSettings(root, 4, 2, 1));
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void miniLmPutsACatNearAKittenAndFarFromATaxForm() {
    EmbeddingModel minilm = registry.embedding(ModelRegistry.MINILM);
    assertThat(minilm.dimension()).isEqualTo(384);
    float[][] v =
        minilm.embed(
            List.of("a photo of a cat", "a kitten asleep on a sofa", "a quarterly tax form"));
    assertThat(cosine(v[0], v[1])).isGreaterThan(cosine(v[0], v[2]) + 0.2);
  }

  @Test
  void miniLmEqualsOnnxRuntimeAndTokenizersInPython() {
    // the first values of sentence-transformers' recipe (tokenizers, onnxruntime, mean pooling,
    // L2 normalization) over the same ONNX file, computed in Python
    float[][] v = registry.embedding(ModelRegistry.MINILM).embed(List.of("a photo of a cat", ""));
    float[] cat = {0.032963f, 0.091185f, 0.027717f, 0.023629f, -0.054558f, -0.001317f, 0.048048f};
    for (int i = 0; i < cat.length; i++) {
      assertThat(v[0][i]).isCloseTo(cat[i], within(1e-4f));
    }
    float[] empty = {-0.118838f, 0.048299f, -0.002548f, -0.011011f};
    for (int i = 0; i < empty.length; i++) {
      assertThat(v[1][i]).isCloseTo(empty[i], within(1e-4f));
    }
    double norm = 0;
    for (float x : v[0]) {
      norm += x * x;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void batchesOnThePoolGiveTheVectorsOfSingleCallsInOrderAndNullsStayNull() {
    EmbeddingModel minilm = registry.embedding(ModelRegistry.MINILM);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      texts.add(i == 5 ? null : "caption number " + i + " of a longer text".repeat(i % 3 + 1));
    }
    float[][] batched = minilm.embed(texts);
    assertThat(batched[5]).isNull();
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) != null) {
        float[] single = minilm.embed(List.of(texts.get(i)))[0];
        for (int d = 0; d < single.length; d++) {
          assertThat(batched[i][d]).as("text %d dim %d", i, d).isCloseTo(single[d], within(1e-5f));
        }
      }
    }
  }

  @Test
  void longTextsAreTruncatedNotRefused() {
    float[] v = registry.embedding(ModelRegistry.MINILM).embed(List.of("word ".repeat(5000)))[0];
    assertThat(v).hasSize(384);
  }

  @Test
  void aFileThatIsNoOnnxModelFailsToLoadWithAStableCode() throws IOException {
    copy("not-onnx.onnx", root.resolve("bad/model.onnx"));
    copyMiniLmTokenizer(root.resolve("bad/tokenizer.json"));
    ModelSpec bad = new ModelSpec("bad", ModelTask.TEXT_EMBEDDING, "bad/model.onnx", Map.of());
    assertThatThrownBy(() -> registry.embedding(bad))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_ERROR))
        .hasMessageContaining("Cannot load model 'bad'");
  }

  @Test
  void aModelWithAnImageModelsInputsIsAShapeMismatch() throws IOException {
    copy("wrong-inputs.onnx", root.resolve("wrong/model.onnx"));
    copyMiniLmTokenizer(root.resolve("wrong/tokenizer.json"));
    ModelSpec wrong =
        new ModelSpec("wrong", ModelTask.TEXT_EMBEDDING, "wrong/model.onnx", Map.of());
    assertThatThrownBy(() -> registry.embedding(wrong))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_SHAPE_MISMATCH))
        .hasMessageContaining("no input 'input_ids'");
  }

  @Test
  void aUserCopyOfMiniLmUnderTheRootLoadsAndAPathOutsideIsRefused() throws IOException {
    Path dir = Files.createDirectories(root.resolve("mine"));
    try (InputStream in = ModelRegistry.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
      Files.copy(in, dir.resolve("model.onnx"));
    }
    copyMiniLmTokenizer(dir.resolve("tokenizer.json"));
    ModelSpec mine =
        new ModelSpec(
            "mine", ModelTask.TEXT_EMBEDDING, "mine/model.onnx", Map.of("max_length", "64"));
    float[] a = registry.embedding(mine).embed(List.of("a photo of a cat"))[0];
    float[] b = registry.embedding(ModelRegistry.MINILM).embed(List.of("a photo of a cat"))[0];
    assertThat(cosine(a, b)).isGreaterThan(0.99999);
    registry.unload("mine");

    ModelSpec outside =
        new ModelSpec("outside", ModelTask.TEXT_EMBEDDING, "../../etc/passwd", Map.of());
    assertThatThrownBy(() -> registry.embedding(outside))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_ERROR))
        .hasMessageContaining("outside the model root");
    Files.createSymbolicLink(root.resolve("link.onnx"), Path.of("/etc/hostname"));
    ModelSpec link = new ModelSpec("link", ModelTask.TEXT_EMBEDDING, "link.onnx", Map.of());
    assertThatThrownBy(() -> registry.embedding(link))
        .hasMessageContaining("outside the model root");
    ModelSpec hub =
        new ModelSpec("hub", ModelTask.TEXT_EMBEDDING, "https://example.org/m.onnx", Map.of());
    assertThatThrownBy(() -> registry.embedding(hub)).hasMessageContaining("never downloads");
  }

  @Test
  void specsRefuseUnknownOptionsAndTasks() {
    assertThatThrownBy(
            () -> new ModelSpec("m", ModelTask.TEXT_EMBEDDING, "m.onnx", Map.of("pooling", "cls")))
        .hasMessageContaining("unknown option 'pooling'");
    assertThatThrownBy(() -> ModelTask.parse("image_classification"))
        .hasMessageContaining("unknown task");
    assertThat(Arrays.asList(ModelTask.values())).contains(ModelTask.parse("TEXT_EMBEDDING"));
  }

  private static void copy(String resource, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try (InputStream in = ModelRegistryTest.class.getResourceAsStream("/models/" + resource)) {
      Files.copy(in, target);
    }
  }

  private static void copyMiniLmTokenizer(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try (InputStream in =
        ModelRegistry.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, target);
    }
  }
}
