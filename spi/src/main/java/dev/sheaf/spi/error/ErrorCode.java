package dev.sheaf.spi.error;

import static dev.sheaf.spi.error.ErrorCategory.CONFLICT;
import static dev.sheaf.spi.error.ErrorCategory.EXTERNAL;
import static dev.sheaf.spi.error.ErrorCategory.INTERNAL;
import static dev.sheaf.spi.error.ErrorCategory.RESOURCES;
import static dev.sheaf.spi.error.ErrorCategory.USER;

/**
 * Sheaf's stable error codes. A code's name and number never change once released; clients match on
 * them. New codes are appended.
 */
public enum ErrorCode {
  SYNTAX_ERROR(1, USER),
  SCHEMA_NOT_FOUND(2, USER),
  SCHEMA_ALREADY_EXISTS(3, USER),
  SCHEMA_NOT_EMPTY(4, USER),
  TABLE_NOT_FOUND(5, USER),
  TABLE_ALREADY_EXISTS(6, USER),
  COLUMN_NOT_FOUND(7, USER),
  COLUMN_ALREADY_EXISTS(8, USER),
  TYPE_MISMATCH(9, USER),
  UNSUPPORTED_TYPE(10, USER),
  INVALID_QUERY(11, USER),
  NOT_NULL_VIOLATION(12, USER),
  DUPLICATE_KEY(13, USER),
  VERSION_NOT_FOUND(14, USER),
  REFERENCE_NOT_FOUND(15, USER),
  REFERENCE_ALREADY_EXISTS(16, USER),
  READ_ONLY_VERSION(17, USER),
  NOT_SUPPORTED(18, USER),
  INVALID_ARGUMENT(19, USER),
  INVALID_CONFIGURATION(20, USER),
  COMMIT_CONFLICT(21, CONFLICT),
  STORAGE_ERROR(22, EXTERNAL),
  CATALOG_ERROR(23, EXTERNAL),
  OUT_OF_MEMORY(24, RESOURCES),
  CANCELLED(25, USER),
  INTERNAL_ERROR(26, INTERNAL),
  MEDIA_NOT_FOUND(27, USER),
  MEDIA_CHANGED(28, USER),
  MEDIA_ACCESS_DENIED(29, USER),
  MEDIA_UNAVAILABLE(30, EXTERNAL),
  MEDIA_FORMAT_ERROR(31, USER),
  /** A ticket names a kept result that expired or was evicted: plan the query again. */
  RESULT_EXPIRED(32, USER),
  /** A result to keep for partitioned reading is larger than the kept-result budget. */
  RESULT_TOO_LARGE(33, RESOURCES),
  /** DROP INDEX names an index no table of the schema has. */
  INDEX_NOT_FOUND(34, USER),
  /** CREATE INDEX names an index a table of the schema already has. */
  INDEX_ALREADY_EXISTS(35, USER),
  /** No model of that name: neither built in nor created with CREATE MODEL. */
  MODEL_NOT_FOUND(36, USER),
  /** CREATE MODEL names a model that exists already. */
  MODEL_ALREADY_EXISTS(37, USER),
  /** A model file that is missing, outside the model root, or that ONNX Runtime cannot load. */
  MODEL_LOAD_ERROR(38, USER),
  /** A model whose inputs or outputs do not have the names, types or shapes its task needs. */
  MODEL_SHAPE_MISMATCH(39, USER),
  /** ONNX Runtime failed while running a model on a batch. */
  MODEL_RUN_ERROR(40, EXTERNAL),
  /** PAUSE, RESUME or CANCEL JOB names a job that does not exist. */
  JOB_NOT_FOUND(41, USER),
  /** An integer or DECIMAL division (or modulo) by zero, as PostgreSQL's 22012. */
  DIVISION_BY_ZERO(42, USER),
  /** A value that does not fit its type: integer arithmetic or a CAST overflowed (22003). */
  NUMERIC_OVERFLOW(43, USER),
  /**
   * A CAST of text that does not spell a value of the target type, e.g. 'abc' to INTEGER (22P02).
   */
  INVALID_CAST(44, USER),
  /**
   * A view that cannot be read as defined: its base table was dropped or renamed, or a column its
   * query reads or gives changed (CREATE OR REPLACE VIEW or DROP VIEW it).
   */
  VIEW_INVALID(45, USER),
  /** A source named in SYNC TABLE or DROP SOURCE that the catalog does not have. */
  SOURCE_NOT_FOUND(46, USER),
  /** CREATE SOURCE of a name the catalog already has. */
  SOURCE_ALREADY_EXISTS(47, USER),
  /** A source (a database, a bucket, a directory) that cannot be reached or refused access. */
  SOURCE_UNAVAILABLE(48, EXTERNAL),
  /** A source file or row that cannot be read as its format says (names the file and line). */
  SOURCE_FORMAT_ERROR(49, USER),
  /** An object whose bytes, read back after a copy, do not have the checksum of the bytes sent. */
  CHECKSUM_MISMATCH(50, EXTERNAL),
  /** A dataset the catalog does not have. */
  DATASET_NOT_FOUND(51, USER),
  /** CREATE DATASET of a name the catalog already has. */
  DATASET_ALREADY_EXISTS(52, USER),
  /** A dataset whose member table was dropped or renamed since the dataset named it. */
  DATASET_INVALID(53, USER),
  /** MERGE BRANCH where both sides changed the same rows (the message names them). */
  MERGE_CONFLICT(54, CONFLICT);

  private final int number;
  private final ErrorCategory category;

  ErrorCode(int number, ErrorCategory category) {
    this.number = number;
    this.category = category;
  }

  /** The stable number, sent to clients beside the name. */
  public int number() {
    return number;
  }

  public ErrorCategory category() {
    return category;
  }
}
