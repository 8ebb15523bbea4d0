package dev.sheaf.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.junit.jupiter.api.Test;

class WhereFilterTest {
  @Test
  void oneConditionIsWrappedInParentheses() {
    assertThat(new WhereFilter(" label = 'cat' ").clause()).isEqualTo(" WHERE (label = 'cat')");
    assertThat(new WhereFilter("").clause()).isEmpty();
    assertThat(new WhereFilter(null).isEmpty()).isTrue();
    assertThat(new WhereFilter("(a = 1 OR b = 2) AND c IN (1, 2)").clause())
        .isEqualTo(" WHERE ((a = 1 OR b = 2) AND c IN (1, 2))");
  }

  @Test
  void semicolonsParenthesesAndCommentsInsideLiteralsAreText() {
    assertThat(new WhereFilter("label = 'a;b) -- /* it''s'").text())
        .isEqualTo("label = 'a;b) -- /* it''s'");
    assertThat(new WhereFilter("\"odd;name)\" = 1").text()).isEqualTo("\"odd;name)\" = 1");
  }

  @Test
  void asecondStatementIsRefused() {
    refused("1 = 1; DROP TABLE photos");
    refused("1 = 1) ; DELETE FROM photos WHERE (1 = 1");
  }

  @Test
  void escapingTheParenthesesIsRefused() {
    refused("1 = 1) UNION SELECT * FROM secrets WHERE (1 = 1");
    refused("(1 = 1");
    refused("label = 'unclosed");
    refused("\"unclosed = 1");
  }

  @Test
  void commentsAreRefused() {
    refused("1 = 1 --");
    refused("1 = 1 /* x */");
  }

  @Test
  void overlongFiltersAreRefused() {
    refused("a = 1 AND ".repeat(500) + "b = 2");
  }

  private static void refused(String text) {
    assertThatThrownBy(() -> new WhereFilter(text))
        .isInstanceOf(SheafException.class)
        .satisfies(e -> assertThat(((SheafException) e).code()).isEqualTo(ErrorCode.INVALID_QUERY))
        .hasMessageStartingWith("Cannot use the filter: ");
  }
}
