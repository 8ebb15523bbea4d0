package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;

/**
 * {@code ALTER TABLE t SET ('media_validation' = 'on_write' | 'on_read', 'media_on_error' = 'keep'
 * | 'abort')}: the table's media settings, kept as Iceberg table properties ({@link
 * MediaPinning#VALIDATION}, {@link MediaPinning#ON_ERROR}).
 */
public final class MediaTableSettings {
  private static final Map<String, String> PROPERTIES =
      Map.of("media_validation", MediaPinning.VALIDATION, "media_on_error", MediaPinning.ON_ERROR);

  private MediaTableSettings() {}

  /** Sets the properties (string literals, key then value) in one metadata commit. */
  public static void apply(Table table, SqlNodeList properties) {
    UpdateProperties update = table.updateProperties();
    for (int i = 0; i + 1 < properties.size(); i += 2) {
      String key = text(properties.get(i)).toLowerCase(Locale.ROOT);
      String value = text(properties.get(i + 1)).toLowerCase(Locale.ROOT);
      String property = PROPERTIES.get(key);
      if (property == null) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot set '%s' on table %s: unknown setting (known: media_validation,"
                + " media_on_error)",
            key,
            table.name());
      }
      if (key.equals("media_validation")) {
        value = MediaConfig.Validation.parse(value).name().toLowerCase(Locale.ROOT);
      } else if (!value.equals("keep") && !value.equals("abort")) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot set media_on_error of table %s to '%s': give keep or abort",
            table.name(),
            value);
      }
      update.set(property, value);
    }
    update.commit();
  }

  private static String text(org.apache.calcite.sql.SqlNode node) {
    return ((SqlLiteral) node).getValueAs(String.class);
  }
}
