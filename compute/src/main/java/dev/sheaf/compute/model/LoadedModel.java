package dev.sheaf.compute.model;

/** A model the registry loaded: a text_embedding {@link EmbeddingModel} or a {@link ClipModel}. */
public sealed interface LoadedModel permits EmbeddingModel, ClipModel {
  ModelSpec spec();

  /** The size of the vectors it returns. */
  int dimension();

  /** Closes its sessions and tokenizer (the model was dropped or the engine closes). */
  void close();
}
