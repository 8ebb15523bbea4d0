package dev.sheaf.planner.media;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARBINARY;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Registers Sheaf's media functions in a statement's root schema: {@code fetch}, {@code media_uri},
 * {@code media_size}, {@code media_etag}, {@code media_version}, {@code media_error}, {@code
 * width}, {@code height}, {@code format}, {@code presign(m, seconds)}, {@code thumbnail(m, max_side
 * [, 'png'|'jpeg'])}, {@code ocr(m)} and the table function {@code list_objects(prefix [, pattern
 * => glob])}. A function that can fail on one cell gives NULL there, and has an error twin that
 * {@code try_error(f(...))} calls ({@link MediaCellErrors}).
 */
public final class MediaFunctions {
  /** The scalar functions that read a media cell's pin. */
  private static final Set<String> PIN_READERS =
      Set.of(
          "fetch",
          "media_uri",
          "media_size",
          "media_etag",
          "media_version",
          "media_error",
          "width",
          "height",
          "format",
          "presign",
          "thumbnail",
          "clip_image",
          "ocr");

  private MediaFunctions() {}

  /** Whether a statement calls a function that reads media pins. */
  public static boolean calledIn(SqlNode statement) {
    boolean[] found = {false};
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
            if (PIN_READERS.contains(name) || name.startsWith(TryErrorCalls.TWIN_PREFIX)) {
              found[0] = true;
            }
            return super.visit(call);
          }
        });
    return found[0];
  }

  public static void register(SchemaPlus root) {
    List<String> m = List.of("m");
    add(root, "fetch", new MediaFunction("fetch", VARBINARY, m, VARCHAR));
    add(root, "media_uri", new MediaFunction("mediaUri", VARCHAR, m, VARCHAR));
    add(root, "media_size", new MediaFunction("mediaSize", BIGINT, m, VARCHAR));
    add(root, "media_etag", new MediaFunction("mediaEtag", VARCHAR, m, VARCHAR));
    add(root, "media_version", new MediaFunction("mediaVersion", VARCHAR, m, VARCHAR));
    root.add("media_error", new MediaFunction("mediaError", VARCHAR, m, VARCHAR));
    add(root, "width", new MediaFunction("width", INTEGER, m, VARCHAR));
    add(root, "height", new MediaFunction("height", INTEGER, m, VARCHAR));
    add(root, "format", new MediaFunction("format", VARCHAR, m, VARCHAR));
    add(
        root,
        "presign",
        new MediaFunction("presign", VARCHAR, List.of("m", "seconds"), VARCHAR, INTEGER));
    add(
        root,
        "thumbnail",
        new MediaFunction("thumbnail", VARBINARY, List.of("m", "max_side"), VARCHAR, INTEGER));
    add(
        root,
        "thumbnail",
        new MediaFunction(
            "thumbnailAs",
            VARBINARY,
            List.of("m", "max_side", "encoding"),
            VARCHAR,
            INTEGER,
            VARCHAR));
    add(root, "ocr", new MediaFunction("ocr", VARCHAR, m, VARCHAR));
    root.add("list_objects", TableFunctionImpl.create(ObjectListing.class, "listObjects"));
  }

  /** Registers a media function that can fail on a cell, and its error twin for try_error. */
  private static void add(SchemaPlus root, String name, MediaFunction function) {
    root.add(name, function);
    root.add(TryErrorCalls.TWIN_PREFIX + name, function.errorTwin());
  }
}
