package dev.sheaf.catalog.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDefinitionStoreTest {
  @TempDir Path directory;

  @Test
  void storesFindsListsAndRemovesModelsWithTheirOptions() throws Exception {
    CatalogConfig config = CatalogConfig.embedded(directory);
    Files.createDirectories(directory);
    Map<String, String> options = Map.of("tokenizer", "a&b=c/ü tokenizer.json", "max_length", "64");
    try (ModelDefinitionStore store = new ModelDefinitionStore(config)) {
      store.add(new StoredModel("zeta", "text_embedding", "z/model.onnx", Map.of(), 2));
      store.add(new StoredModel("alpha", "text_embedding", "a/model.onnx", options, 1));
      assertThat(store.find("alpha").options()).isEqualTo(options);
      assertThat(store.find("nope")).isNull();
      assertThat(store.list()).extracting(StoredModel::name).containsExactly("alpha", "zeta");
      assertThatThrownBy(
              () -> store.add(new StoredModel("alpha", "text_embedding", "x", Map.of(), 3)))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_ALREADY_EXISTS));
      assertThat(store.remove("zeta")).isTrue();
      assertThat(store.remove("zeta")).isFalse();
    }
    // a second store on the same catalog (a restart, another server) reads them back
    try (ModelDefinitionStore again = new ModelDefinitionStore(config)) {
      assertThat(again.list()).extracting(StoredModel::name).isEqualTo(List.of("alpha"));
      try (var connection = DriverManager.getConnection(config.catalogUri());
          var statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE sheaf_models SET format_version = 9");
      }
      assertThatThrownBy(again::list).hasMessageContaining("expected 1, found 9");
    }
  }
}
