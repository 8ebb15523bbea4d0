package dev.sheaf.planner.media;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.DOUBLE;
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
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Registers Sheaf's media functions in a statement's root schema: {@code fetch}, {@code media_uri},
 * {@code media_size}, {@code media_etag}, {@code media_version}, {@code media_error}, {@code
 * width}, {@code height}, {@code format}, {@code presign(m, seconds)}, {@code thumbnail(m, max_side
 * [, 'png'|'jpeg'])}, the image functions of {@link ImageCalls} ({@code image_mode}, {@code
 * resize}, {@code crop}, {@code rotate}, {@code convert}, {@code encode}, {@code to_tensor}) and
 * {@code ocr(m)}, the video and audio functions of {@link AvCalls}, the document functions of
 * {@link DocumentCalls} ({@code document_page_count}, {@code document_text}, {@code
 * document_page_text}, {@code document_metadata}) and the table function {@code list_objects(prefix
 * [, pattern => glob])}. A function that can fail on one cell gives NULL there, and has an error
 * twin that {@code try_error(f(...))} calls ({@link MediaCellErrors}).
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
          "image_mode",
          "resize",
          "crop",
          "rotate",
          "convert",
          "encode",
          "to_tensor",
          "clip_image",
          "ocr",
          "video_metadata",
          "audio_metadata",
          "extract_frame",
          "audio_to_tensor",
          "audio_resample",
          "audio_segment",
          "document_page_count",
          "document_text",
          "document_page_text",
          "document_metadata");

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
    registerImageFunctions(root);
    add(root, "ocr", new MediaFunction("ocr", VARCHAR, m, VARCHAR));
    registerVideoAndAudioFunctions(root);
    List<String> d = List.of("d");
    add(root, "document_page_count", new MediaFunction("documentPageCount", INTEGER, d, VARCHAR));
    add(root, "document_text", new MediaFunction("documentText", VARCHAR, d, VARCHAR));
    add(
        root,
        "document_page_text",
        new MediaFunction("documentPageText", VARCHAR, List.of("d", "page"), VARCHAR, INTEGER));
    add(root, "document_metadata", new MediaFunction("documentMetadata", VARCHAR, d, VARCHAR));
    root.add("list_objects", TableFunctionImpl.create(ObjectListing.class, "listObjects"));
  }

  /**
   * The image functions ({@link ImageCalls}), each twice: on an IMAGE cell (a URI to Calcite) and
   * on image bytes (VARBINARY).
   */
  private static void registerImageFunctions(SchemaPlus root) {
    image(root, "image_mode", "imageMode", VARCHAR, List.of());
    image(root, "resize", "resize", VARBINARY, List.of("width", "height"), INTEGER, INTEGER);
    image(
        root,
        "crop",
        "crop",
        VARBINARY,
        List.of("x", "y", "width", "height"),
        INTEGER,
        INTEGER,
        INTEGER,
        INTEGER);
    image(root, "rotate", "rotate", VARBINARY, List.of("degrees"), INTEGER);
    image(root, "convert", "convert", VARBINARY, List.of("mode"), VARCHAR);
    image(root, "encode", "encode", VARBINARY, List.of("encoding"), VARCHAR);
    image(root, "encode", "encodeAs", VARBINARY, List.of("encoding", "quality"), VARCHAR, INTEGER);
    image(root, "to_tensor", "toTensor", VARBINARY, List.of("height", "width"), INTEGER, INTEGER);
    image(
        root,
        "to_tensor",
        "toTensorAs",
        VARBINARY,
        List.of("height", "width", "layout"),
        INTEGER,
        INTEGER,
        VARCHAR);
  }

  /** The FFmpeg functions of {@link AvCalls}, on VIDEO and AUDIO cells. */
  private static void registerVideoAndAudioFunctions(SchemaPlus root) {
    add(root, "video_metadata", new MediaFunction("videoMetadata", VARCHAR, List.of("v"), VARCHAR));
    add(root, "audio_metadata", new MediaFunction("audioMetadata", VARCHAR, List.of("a"), VARCHAR));
    add(
        root,
        "extract_frame",
        new MediaFunction("extractFrame", VARBINARY, List.of("v", "t"), VARCHAR, DOUBLE));
    add(
        root,
        "audio_to_tensor",
        new MediaFunction(
            "audioToTensor", VARBINARY, List.of("a", "sample_rate"), VARCHAR, INTEGER));
    add(
        root,
        "audio_to_tensor",
        new MediaFunction(
            "audioToTensorSized",
            VARBINARY,
            List.of("a", "sample_rate", "samples"),
            VARCHAR,
            INTEGER,
            INTEGER));
    add(
        root,
        "audio_resample",
        new MediaFunction("audioResample", VARBINARY, List.of("a", "rate"), VARCHAR, INTEGER));
    add(
        root,
        "audio_segment",
        new MediaFunction(
            "audioSegment", VARBINARY, List.of("a", "start", "end"), VARCHAR, DOUBLE, DOUBLE));
  }

  /** Registers the IMAGE-cell and the VARBINARY overload of an image function. */
  private static void image(
      SchemaPlus root,
      String name,
      String method,
      SqlTypeName result,
      List<String> names,
      SqlTypeName... types) {
    List<String> all = new java.util.ArrayList<>();
    all.add("img");
    all.addAll(names);
    SqlTypeName[] cellTypes = new SqlTypeName[types.length + 1];
    SqlTypeName[] byteTypes = new SqlTypeName[types.length + 1];
    cellTypes[0] = VARCHAR;
    byteTypes[0] = VARBINARY;
    System.arraycopy(types, 0, cellTypes, 1, types.length);
    System.arraycopy(types, 0, byteTypes, 1, types.length);
    add(root, name, new MediaFunction(method, result, all, cellTypes));
    String bytesMethod =
        method.startsWith("encode") || method.startsWith("toTensor")
            ? method.replaceFirst("^(encode|toTensor)", "$1Bytes")
            : method + "Bytes";
    add(root, name, new MediaFunction(bytesMethod, result, all, byteTypes));
  }

  /** Registers a media function that can fail on a cell, and its error twin for try_error. */
  private static void add(SchemaPlus root, String name, MediaFunction function) {
    root.add(name, function);
    root.add(TryErrorCalls.TWIN_PREFIX + name, function.errorTwin());
  }
}
