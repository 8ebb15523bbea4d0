package dev.sheaf.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import org.junit.jupiter.api.Test;

class WebRequestTest {
  @Test
  void queryParametersAreDecoded() {
    assertThat(WebExchange.parse("t=photos&where=label+%3D+%27cat%27&flag&=x&bad=%zz"))
        .containsEntry("t", "photos")
        .containsEntry("where", "label = 'cat'")
        .containsEntry("flag", "")
        .doesNotContainKey("bad");
    assertThat(WebExchange.parse(null)).isEmpty();
  }

  @Test
  void theSessionCookieIsFoundAmongOthers() {
    assertThat(WebAuth.cookie("a=1; sheaf_session=tok-en; b=2")).isEqualTo("tok-en");
    assertThat(WebAuth.cookie("a=1")).isNull();
    assertThat(WebAuth.cookie(null)).isNull();
  }

  @Test
  void tableNamesAreQuotedAndPinned() {
    TableRef ref = new TableRef("main", "we\"ird", 42L);
    assertThat(ref.rowsSql()).isEqualTo("\"main\".\"we\"\"ird@snapshot=42+rowid\"");
    assertThat(ref.systemSql("history")).isEqualTo("\"main\".\"we\"\"ird$history\"");
    assertThat(ref.name()).isEqualTo("we\"ird");
    assertThat(new TableRef("lab", "t", null).name()).isEqualTo("lab.t");
    assertThat(new TableRef("lab", "t", null).rowsSql()).isEqualTo("\"lab\".\"t+rowid\"");
  }

  @Test
  void errorCodesMapToStatuses() {
    assertThat(WebRoutes.status(ErrorCode.TABLE_NOT_FOUND)).isEqualTo(404);
    assertThat(WebRoutes.status(ErrorCode.NOT_SUPPORTED)).isEqualTo(403);
    assertThat(WebRoutes.status(ErrorCode.INVALID_QUERY)).isEqualTo(400);
    assertThat(WebRoutes.status(ErrorCode.INTERNAL_ERROR)).isEqualTo(500);
  }

  @Test
  void audioTypesFollowTheFormat() {
    assertThat(MediaEndpoints.audioType("mp3")).isEqualTo("audio/mpeg");
    assertThat(MediaEndpoints.audioType(null)).isEqualTo("application/octet-stream");
  }

  @Test
  void theCacheEvictsTheLeastRecentlyUsedPastItsBudget() {
    ThumbnailCache cache = new ThumbnailCache(100);
    cache.put("a", new byte[20]);
    cache.put("b", new byte[20]);
    cache.get("a");
    for (int i = 0; i < 4; i++) {
      cache.put("c" + i, new byte[20]);
    }
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("b")).isNull();
    cache.put("huge", new byte[60]);
    assertThat(cache.get("huge")).isNull();
  }

  @Test
  void aClaimedThumbnailIsMadeOnceAndWaitersGetIt() throws Exception {
    ThumbnailCache cache = new ThumbnailCache(1 << 20);
    String key = ThumbnailCache.key("image", "photos", "7", "3", "img", "160");
    assertThat(cache.claim(key)).isTrue();
    assertThat(cache.claim(key)).isFalse();
    var waiting = cache.pending(key);
    cache.finish(key, new byte[] {1, 2});
    assertThat(waiting.get()).containsExactly(1, 2);
    assertThat(cache.pending(key)).isNull();
    assertThat(cache.get(key)).containsExactly(1, 2);
    assertThat(cache.claim(key)).isFalse();
    String failed = ThumbnailCache.key("image", "photos", null, "4", "img", "160");
    assertThat(cache.claim(failed)).isTrue();
    cache.finish(failed, null);
    assertThat(cache.get(failed)).isNull();
    assertThat(cache.claim(failed)).isTrue();
  }

  @Test
  void jobRatesAreRoundedToOneDecimal() {
    assertThat(JobsPage.rounded("48.54368932038835")).isEqualTo("48.5");
    assertThat(JobsPage.rounded(null)).isNull();
    assertThat(JobsPage.rounded("n/a")).isEqualTo("n/a");
  }
}
