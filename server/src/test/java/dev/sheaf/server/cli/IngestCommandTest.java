package dev.sheaf.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The statement `sheaf ingest media` sends, and the arguments it refuses before connecting. */
class IngestCommandTest {
  @Test
  void quotesTheUrisAndNamesTheTable() {
    assertThat(IngestCommand.statement("file:///data/it's/", "s3://b/p/", null, null))
        .isEqualTo("INGEST MEDIA FROM 'file:///data/it''s/' TO 's3://b/p/'");
    assertThat(IngestCommand.statement("s3://a/", "s3://b/", "main.photos", "img"))
        .isEqualTo("INGEST MEDIA FROM 's3://a/' TO 's3://b/' INTO TABLE main.photos (img)");
  }

  @Test
  void refusesNamesThatAreNotPlainAndATableWithoutColumn() {
    assertThatThrownBy(() -> IngestCommand.statement("s3://a/", "s3://b/", "t; DROP", "img"))
        .hasMessageContaining("--table");
    assertThatThrownBy(() -> IngestCommand.statement("s3://a/", "s3://b/", "t", null))
        .hasMessageContaining("--table and --column go together");
  }

  @Test
  void withoutSourceAndDestinationPrintsTheUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        IngestCommand.run(
            new String[] {"media", "s3://only-one/"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: sheaf ingest media");
  }
}
