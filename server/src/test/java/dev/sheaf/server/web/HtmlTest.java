package dev.sheaf.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesMarkupAndQuotes() {
    assertThat(Html.text("<script>alert('x')</script> & \"q\""))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    assertThat(Html.text(null)).isEmpty();
    assertThat(Html.text("plain text")).isEqualTo("plain text");
  }

  @Test
  void controlCharactersCannotBreakAnSvg() {
    assertThat(Html.text("a\u0000b\tc")).isEqualTo("a\uFFFDb\tc");
  }

  @Test
  void queryValuesArePercentEncoded() {
    assertThat(Html.query("a b&c=\"d\"")).isEqualTo("a+b%26c%3D%22d%22");
  }

  @Test
  void cellsAndTablesEscapeEveryValue() {
    assertThat(PageLayout.cell("<img src=x onerror=alert(1)>"))
        .isEqualTo("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(PageLayout.cell(null)).contains("NULL");
    assertThat(PageLayout.cell(new byte[] {1, 2, 3})).contains("3 bytes");
    String table =
        PageLayout.table(
            new QueryRows(List.of("<th>"), List.of(java.util.Arrays.asList("<b>x</b>", null))));
    assertThat(table).doesNotContain("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;");
    assertThat(table).contains("&lt;th&gt;");
  }

  @Test
  void pagesEscapeTheirTitleAndUser() {
    String page = PageLayout.page("<i>t</i>", "<u>", "<p>body</p>");
    assertThat(page).doesNotContain("<i>t</i>").doesNotContain("<u>").contains("<p>body</p>");
  }

  @Test
  void placeholdersEscapeTheErrorMessage() {
    String svg =
        new String(
            Placeholder.svg(160, "MEDIA_NOT_FOUND", "</title><script>alert(1)</script>"),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;");
  }

  @Test
  void jsonStringsEscapeQuotesAndMarkup() {
    assertThat(Json.string("a\"b\\c\n</script>"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\"");
    assertThat(
            Json.rows(new QueryRows(List.of("k"), List.of(java.util.Arrays.asList((Object) null)))))
        .isEqualTo("[{\"k\":null}]");
  }
}
