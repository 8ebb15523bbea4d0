package dev.sheaf.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server reaches tables through the engine's public face (SheafEngine, TableDirectory,
 * statement results) and configures storage with the catalog's configuration records; it never uses
 * the catalog's tables, stores or Iceberg itself.
 */
class LayeringTest {
  private static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.sheaf.server");

  @Test
  void theServerUsesNoCatalogInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.sheaf.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sheaf.catalog", "dev.sheaf.catalog.iceberg..", "dev.sheaf.catalog.arrow..")
        .check(SERVER);
  }

  @Test
  void theServerNeverTouchesIcebergOrParquet() {
    noClasses()
        .that()
        .resideInAPackage("dev.sheaf.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.iceberg..", "org.apache.parquet..")
        .check(SERVER);
  }
}
