package dev.sheaf.benchmarks;

import dev.sheaf.compute.document.ChunkSeparator;
import dev.sheaf.compute.document.ChunkSettings;
import dev.sheaf.compute.document.ChunkTokenizer;
import dev.sheaf.compute.document.DocumentChunk;
import dev.sheaf.compute.document.DocumentChunker;
import dev.sheaf.compute.document.DocumentReader;
import dev.sheaf.compute.document.DocumentText;
import dev.sheaf.testing.DocumentSamples;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Chunks of generated multi-page PDFs per second: each file read, its text extracted (PDFBox, per
 * page) and cut into chunks of at most 256 MiniLM tokens at paragraphs and sentences ({@code
 * document_chunks(separators => 'paragraph,sentence', max_tokens => 256)}), on one thread, best of
 * {@code runs} after a warm-up pass. The Python peer (benchmarks/python/document_peer.py) does the
 * same with pypdf and the same tokenizer.json.
 *
 * <pre>DocumentChunkBenchmark --dir DIR [--documents N] [--pages P] [--runs R]</pre>
 */
public final class DocumentChunkBenchmark {
  private static final String[] WORDS = {
    "data",
    "training",
    "model",
    "images",
    "the",
    "of",
    "a",
    "tables",
    "server",
    "query",
    "version",
    "snapshot",
    "embedding",
    "tokenizer",
    "document",
    "pages",
    "with",
    "and",
    "for",
    "rows",
    "columns",
    "storage",
    "bucket",
    "multimodal",
    "iceberg",
    "parquet",
    "arrow",
    "flight",
    "index",
    "search",
    "vector",
    "chunk",
    "sentence",
    "paragraph",
    "heading",
    "reliable",
    "incremental"
  };

  private DocumentChunkBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int documents = 200;
    int pages = 10;
    int runs = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--documents" -> documents = Integer.parseInt(args[i + 1]);
        case "--pages" -> pages = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Cannot read argument '" + args[i] + "'");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("Give --dir DIR");
    }
    run(dir, documents, pages, runs, System.out);
  }

  /** Writes the PDFs (when the folder has none), then measures; prints and returns the figure. */
  static Map<String, Object> run(Path dir, int documents, int pages, int runs, PrintStream out)
      throws IOException {
    List<Path> files = generate(dir, documents, pages);
    DocumentChunker chunker = new DocumentChunker(ChunkTokenizer.minilm());
    ChunkSettings settings =
        new ChunkSettings(ChunkSeparator.parseList("paragraph,sentence"), 256, 0);
    long[] counted = pass(files, chunker, settings);
    double best = Double.MAX_VALUE;
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      counted = pass(files, chunker, settings);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    Map<String, Object> figure = new LinkedHashMap<>();
    figure.put("benchmark", "document_chunks");
    figure.put("engine", "sheaf (PDFBox + MiniLM WordPiece, Java)");
    figure.put("documents", files.size());
    figure.put("pages", counted[0]);
    figure.put("chunks", counted[1]);
    figure.put("max_tokens_seen", counted[2]);
    figure.put("seconds", best);
    figure.put("chunks_per_second", counted[1] / best);
    figure.put("pages_per_second", counted[0] / best);
    out.println(JsonLine.of(figure));
    return figure;
  }

  /** Pages, chunks and the longest chunk in tokens of one pass over every file. */
  private static long[] pass(List<Path> files, DocumentChunker chunker, ChunkSettings settings)
      throws IOException {
    long pages = 0;
    long chunks = 0;
    long longest = 0;
    for (Path file : files) {
      DocumentText text =
          DocumentReader.read(file.toUri().toString(), Files.readAllBytes(file), null);
      pages += text.pageCount();
      for (DocumentChunk chunk : chunker.chunk(text, settings)) {
        chunks++;
        longest = Math.max(longest, chunk.tokens());
      }
    }
    return new long[] {pages, chunks, longest};
  }

  /** {@code documents} PDFs of {@code pages} pages of seeded paragraphs, unless already there. */
  static List<Path> generate(Path dir, int documents, int pages) throws IOException {
    Files.createDirectories(dir);
    for (int d = 0; d < documents; d++) {
      Path file = dir.resolve(String.format("doc-%05d.pdf", d));
      if (Files.exists(file)) {
        continue;
      }
      Random random = new Random(d);
      List<List<List<String>>> content = new ArrayList<>();
      for (int p = 0; p < pages; p++) {
        List<List<String>> paragraphs = new ArrayList<>();
        for (int q = 0; q < 4 + random.nextInt(3); q++) {
          paragraphs.add(paragraph(random, 3 + random.nextInt(4)));
        }
        content.add(paragraphs);
      }
      Files.write(file, DocumentSamples.pdf(content, "Document " + d, "Sheaf benchmarks"));
    }
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(f -> f.toString().endsWith(".pdf")).sorted().limit(documents).toList();
    }
  }

  /** Lines of about 75 characters of seeded words; a sentence ends every 8 to 20 words. */
  private static List<String> paragraph(Random random, int lines) {
    List<String> out = new ArrayList<>();
    int untilStop = 8 + random.nextInt(13);
    boolean capital = true;
    for (int l = 0; l < lines; l++) {
      StringBuilder line = new StringBuilder();
      while (line.length() < 70) {
        String word = WORDS[random.nextInt(WORDS.length)];
        if (capital) {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
          capital = false;
        }
        if (--untilStop == 0) {
          word += ".";
          capital = true;
          untilStop = 8 + random.nextInt(13);
        }
        line.append(line.isEmpty() ? "" : " ").append(word);
      }
      out.add(line.toString());
    }
    return out;
  }
}
