package dev.sheaf.catalog.media.s3;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.media.ObjectUploads;
import dev.sheaf.catalog.media.cache.FileDownloads;
import dev.sheaf.catalog.media.cache.MediaCache;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code s3://bucket/key} media on AWS S3, Backblaze B2 or any S3-compatible store, through the AWS
 * SDK v2 asynchronous client (netty). Each bucket is served by the first {@link S3MediaProfile}
 * whose bucket patterns match it; a bucket no profile matches is {@code MEDIA_ACCESS_DENIED}. A
 * path-style URL at a profile's endpoint ({@code https://<endpoint>/<bucket>/<key>}) is served by
 * the first profile of that endpoint whose patterns match the bucket: profiles are chosen per
 * bucket, or per endpoint and bucket.
 *
 * <ul>
 *   <li>{@link #stat}: HeadObject (size, ETag without quotes, version id where the bucket keeps
 *       versions).
 *   <li>{@link #open}: GetObject of the pin's version id when it has one; otherwise with {@code
 *       If-Match} on the pinned ETag, and the answer's ETag and size checked again, so an
 *       overwritten object is {@code MEDIA_CHANGED}. A range is sent as a Range header.
 *   <li>{@link #list}: ListObjectsV2; the page token is the continuation token.
 *   <li>{@link #write}: PutObject without conditional headers; checked uploads ({@link
 *       ObjectUploads}: Content-MD5, multipart) in {@link S3Uploads}; {@link #delete}: DeleteObject
 *       (B2 only hides the object: older versions stay readable by version id).
 *   <li>{@link #download}: the same read written straight to a file by the HTTP client (the {@link
 *       FileDownloads} capability the media cache uses).
 *   <li>{@link #presign}: a presigned GET (of the pinned version when there is one). Without a
 *       version id the URL reads whatever the key holds when it is used.
 * </ul>
 *
 * <p>Errors: 404 is {@code MEDIA_NOT_FOUND}, 401/403 {@code MEDIA_ACCESS_DENIED}, 412 {@code
 * MEDIA_CHANGED}, anything left after the profile's retries {@code MEDIA_UNAVAILABLE}. Reading the
 * returned stream fails with an IOException when the connection breaks.
 */
public final class S3MediaStore implements MediaStore, FileDownloads, ObjectUploads {
  /** The longest a SigV4 presigned URL may live. */
  public static final Duration MAX_PRESIGN = Duration.ofDays(7);

  private final List<S3ProfileClients> profiles;
  private final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();
  private final S3Uploads checkedUploads = new S3Uploads(location -> clients(location, "write"));

  /** Opens one client per profile; the first profile whose patterns match a bucket serves it. */
  public S3MediaStore(List<S3MediaProfile> profiles) {
    requireNonNull(profiles, "profiles is null");
    List<S3ProfileClients> opened = new ArrayList<>();
    for (S3MediaProfile profile : profiles) {
      opened.add(S3ProfileClients.open(profile));
    }
    this.profiles = List.copyOf(opened);
  }

  /**
   * {@code s3://bucket/key} URIs whose bucket a profile's patterns match, and path-style http(s)
   * URLs at a profile's endpoint ({@code https://s3.us-west-004.backblazeb2.com/bucket/key}) whose
   * bucket that profile's patterns match: those are read with the profile's credentials.
   */
  @Override
  public boolean serves(URI uri) {
    if (S3Location.isS3(uri)) {
      return find(uri.getHost()).isPresent();
    }
    if (S3Location.isEndpointUrl(uri)) {
      S3Location location = S3Location.parse(uri, true);
      return find(location).isPresent();
    }
    return false;
  }

  @Override
  public BlobInfo stat(URI uri) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients clients = clients(location, "stat");
    try {
      HeadObjectResponse head =
          clients
              .client()
              .headObject(request -> request.bucket(location.bucket()).key(location.key()))
              .join();
      return new BlobInfo(
          uri,
          head.contentLength(),
          ETags.strip(head.eTag()),
          head.versionId(),
          head.lastModified());
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "stat", location, clients.profile());
    }
  }

  @Override
  public InputStream open(BlobPin pin, ByteRange range) {
    S3Location location = S3Location.parse(pin.uri(), false);
    S3ProfileClients clients = clients(location, "read");
    if (isEmpty(pin, range)) {
      return InputStream.nullInputStream();
    }
    ResponseInputStream<GetObjectResponse> body;
    try {
      body =
          clients
              .client()
              .getObject(
                  request(location, pin, range), AsyncResponseTransformer.toBlockingInputStream())
              .join();
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "read", location, clients.profile());
    }
    if (!isPinned(body.response(), pin, range)) {
      body.abort();
      throw S3Errors.changed("read", location, null);
    }
    return new S3BodyStream(body);
  }

  /** Lets the SDK's HTTP client write the file; what {@link MediaCache} uses for S3. */
  @Override
  public void download(BlobPin pin, ByteRange range, Path file) {
    S3Location location = S3Location.parse(pin.uri(), false);
    S3ProfileClients clients = clients(location, "read");
    try {
      if (isEmpty(pin, range)) {
        Files.createFile(file);
        return;
      }
      GetObjectResponse response =
          clients
              .client()
              .getObject(request(location, pin, range), AsyncResponseTransformer.toFile(file))
              .join();
      if (!isPinned(response, pin, range)) {
        Files.deleteIfExists(file);
        throw S3Errors.changed("read", location, null);
      }
    } catch (IOException e) {
      throw S3Errors.map(e, "read", location, clients.profile());
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw S3Errors.map(e, "read", location, clients.profile());
    }
  }

  private static boolean isEmpty(BlobPin pin, ByteRange range) {
    return !range.isAll() && (range.length() == 0 || range.offset() >= pin.size());
  }

  private static GetObjectRequest request(S3Location location, BlobPin pin, ByteRange range) {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
    if (pin.versionId() != null) {
      request.versionId(pin.versionId());
    } else {
      request.ifMatch(ETags.quote(pin.etag()));
    }
    if (!range.isAll()) {
      String end = range.length() < 0 ? "" : String.valueOf(range.offset() + range.length() - 1);
      request.range("bytes=" + range.offset() + "-" + end);
    }
    return request.build();
  }

  /** The answer carries the pinned bytes: the pinned version, or the pinned ETag and size. */
  private static boolean isPinned(GetObjectResponse response, BlobPin pin, ByteRange range) {
    boolean sameTag = pin.versionId() != null || pin.etag().equals(ETags.strip(response.eTag()));
    boolean sameSize = !range.isAll() || response.contentLength() == pin.size();
    return sameTag && sameSize;
  }

  @Override
  public ListingPage list(URI prefix, String pageToken, int pageSize) {
    S3Location location = S3Location.parse(prefix, true);
    S3ProfileClients clients = clients(location, "list");
    try {
      ListObjectsV2Response page =
          clients
              .client()
              .listObjectsV2(
                  request ->
                      request
                          .bucket(location.bucket())
                          .prefix(location.key())
                          .maxKeys(pageSize)
                          .continuationToken(pageToken))
              .join();
      List<BlobInfo> entries = new ArrayList<>();
      for (S3Object object : page.contents()) {
        entries.add(
            new BlobInfo(
                location.uri(object.key()),
                object.size(),
                ETags.strip(object.eTag()),
                null,
                object.lastModified()));
      }
      return new ListingPage(
          entries, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "list", location, clients.profile());
    }
  }

  @Override
  public BlobInfo write(URI uri, InputStream bytes, long length, String contentType) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients clients = clients(location, "write");
    try {
      PutObjectResponse put =
          clients
              .client()
              .putObject(
                  request ->
                      request
                          .bucket(location.bucket())
                          .key(location.key())
                          .contentLength(length)
                          .contentType(contentType),
                  AsyncRequestBody.fromInputStream(bytes, length, uploads))
              .join();
      return new BlobInfo(uri, length, ETags.strip(put.eTag()), put.versionId(), null);
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "write", location, clients.profile());
    }
  }

  @Override
  public BlobInfo put(URI uri, byte[] bytes, byte[] md5, String contentType) {
    return checkedUploads.put(uri, bytes, md5, contentType);
  }

  @Override
  public String startMultipart(URI uri, String contentType) {
    return checkedUploads.startMultipart(uri, contentType);
  }

  @Override
  public String putPart(URI uri, String uploadId, int number, byte[] bytes, byte[] md5) {
    return checkedUploads.putPart(uri, uploadId, number, bytes, md5);
  }

  @Override
  public BlobInfo completeMultipart(URI uri, String uploadId, List<String> partEtags, long size) {
    return checkedUploads.completeMultipart(uri, uploadId, partEtags, size);
  }

  @Override
  public void abortMultipart(URI uri, String uploadId) {
    checkedUploads.abortMultipart(uri, uploadId);
  }

  @Override
  public void delete(URI uri) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients clients = clients(location, "delete");
    try {
      clients
          .client()
          .deleteObject(request -> request.bucket(location.bucket()).key(location.key()))
          .join();
    } catch (RuntimeException e) {
      SheafException mapped = S3Errors.map(e, "delete", location, clients.profile());
      if (mapped.code() != ErrorCode.MEDIA_NOT_FOUND) {
        throw mapped;
      }
    }
  }

  @Override
  public Optional<URI> presign(BlobPin pin, Duration validFor) {
    S3Location location = S3Location.parse(pin.uri(), false);
    if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_PRESIGN) > 0) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot presign %s for %s: S3 signatures last from 1 second to 7 days (give a"
              + " duration in that range)",
          location,
          validFor);
    }
    S3ProfileClients clients = clients(location, "presign");
    try {
      URI url =
          clients
              .presigner()
              .presignGetObject(
                  presign ->
                      presign
                          .signatureDuration(validFor)
                          .getObjectRequest(
                              get ->
                                  get.bucket(location.bucket())
                                      .key(location.key())
                                      .versionId(pin.versionId())))
              .url()
              .toURI();
      return Optional.of(url);
    } catch (java.net.URISyntaxException | RuntimeException e) {
      throw S3Errors.map(e, "presign", location, clients.profile());
    }
  }

  @Override
  public void close() {
    uploads.close();
    for (S3ProfileClients clients : profiles) {
      clients.close();
    }
  }

  private Optional<S3ProfileClients> find(String bucket) {
    return profiles.stream().filter(clients -> clients.profile().serves(bucket)).findFirst();
  }

  /** The profile for a location: of its endpoint (path-style) and bucket, or of its bucket. */
  private Optional<S3ProfileClients> find(S3Location location) {
    if (location.endpoint() == null) {
      return find(location.bucket());
    }
    return profiles.stream()
        .filter(
            clients ->
                clients.profile().endpoint() != null
                    && clients.profile().pathStyle()
                    && S3Location.authority(clients.profile().endpoint())
                        .equals(location.endpoint())
                    && clients.profile().serves(location.bucket()))
        .findFirst();
  }

  private S3ProfileClients clients(S3Location location, String verb) {
    return find(location)
        .orElseThrow(
            () ->
                SheafException.of(
                    ErrorCode.MEDIA_ACCESS_DENIED,
                    "Cannot %s %s: no S3 media profile serves bucket '%s' (add the bucket to a"
                        + " profile's bucket patterns)",
                    verb,
                    location,
                    location.bucket()));
  }

  @Override
  public String toString() {
    return "S3MediaStore" + profiles.stream().map(S3ProfileClients::profile).toList();
  }
}
