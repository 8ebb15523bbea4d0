package dev.sheaf.spi.error;

/**
 * Who has to act on an error: the user, Sheaf's developers, an external system, or the operator.
 */
public enum ErrorCategory {
  /** The request is wrong; the message says how to fix it. */
  USER,
  /** A bug in Sheaf. */
  INTERNAL,
  /** Something outside Sheaf failed: object storage, a model, the catalog database. */
  EXTERNAL,
  /** A limit was reached: memory budget, disk, concurrency. */
  RESOURCES,
  /** Another writer committed first and the change could not be retried safely. */
  CONFLICT
}
