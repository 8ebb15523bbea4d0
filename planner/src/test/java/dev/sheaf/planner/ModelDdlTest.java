package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sheaf.spi.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CREATE MODEL, DROP MODEL, SHOW MODELS and sys.models over files in the model root. */
class ModelDdlTest extends EngineTestCase {
  private Path modelRoot() throws IOException {
    return Files.createDirectories(directory.resolve("models"));
  }

  /** A user's copy of MiniLM (the built-in model's files) under the model root. */
  private void copyMiniLm(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2.onnx")) {
      Files.copy(in, dir.resolve("model.onnx"));
    }
    try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, dir.resolve("tokenizer.json"));
    }
  }

  private List<?> vector(String model, String text) {
    return (List<?>) query("SELECT embed_text('" + model + "', '" + text + "')").get(0).get(0);
  }

  @Test
  void createdModelsAreListedCallableKeptOverARestartAndDropped() throws IOException {
    copyMiniLm(modelRoot().resolve("mine"));
    update(
        "CREATE MODEL mine FROM 'mine/model.onnx' WITH (task = 'text_embedding', max_length ="
            + " 128)");
    assertThat(query("SHOW MODELS"))
        .containsExactly(
            List.of("minilm", "text_embedding", "builtin:minilm", "", true),
            List.of("mine", "text_embedding", "mine/model.onnx", "max_length=128", false));
    assertThat(query("SELECT name FROM sys.models WHERE NOT builtin"))
        .containsExactly(List.of("mine"));
    List<?> mine = vector("mine", "a photo of a cat");
    List<?> builtin = vector("minilm", "a photo of a cat");
    for (int i = 0; i < builtin.size(); i++) {
      assertThat(((Number) mine.get(i)).doubleValue())
          .isCloseTo(((Number) builtin.get(i)).doubleValue(), within(1e-5));
    }

    engine.close();
    engine = SheafEngine.open(directory);
    assertThat(query("SELECT name, options FROM sys.models WHERE name = 'mine'"))
        .containsExactly(List.of("mine", "max_length=128"));
    assertThat(vector("mine", "a photo of a cat")).hasSize(384);
    assertThat(
            failure("CREATE MODEL mine FROM 'mine/model.onnx' WITH (task =" + " 'text_embedding')")
                .code())
        .isEqualTo(ErrorCode.MODEL_ALREADY_EXISTS);
    update("CREATE MODEL IF NOT EXISTS mine FROM 'mine/model.onnx' WITH (task = 'text_embedding')");

    update("DROP MODEL mine");
    assertThat(failure("SELECT embed_text('mine', 'x')").code())
        .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
    assertThat(failure("DROP MODEL mine").code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
    update("DROP MODEL IF EXISTS mine");
    assertThat(failure("DROP MODEL minilm").code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
  }

  @Test
  void modelsThatCannotLoadAreRefusedAndNotStored() throws IOException {
    Path root = modelRoot();
    Files.createDirectories(root.resolve("bad"));
    Files.writeString(root.resolve("bad/model.onnx"), "not an onnx graph");
    copyMiniLm(root.resolve("tok"));
    Files.copy(root.resolve("tok/tokenizer.json"), root.resolve("bad/tokenizer.json"));
    var bad = failure("CREATE MODEL bad FROM 'bad/model.onnx' WITH (task = 'text_embedding')");
    assertThat(bad.code()).isEqualTo(ErrorCode.MODEL_LOAD_ERROR);
    assertThat(bad.getMessage()).contains("Cannot load model 'bad'");

    Files.createDirectories(root.resolve("wrong"));
    try (InputStream in = getClass().getResourceAsStream("/models/wrong-inputs.onnx")) {
      Files.copy(in, root.resolve("wrong/model.onnx"));
    }
    Files.copy(root.resolve("tok/tokenizer.json"), root.resolve("wrong/tokenizer.json"));
    var wrong =
        failure("CREATE MODEL wrong FROM 'wrong/model.onnx' WITH (task = 'text_embedding')");
    assertThat(wrong.code()).isEqualTo(ErrorCode.MODEL_SHAPE_MISMATCH);
    assertThat(wrong.getMessage()).contains("input_ids");

    Path outside = Files.createDirectories(directory.resolve("elsewhere"));
    Files.copy(root.resolve("tok/model.onnx"), outside.resolve("model.onnx"));
    var escape =
        failure(
            "CREATE MODEL outside_root FROM '../elsewhere/model.onnx' WITH (task = 'text_embedding')");
    assertThat(escape.code()).isEqualTo(ErrorCode.MODEL_LOAD_ERROR);
    assertThat(escape.getMessage()).contains("outside the model root");
    assertThat(
            failure(
                    "CREATE MODEL hub FROM 'https://huggingface.co/x/model.onnx' WITH (task ="
                        + " 'text_embedding')")
                .code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(failure("CREATE MODEL notask FROM 'tok/model.onnx'").getMessage())
        .contains("task = 'text_embedding'");
    assertThat(query("SELECT count(*) FROM sys.models")).containsExactly(List.of(1L));
  }
}
