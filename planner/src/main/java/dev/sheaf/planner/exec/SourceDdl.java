package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.sources.SourceDefinition;
import dev.sheaf.catalog.sources.SourceReaders;
import dev.sheaf.planner.parser.SqlCreateSource;
import dev.sheaf.planner.parser.SqlDropSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.apache.calcite.sql.SqlCharStringLiteral;

/** CREATE SOURCE and DROP SOURCE: the sources SYNC TABLE reads, kept in the catalog database. */
final class SourceDdl {
  private final SheafCatalog catalog;

  SourceDdl(SheafCatalog catalog) {
    this.catalog = catalog;
  }

  void create(SqlCreateSource create) {
    String name = create.name.getSimple();
    if (create.ifNotExists && catalog.sources().find(name).isPresent()) {
      return;
    }
    SourceDefinition source =
        new SourceDefinition(
            name,
            ((SqlCharStringLiteral) create.uri).getValueAs(String.class),
            create.table == null ? null : String.join(".", create.table.names),
            create.credentials == null
                ? null
                : ((SqlCharStringLiteral) create.credentials).getValueAs(String.class),
            System.currentTimeMillis());
    SourceReaders.check(source);
    catalog.sources().add(source);
  }

  void drop(SqlDropSource drop) {
    String name = drop.name.getSimple();
    if (!catalog.sources().remove(name) && !drop.ifExists) {
      throw SheafException.of(
          ErrorCode.SOURCE_NOT_FOUND,
          "Cannot drop source '%s': it does not exist (SELECT * FROM sys.sources lists them)",
          name);
    }
  }
}
