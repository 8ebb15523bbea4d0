package dev.sheaf.catalog.sources;

/** Reads the rows of one source a sync asks for. */
public interface SourceReader {
  /** The rows, or SOURCE_UNAVAILABLE / SOURCE_FORMAT_ERROR; reads nothing half. */
  SourceRows read(SourceQuery query);
}
