package dev.sheaf.compute.model;

import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loaded clip model as callers see it: texts and images to unit vectors of one space, cut into
 * batches of the configured size and run on the registry's bounded pool, each batch one ONNX call.
 * Images are decoded and preprocessed inside their batch's task; one that fails to decode gets its
 * own error and the others of its batch go on.
 */
public final class ClipModel implements LoadedModel {
  private final ModelSpec spec;
  private final ClipEncoder encoder;
  private final ModelBatches batches;
  private final AtomicLong calls = new AtomicLong();

  ClipModel(ModelSpec spec, ClipEncoder encoder, ExecutorService pool, int batchSize) {
    this.spec = spec;
    this.encoder = encoder;
    this.batches = new ModelBatches(spec.name(), pool, batchSize);
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public int dimension() {
    return encoder.dimension();
  }

  /** How many ONNX calls (batches) this model has run since it was loaded. */
  public long calls() {
    return calls.get();
  }

  /** An encoded image to embed, {@code source} naming it in errors (its URI). */
  public record Image(String source, byte[] bytes) {}

  /** The vectors of images, in order, and the error of each image that gave none. */
  public record ImageVectors(float[][] vectors, SheafException[] errors) {}

  /** Unit vectors for the texts, in order; a null text gives a null vector. */
  public float[][] embedTexts(List<String> texts) {
    List<Integer> present = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) != null) {
        present.add(i);
      }
    }
    float[][] computed =
        batches.run(
            present,
            batch -> {
              calls.incrementAndGet();
              return encoder.encodeTexts(batch.stream().map(texts::get).toList());
            });
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < present.size(); i++) {
      vectors[present.get(i)] = computed[i];
    }
    return vectors;
  }

  /**
   * Unit vectors for the images, in order; a null image gives a null vector, an image that cannot
   * be decoded a null vector and its error (MEDIA_FORMAT_ERROR).
   */
  public ImageVectors embedImages(List<Image> images) {
    SheafException[] errors = new SheafException[images.size()];
    List<Integer> present = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i) != null) {
        present.add(i);
      }
    }
    float[][] computed =
        batches.run(
            present,
            batch -> {
              List<float[]> pixels = new ArrayList<>(batch.size());
              List<Integer> decoded = new ArrayList<>(batch.size());
              for (int b = 0; b < batch.size(); b++) {
                Image image = images.get(batch.get(b));
                try {
                  pixels.add(
                      ClipImages.pixelValues(image.source(), image.bytes(), encoder.imageSize()));
                  decoded.add(b);
                } catch (SheafException e) {
                  errors[batch.get(b)] = e;
                }
              }
              float[][] vectors = new float[batch.size()][];
              if (!pixels.isEmpty()) {
                calls.incrementAndGet();
                float[][] done = encoder.encodeImages(pixels);
                for (int d = 0; d < done.length; d++) {
                  vectors[decoded.get(d)] = done[d];
                }
              }
              return vectors;
            });
    float[][] vectors = new float[images.size()][];
    for (int i = 0; i < present.size(); i++) {
      vectors[present.get(i)] = computed[i];
    }
    return new ImageVectors(vectors, errors);
  }

  /** The vector of one image; its decoding error is thrown. */
  public float[] embedImage(String source, byte[] bytes) {
    ImageVectors result = embedImages(List.of(new Image(source, bytes)));
    if (result.errors()[0] != null) {
      throw result.errors()[0];
    }
    return result.vectors()[0];
  }

  @Override
  public void close() {
    encoder.close();
  }
}
