package dev.sheaf.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "{\"a\": [1, 2.5e3, null, true], \"猫\": \"😀\"}",
        "3",
        "\"text\"",
        "null",
        "  {\"a\":1}\n"
      })
  void oneJsonValueIsKeptAsGiven(String text) {
    assertThat(JsonText.check("doc", text)).isSameAs(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "{'a': 1}",
        "[1, 2",
        "1 2",
        "",
        "  ",
        "NaN",
        "{\"a\":1} x",
        "// c\n1"
      })
  void anythingElseIsATypeMismatchNamingTheColumn(String text) {
    assertThatThrownBy(() -> JsonText.check("doc", text))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH))
        .hasMessageContaining("JSON column 'doc'");
  }

  @Test
  void longTextIsShortenedInTheMessage() {
    String text = "{" + "x".repeat(10_000);
    assertThatThrownBy(() -> JsonText.check("doc", text))
        .hasMessageContaining("...")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
  }
}
