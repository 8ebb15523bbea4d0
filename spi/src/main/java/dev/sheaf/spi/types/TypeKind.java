package dev.sheaf.spi.types;

/** The kinds of value a Sheaf column holds. */
public enum TypeKind {
  BOOLEAN,
  INTEGER,
  BIGINT,
  REAL,
  DOUBLE,
  DECIMAL,
  VARCHAR,
  DATE,
  TIMESTAMP,
  TIMESTAMP_TZ,
  VARBINARY,
  JSON,
  VECTOR,
  IMAGE,
  VIDEO,
  AUDIO,
  DOCUMENT;

  /** Media kinds hold a URI reference to bytes that live elsewhere. */
  public boolean isMedia() {
    return this == IMAGE || this == VIDEO || this == AUDIO || this == DOCUMENT;
  }
}
