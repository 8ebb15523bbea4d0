package dev.sheaf.planner.parser;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSpecialOperator;

/** The operators of Sheaf's DDL nodes; they only name the statement in plans and messages. */
final class SheafDdlOperator {
  static final SqlSpecialOperator CREATE_SCHEMA =
      new SqlSpecialOperator("CREATE SCHEMA", SqlKind.CREATE_SCHEMA);
  static final SqlSpecialOperator DROP_SCHEMA =
      new SqlSpecialOperator("DROP SCHEMA", SqlKind.DROP_SCHEMA);
  static final SqlSpecialOperator CREATE_TABLE =
      new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);
  static final SqlSpecialOperator DROP_TABLE =
      new SqlSpecialOperator("DROP TABLE", SqlKind.DROP_TABLE);
  static final SqlSpecialOperator ALTER_TABLE =
      new SqlSpecialOperator("ALTER TABLE", SqlKind.ALTER_TABLE);
  static final SqlSpecialOperator JOB_CONTROL =
      new SqlSpecialOperator("JOB CONTROL", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator INGEST_MEDIA =
      new SqlSpecialOperator("INGEST MEDIA", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator TRUNCATE_TABLE =
      new SqlSpecialOperator("TRUNCATE TABLE", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator CREATE_REFERENCE =
      new SqlSpecialOperator("CREATE REFERENCE", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator DROP_REFERENCE =
      new SqlSpecialOperator("DROP REFERENCE", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator CREATE_INDEX =
      new SqlSpecialOperator("CREATE INDEX", SqlKind.CREATE_INDEX);
  static final SqlSpecialOperator DROP_INDEX =
      new SqlSpecialOperator("DROP INDEX", SqlKind.DROP_INDEX);
  static final SqlSpecialOperator CREATE_MODEL =
      new SqlSpecialOperator("CREATE MODEL", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator DROP_MODEL =
      new SqlSpecialOperator("DROP MODEL", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator CREATE_VIEW =
      new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW);
  static final SqlSpecialOperator DROP_VIEW =
      new SqlSpecialOperator("DROP VIEW", SqlKind.DROP_VIEW);
  static final SqlSpecialOperator CREATE_DATASET =
      new SqlSpecialOperator("CREATE DATASET", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator DROP_DATASET =
      new SqlSpecialOperator("DROP DATASET", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator DATASET_STATEMENT =
      new SqlSpecialOperator("DATASET STATEMENT", SqlKind.OTHER);
  static final SqlSpecialOperator CREATE_SOURCE =
      new SqlSpecialOperator("CREATE SOURCE", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator DROP_SOURCE =
      new SqlSpecialOperator("DROP SOURCE", SqlKind.OTHER_DDL);
  static final SqlSpecialOperator SYNC_TABLE = new SqlSpecialOperator("SYNC TABLE", SqlKind.OTHER);
  static final SqlSpecialOperator COLUMN_DECLARATION =
      new SqlSpecialOperator("COLUMN DECLARATION", SqlKind.COLUMN_DECL);

  private SheafDdlOperator() {}
}
