package dev.sheaf.catalog.media.s3;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Checked uploads for {@link S3MediaStore}: PutObject and UploadPart carry {@code Content-MD5}, so
 * the server refuses bytes that changed on the way (400 BadDigest); multipart uploads are
 * CreateMultipartUpload, UploadPart and CompleteMultipartUpload (or AbortMultipartUpload). Errors
 * map as the store's do ({@link S3Errors}).
 */
final class S3Uploads {
  private final Function<S3Location, S3ProfileClients> clients;

  S3Uploads(Function<S3Location, S3ProfileClients> clients) {
    this.clients = clients;
  }

  BlobInfo put(URI uri, byte[] bytes, byte[] md5, String contentType) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients profile = clients.apply(location);
    try {
      PutObjectResponse put =
          profile
              .client()
              .putObject(
                  request ->
                      request
                          .bucket(location.bucket())
                          .key(location.key())
                          .contentLength((long) bytes.length)
                          .contentMD5(base64(md5))
                          .contentType(contentType),
                  AsyncRequestBody.fromBytes(bytes))
              .join();
      return new BlobInfo(uri, bytes.length, ETags.strip(put.eTag()), put.versionId(), null);
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "write", location, profile.profile());
    }
  }

  String startMultipart(URI uri, String contentType) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients profile = clients.apply(location);
    try {
      return profile
          .client()
          .createMultipartUpload(
              request ->
                  request.bucket(location.bucket()).key(location.key()).contentType(contentType))
          .join()
          .uploadId();
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "start an upload of", location, profile.profile());
    }
  }

  String putPart(URI uri, String uploadId, int number, byte[] bytes, byte[] md5) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients profile = clients.apply(location);
    try {
      return ETags.strip(
          profile
              .client()
              .uploadPart(
                  request ->
                      request
                          .bucket(location.bucket())
                          .key(location.key())
                          .uploadId(uploadId)
                          .partNumber(number)
                          .contentLength((long) bytes.length)
                          .contentMD5(base64(md5)),
                  AsyncRequestBody.fromBytes(bytes))
              .join()
              .eTag());
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "upload part " + number + " of", location, profile.profile());
    }
  }

  BlobInfo completeMultipart(URI uri, String uploadId, List<String> partEtags, long size) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients profile = clients.apply(location);
    if (partEtags.isEmpty()) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot complete the upload of %s: it has no parts (send an empty object in one PUT)",
          location);
    }
    List<CompletedPart> parts = new ArrayList<>();
    for (int i = 0; i < partEtags.size(); i++) {
      parts.add(CompletedPart.builder().partNumber(i + 1).eTag(partEtags.get(i)).build());
    }
    try {
      CompleteMultipartUploadResponse done =
          profile
              .client()
              .completeMultipartUpload(
                  request ->
                      request
                          .bucket(location.bucket())
                          .key(location.key())
                          .uploadId(uploadId)
                          .multipartUpload(upload -> upload.parts(parts)))
              .join();
      return new BlobInfo(uri, size, ETags.strip(done.eTag()), done.versionId(), null);
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "complete the upload of", location, profile.profile());
    }
  }

  void abortMultipart(URI uri, String uploadId) {
    S3Location location = S3Location.parse(uri, false);
    S3ProfileClients profile = clients.apply(location);
    try {
      profile
          .client()
          .abortMultipartUpload(
              request -> request.bucket(location.bucket()).key(location.key()).uploadId(uploadId))
          .join();
    } catch (RuntimeException e) {
      SheafException mapped = S3Errors.map(e, "abort the upload of", location, profile.profile());
      if (mapped.code() != ErrorCode.MEDIA_NOT_FOUND) {
        throw mapped;
      }
    }
  }

  private static String base64(byte[] md5) {
    return Base64.getEncoder().encodeToString(md5);
  }
}
