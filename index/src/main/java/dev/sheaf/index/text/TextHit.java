package dev.sheaf.index.text;

/** One row a full-text search found: its row id and BM25 score (higher is better). */
public record TextHit(long rowId, float score) {}
