package dev.sheaf.index.vector;

/** One row an index search found: its row id, data file and position there, and Lucene's score. */
public record VectorHit(long rowId, String file, long position, float score) {}
