package dev.sheaf.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit whose outcome the catalog cannot tell (the connection dropped after it was sent) keeps
 * its new files: the commit may have landed, and then its version references them. The fault is
 * injected by a table whose append commits for real and then reports an unknown state.
 */
class UnknownCommitStateTest {
  @TempDir Path directory;

  /** The table, with appends that land and then throw CommitStateUnknownException. */
  private static Table landingButUnknown(Table real) {
    return (Table)
        Proxy.newProxyInstance(
            Table.class.getClassLoader(),
            new Class<?>[] {Table.class},
            (proxy, method, args) -> {
              Object result = invoke(real, method, args);
              if (method.getName().equals("newAppend")) {
                AppendFiles append = (AppendFiles) result;
                return Proxy.newProxyInstance(
                    AppendFiles.class.getClassLoader(),
                    new Class<?>[] {AppendFiles.class},
                    (p, m, a) -> {
                      Object done = invoke(append, m, a);
                      if (m.getName().equals("commit")) {
                        throw new CommitStateUnknownException(
                            new java.sql.SQLTransientConnectionException("connection reset"));
                      }
                      return done == append ? p : done;
                    });
              }
              return result;
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void filesOfACommitThatMayHaveLandedAreKept() throws Exception {
    Files.createDirectories(directory);
    try (SheafCatalog catalog = SheafCatalog.open(CatalogConfig.embedded(directory))) {
      Table table =
          catalog.createTable(
              SheafCatalog.DEFAULT_SCHEMA,
              "unknown",
              List.of(new SheafColumn("id", SheafType.of(TypeKind.INTEGER), true)),
              List.of(),
              false);
      TableWrites writes = new TableWrites(catalog);
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        rows.add(new Object[] {i});
      }
      assertThatThrownBy(() -> writes.append(landingButUnknown(table), null, rows))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CATALOG_ERROR);
                assertThat(e.getMessage()).contains("Cannot tell whether the commit");
              });
      // the commit landed: its version reads back whole, because its file was not deleted
      table.refresh();
      List<DataFile> files = new ArrayList<>();
      TableRowReader reader = new TableRowReader(table, table.schema(), List.of("id"));
      for (FileScanTask task :
          reader.plan(table.currentSnapshot().snapshotId(), Expressions.alwaysTrue())) {
        files.add(task.file());
      }
      assertThat(files).isNotEmpty();
      for (DataFile file : files) {
        assertThat(table.io().newInputFile(file.location()).exists()).isTrue();
      }
      int read = 0;
      try (var all =
          reader.readAll(table.currentSnapshot().snapshotId(), Expressions.alwaysTrue())) {
        while (all.hasNext()) {
          all.next();
          read++;
        }
      }
      assertThat(read).isEqualTo(10);
    }
  }
}
