package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sheaf.spi.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * Full-text (BM25) indexes through SQL: the ranking of {@code ORDER BY text_match(body, 'q') DESC
 * LIMIT k} against Lucene run directly on the same texts (an in-memory index, the standard
 * analyzer, BM25), filters, merge-on-read deletes and updates, restart, hybrid RRF against fusion
 * by hand, and {@code similarity()}.
 */
class FullTextIndexTest extends EngineTestCase {
  private static final String[] WORDS = {
    "cat", "dog", "bird", "fish", "mouse", "horse", "garden", "river", "house", "tree", "red",
    "blue", "green", "small", "large", "quick", "lazy", "happy", "old", "young"
  };
  private static final int ROWS = 400;

  private final List<String> texts = new ArrayList<>();

  /** Rows 0..399 in two inserts (two files), tag = id % 4, words drawn with a skew; row 5 NULL. */
  private void docs() {
    Random random = new Random(20261207);
    update("CREATE TABLE docs (id INTEGER, tag INTEGER, body VARCHAR)");
    for (int half = 0; half < 2; half++) {
      List<List<Object>> rows = new ArrayList<>();
      for (int id = half * ROWS / 2; id < (half + 1) * ROWS / 2; id++) {
        StringBuilder text = new StringBuilder();
        int length = 3 + random.nextInt(12);
        for (int w = 0; w < length; w++) {
          double skew = random.nextDouble();
          text.append(w == 0 ? "" : " ").append(WORDS[(int) (skew * skew * WORDS.length)]);
        }
        String body = id == 5 ? null : text.toString();
        texts.add(body);
        rows.add(Arrays.asList(id, id % 4, body));
      }
      engine.executeBatch("INSERT INTO docs VALUES (?, ?, ?)", rows, new AtomicBoolean());
    }
    update("CREATE INDEX docs_body ON docs USING FULLTEXT (body)");
  }

  /** Lucene's own BM25 top k (id to score) over the rows {@code keep} holds, stats of all rows. */
  private Map<Integer, Float> lucene(String query, int k, IntPredicate keep) {
    try (ByteBuffersDirectory directory = new ByteBuffersDirectory();
        StandardAnalyzer analyzer = new StandardAnalyzer()) {
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
        for (int id = 0; id < texts.size(); id++) {
          if (texts.get(id) != null) {
            Document document = new Document();
            document.add(new StoredField("id", id));
            document.add(new TextField("body", texts.get(id), Field.Store.NO));
            writer.addDocument(document);
          }
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        Map<Integer, Float> top = new LinkedHashMap<>();
        for (ScoreDoc hit :
            searcher.search(new QueryParser("body", analyzer).parse(query), ROWS).scoreDocs) {
          int id =
              searcher.storedFields().document(hit.doc).getField("id").numericValue().intValue();
          if (keep.test(id) && top.size() < k) {
            top.put(id, hit.score);
          }
        }
        return top;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  /** Same scores in the same order as Lucene's, and each row's score is Lucene's for that row. */
  private static void assertRanking(List<List<Object>> rows, Map<Integer, Float> expected) {
    assertThat(rows).hasSize(expected.size());
    List<Float> scores = new ArrayList<>(expected.values());
    for (int i = 0; i < rows.size(); i++) {
      double score = (Double) rows.get(i).get(1);
      assertThat(score).isCloseTo(scores.get(i), within(1e-5));
      Float own = expected.get((Integer) rows.get(i).get(0));
      if (own != null) {
        assertThat(score).isCloseTo(own, within(1e-5));
      }
    }
  }

  @Test
  void ranksAsLuceneDoesAndExplainShowsTheIndex() {
    docs();
    for (String q : new String[] {"cat", "garden river", "\"happy dog\"", "+tree -cat", "hors*"}) {
      String sql =
          "SELECT id, text_match(body, '"
              + q.replace("'", "''")
              + "') AS score FROM docs ORDER BY score DESC LIMIT 10";
      assertRanking(query(sql), lucene(q, 10, id -> true));
    }
    // the largest k a text ranking takes, by position
    assertRanking(
        query("SELECT id, text_match(body, 'dog') FROM docs ORDER BY 2 DESC LIMIT 100"),
        lucene("dog", 100, id -> true));
    String explain =
        String.valueOf(
            query("EXPLAIN SELECT id FROM docs ORDER BY text_match(body, 'cat') DESC LIMIT 5"));
    assertThat(explain)
        .contains("SheafIndexTopK(index=docs_body, analyzer=standard, k=5)")
        .doesNotContain("text_match");
    assertThat(query("SELECT index_name, \"method\", metric, analyzer FROM sys.indexes"))
        .containsExactly(Arrays.asList("docs_body", "FULLTEXT", null, "standard"));
  }

  @Test
  void filtersApplyBeforeRankingAndKRowsComeBack() {
    docs();
    // "young" is the rarest word: filters leave fewer matches than k, or just enough
    for (String filter : new String[] {"tag = 1", "id < 300 AND tag <> 2", "id = 7"}) {
      String sql =
          "SELECT id, text_match(body, 'young OR old') FROM docs WHERE "
              + filter
              + " ORDER BY text_match(body, 'young OR old') DESC LIMIT 10";
      IntPredicate keep =
          switch (filter) {
            case "tag = 1" -> id -> id % 4 == 1;
            case "id = 7" -> id -> id == 7;
            default -> id -> id < 300 && id % 4 != 2;
          };
      List<List<Object>> rows = query(sql);
      assertRanking(rows, lucene("young OR old", 10, keep));
      assertThat(rows).allMatch(row -> keep.test((Integer) row.get(0)));
    }
    assertThat(
            String.valueOf(
                query(
                    "EXPLAIN SELECT id FROM docs WHERE tag = 1 ORDER BY"
                        + " text_match(body, 'cat') DESC LIMIT 5")))
        .contains("filtered");
    // a parameter for the query and the filter
    try (var result =
        engine.execute(
            "SELECT id FROM docs WHERE tag = ? ORDER BY text_match(body, ?) DESC LIMIT 3",
            List.of(1, "cat"),
            new AtomicBoolean())) {
      assertThat(QueryRows.of(result).rows().stream().map(r -> r.get(0)).toList())
          .isEqualTo(List.copyOf(lucene("cat", 3, id -> id % 4 == 1).keySet()));
    }
  }

  @Test
  void deletesAndUpdatesNeverComeBackAndTheIndexSurvivesRestart() {
    docs();
    String sql = "SELECT id FROM docs ORDER BY text_match(body, 'fish') DESC LIMIT 5";
    List<Object> before = query(sql).stream().map(r -> r.get(0)).toList();
    update("CREATE TAG v1 ON docs");
    update("DELETE FROM docs WHERE id = " + before.get(0));
    update("UPDATE docs SET body = 'no such word here' WHERE id = " + before.get(1));
    update("UPDATE docs SET body = 'fish fish fish fish' WHERE id = 3");
    assertThat(engine.catalog().loadTable("main", "docs").currentSnapshot().summary())
        .containsKey("total-delete-files");
    List<Object> after = query(sql).stream().map(r -> r.get(0)).toList();
    assertThat(after).doesNotContain(before.get(0), before.get(1)).startsWith(3);
    assertThat(after).contains(before.get(2), before.get(3), before.get(4));
    String tagged =
        "SELECT id FROM docs FOR VERSION AS OF 'v1' ORDER BY text_match(body, 'fish') DESC"
            + " LIMIT 5";
    assertThat(query(tagged).stream().map(r -> r.get(0)).toList()).isEqualTo(before);

    engine.close();
    engine = SheafEngine.open(directory);
    assertThat(query(sql).stream().map(r -> r.get(0)).toList()).isEqualTo(after);
    assertThat(String.valueOf(query("EXPLAIN " + sql))).contains("SheafIndexTopK");
    update("DROP INDEX docs_body");
    assertThat(failure(sql).code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
  }

  @Test
  void rankingsPastAHundredRowsComeInLucenesOrderWithItsScores() {
    docs();
    for (String q : new String[] {"cat dog bird", "garden river house"}) {
      Map<Integer, Float> expected = lucene(q, 300, id -> true);
      assertThat(expected.size()).isGreaterThan(100);
      assertRanking(
          query(
              "SELECT id, text_match(body, '"
                  + q
                  + "') AS s FROM docs"
                  + " ORDER BY s DESC LIMIT 300"),
          expected);
      Map<Integer, Float> tagged = lucene(q, 150, id -> id % 4 == 2);
      assertRanking(
          query(
              "SELECT id, text_match(body, '"
                  + q
                  + "') FROM docs WHERE tag = 2"
                  + " ORDER BY text_match(body, '"
                  + q
                  + "') DESC LIMIT 150"),
          tagged);
    }
  }

  @Test
  void textMatchAsAFilterKeepsTheMatchingRowsUnranked() {
    docs();
    for (String q : new String[] {"garden river", "\"happy dog\"", "+tree -cat", "hors*"}) {
      List<Integer> all = lucene(q, ROWS, id -> true).keySet().stream().sorted().toList();
      assertThat(all).isNotEmpty();
      assertThat(
              query(
                      "SELECT id FROM docs WHERE text_match(body, '"
                          + q.replace("'", "''")
                          + "') ORDER BY id")
                  .stream()
                  .map(row -> row.get(0))
                  .toList())
          .as(q)
          .isEqualTo(all);
      List<Integer> tagged = all.stream().filter(id -> id % 4 == 1).toList();
      assertThat(
              query(
                      "SELECT d.id, d.tag FROM docs AS d WHERE d.tag = 1 AND text_match(body, '"
                          + q
                          + "') ORDER BY d.id")
                  .stream()
                  .map(row -> row.get(0))
                  .toList())
          .isEqualTo(tagged);
      assertThat(
              query("SELECT count(*) FROM docs WHERE text_match(body, '" + q + "')").get(0).get(0))
          .isEqualTo((long) all.size());
    }
    // SELECT * keeps the table's own columns; no match is no row
    assertThat(query("SELECT * FROM docs WHERE text_match(body, 'cat') AND id = 0").get(0))
        .hasSize(3);
    assertThat(query("SELECT id FROM docs WHERE text_match(body, 'zebra')")).isEmpty();
    assertThat(query("EXPLAIN SELECT id FROM docs WHERE text_match(body, 'cat')").toString())
        .contains("+rowid");
    assertThat(engine.prepare("SELECT id FROM docs WHERE text_match(body, 'zebra')").columns())
        .hasSize(1);
    // a write is seen by the next filter (the plan is never kept)
    update("INSERT INTO docs VALUES (1000, 0, 'a zebra')");
    assertThat(query("SELECT id FROM docs WHERE text_match(body, 'zebra')"))
        .containsExactly(List.of(1000));
    update("CREATE TABLE plain (id INTEGER, body VARCHAR)");
    assertThat(failure("SELECT id FROM plain WHERE text_match(body, 'cat')").code())
        .isEqualTo(ErrorCode.INDEX_NOT_FOUND);
  }

  @Test
  void badDefinitionsAndQueriesAreClearErrors() {
    docs();
    var notText = failure("CREATE INDEX by_tag ON docs USING FULLTEXT (tag)");
    assertThat(notText.code()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(notText.getMessage()).contains("VARCHAR");
    assertThat(
            failure("CREATE INDEX x ON docs USING FULLTEXT (body) WITH (analyzer = 'klingon')")
                .code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure("CREATE INDEX x ON docs USING FULLTEXT (body) WITH (m = 3)").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure("CREATE INDEX docs_body ON docs USING FULLTEXT (body)").code())
        .isEqualTo(ErrorCode.INDEX_ALREADY_EXISTS);
    var malformed =
        failure("SELECT id FROM docs ORDER BY text_match(body, '\"unclosed') DESC LIMIT 5");
    assertThat(malformed.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(malformed.getMessage()).contains("not a valid full-text query");
    var inWhere = failure("SELECT id FROM docs WHERE text_match(body, 'cat') > 0");
    assertThat(inWhere.code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(inWhere.getMessage()).contains("ORDER BY text_match(c, 'query') DESC LIMIT k");
    assertThat(failure("SELECT id FROM docs ORDER BY text_match(body, 'cat') LIMIT 5").code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(
            failure(
                    "SELECT text_match(body, 'dog') FROM docs"
                        + " ORDER BY text_match(body, 'cat') DESC LIMIT 5")
                .getMessage())
        .contains("only the ranking's own text_match");
    var tooMany = failure("SELECT id FROM docs ORDER BY text_match(body, 'cat') DESC LIMIT 1001");
    assertThat(tooMany.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(tooMany.getMessage()).contains("at most 1000 rows");
    update("CREATE TABLE plain (id INTEGER, body VARCHAR)");
    update("INSERT INTO plain VALUES (1, 'cat')");
    var noIndex = failure("SELECT id FROM plain ORDER BY text_match(body, 'cat') DESC LIMIT 5");
    assertThat(noIndex.code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
    assertThat(noIndex.getMessage()).contains("USING FULLTEXT (body)");
    var drop = failure("ALTER TABLE docs DROP COLUMN body");
    assertThat(drop.code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
    update("DROP TABLE docs");
    assertThat(query("SELECT * FROM sys.indexes")).isEmpty();
  }

  @Test
  void analyzersAndComputedColumns() {
    update("CREATE TABLE notes (id INTEGER, body VARCHAR)");
    update("ALTER TABLE notes ADD COLUMN shout AS (upper(body))");
    update(
        "INSERT INTO notes VALUES (1, 'The cats were running'), (2, 'a cat runs'),"
            + " (3, 'dogs bark'), (4, NULL)");
    update("CREATE INDEX notes_body ON notes USING FULLTEXT (body) WITH (analyzer = 'english')");
    assertThat(
            query("SELECT id FROM notes ORDER BY text_match(body, 'run cat') DESC LIMIT 10")
                .stream()
                .map(r -> r.get(0))
                .toList())
        .containsExactlyInAnyOrder(1, 2);
    assertThat(query("SELECT id FROM notes ORDER BY text_match(body, 'the') DESC LIMIT 10"))
        .isEmpty();
    // a computed column, split on whitespace only: case matters
    update(
        "CREATE INDEX notes_shout ON notes USING FULLTEXT (shout) WITH (analyzer = 'whitespace')");
    assertThat(query("SELECT id FROM notes ORDER BY text_match(shout, 'CATS') DESC LIMIT 10"))
        .containsExactly(List.of(1));
    assertThat(query("SELECT id FROM notes ORDER BY text_match(shout, 'cats') DESC LIMIT 10"))
        .isEmpty();
    update("INSERT INTO notes (id, body) VALUES (5, 'more cats')");
    assertThat(query("SELECT id FROM notes ORDER BY text_match(shout, 'CATS') DESC LIMIT 10"))
        .hasSize(2);
  }

  @Test
  void droppingASchemaDropsItsFullTextIndexes() throws InterruptedException {
    update("CREATE SCHEMA lab");
    update("CREATE TABLE lab.notes (id INTEGER, body VARCHAR)");
    update("INSERT INTO lab.notes VALUES (1, 'a cat')");
    update("CREATE INDEX lab_body ON lab.notes USING FULLTEXT (body)");
    assertThat(engine.jobs().await(java.time.Duration.ofSeconds(60))).isTrue(); // its build job
    assertThat(query("SELECT id FROM lab.notes ORDER BY text_match(body, 'cat') DESC LIMIT 3"))
        .containsExactly(List.of(1));
    java.nio.file.Path tableIndexes =
        directory
            .resolve("indexes")
            .resolve(engine.catalog().loadTable("lab", "notes").uuid().toString());
    assertThat(tableIndexes.resolve("lab_body")).isDirectory();
    update("DROP SCHEMA lab CASCADE");
    assertThat(tableIndexes).doesNotExist();
    assertThat(query("SELECT * FROM sys.indexes")).isEmpty();
  }

  /** Points on the unit circle at angle id degrees, text "alpha" on even ids, "beta" on odd. */
  private void hybrid() {
    update("CREATE TABLE items (id INTEGER, body VARCHAR, emb VECTOR(2))");
    List<List<Object>> rows = new ArrayList<>();
    for (int id = 0; id < 60; id++) {
      double angle = Math.toRadians(id);
      String body = (id % 2 == 0 ? "alpha" : "beta") + " alpha".repeat(id % 5);
      rows.add(
          Arrays.asList(id, body, new float[] {(float) Math.cos(angle), (float) Math.sin(angle)}));
    }
    engine.executeBatch("INSERT INTO items VALUES (?, ?, ?)", rows, new AtomicBoolean());
    update("CREATE INDEX items_emb ON items USING HNSW (emb)");
    update("CREATE INDEX items_body ON items USING FULLTEXT (body)");
  }

  @Test
  void reciprocalRankFusionOfVectorAndTextRankings() {
    hybrid();
    String v = "ARRAY[0.0, 1.0]";
    List<Object> nearest =
        query("SELECT id FROM items ORDER BY cosine_distance(emb, " + v + ") + 0 LIMIT 60").stream()
            .map(r -> r.get(0))
            .toList();
    List<Object> matching =
        query("SELECT id FROM items ORDER BY text_match(body, 'alpha') DESC LIMIT 60").stream()
            .map(r -> r.get(0))
            .toList();
    Map<Object, Double> fused = new LinkedHashMap<>();
    for (int rank = 0; rank < nearest.size(); rank++) {
      fused.merge(nearest.get(rank), 1.0 / (60 + rank + 1), Double::sum);
    }
    for (int rank = 0; rank < matching.size(); rank++) {
      fused.merge(matching.get(rank), 1.0 / (60 + rank + 1), Double::sum);
    }
    List<Map.Entry<Object, Double>> expected = new ArrayList<>(fused.entrySet());
    expected.sort(
        Map.Entry.<Object, Double>comparingByValue()
            .reversed()
            .thenComparing(e -> (Integer) e.getKey()));
    String sql =
        "SELECT id, rrf(cosine_distance(emb, "
            + v
            + "), text_match(body, 'alpha')) AS score FROM items ORDER BY score DESC LIMIT 8";
    List<List<Object>> rows = query(sql);
    assertThat(rows).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(rows.get(i).get(0)).isEqualTo(expected.get(i).getKey());
      assertThat((Double) rows.get(i).get(1)).isCloseTo(expected.get(i).getValue(), within(1e-9));
    }
    // past a hundred rows the scores come from the candidate lists instead of CASEs: all 60 rows
    List<List<Object>> wide =
        query(
            "SELECT id, rrf(cosine_distance(emb, "
                + v
                + "), text_match(body, 'alpha')) AS score, text_match(body, 'alpha') AS t"
                + " FROM items ORDER BY score DESC LIMIT 150");
    assertThat(wide).hasSize(expected.size());
    for (int i = 0; i < wide.size(); i++) {
      assertThat(wide.get(i).get(0)).isEqualTo(expected.get(i).getKey());
      assertThat((Double) wide.get(i).get(1)).isCloseTo(expected.get(i).getValue(), within(1e-9));
      assertThat(wide.get(i).get(2) == null).isEqualTo(!matching.contains(wide.get(i).get(0)));
    }
    assertThat(String.valueOf(query("EXPLAIN " + sql)))
        .contains(
            "SheafIndexTopK(index=items_emb, metric=cosine, text_index=items_body,"
                + " analyzer=standard, fusion=rrf(60), k=8");
    // with a filter, both rankings see only the rows it keeps
    List<List<Object>> filtered =
        query(
            "SELECT id FROM items WHERE id < 10 ORDER BY rrf(cosine_distance(emb, "
                + v
                + "), text_match(body, 'alpha')) DESC LIMIT 20");
    assertThat(filtered).hasSize(10).allMatch(r -> (Integer) r.get(0) < 10);
    // text_match beside rrf is the BM25 score, NULL for a row only the vector ranking holds
    List<List<Object>> both =
        query(
            "SELECT id, text_match(body, 'alpha') AS t FROM items WHERE id IN (55, 1) ORDER BY"
                + " rrf(cosine_distance(emb, "
                + v
                + "), text_match(body, 'alpha')) DESC LIMIT 2");
    assertThat(both).hasSize(2);
    for (List<Object> row : both) {
      assertThat(row.get(1) == null).isEqualTo(row.get(0).equals(55));
    }
  }

  @Test
  void similarityIsOneMinusCosineDistanceAndUsesTheIndex() {
    hybrid();
    String v = "ARRAY[1.0, 1.0]";
    String sql = "SELECT id, similarity(emb, " + v + ") FROM items ORDER BY 2 DESC LIMIT 5";
    String byName = "SELECT id, similarity(emb, " + v + ") AS s FROM items ORDER BY s DESC LIMIT 5";
    assertThat(String.valueOf(query("EXPLAIN " + byName))).contains("SheafIndexTopK");
    List<List<Object>> rows = query(byName);
    assertThat(rows.stream().map(r -> r.get(0)).toList()).containsExactly(45, 44, 46, 43, 47);
    assertThat((Double) rows.get(0).get(1)).isCloseTo(1.0, within(1e-6));
    assertThat(query(sql).stream().map(r -> r.get(0)).toList())
        .isEqualTo(rows.stream().map(r -> r.get(0)).toList());
  }
}
