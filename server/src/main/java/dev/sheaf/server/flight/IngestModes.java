package dev.sheaf.server.flight;

import dev.sheaf.planner.exec.TableIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption;

/**
 * Flight SQL's ingest options as Sheaf's ingest modes. ADBC sends: create = (CREATE, FAIL), append
 * = (FAIL, APPEND), replace = (CREATE, REPLACE), create_append = (CREATE, APPEND).
 */
final class IngestModes {
  private IngestModes() {}

  static TableIngest.Mode of(TableDefinitionOptions options) {
    boolean create = options.getIfNotExist() != TableNotExistOption.TABLE_NOT_EXIST_OPTION_FAIL;
    TableExistsOption exists = options.getIfExists();
    if (exists == TableExistsOption.TABLE_EXISTS_OPTION_REPLACE) {
      return TableIngest.Mode.REPLACE;
    }
    if (exists == TableExistsOption.TABLE_EXISTS_OPTION_APPEND) {
      return create ? TableIngest.Mode.CREATE_APPEND : TableIngest.Mode.APPEND;
    }
    return TableIngest.Mode.CREATE;
  }
}
