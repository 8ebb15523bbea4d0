package dev.sheaf.catalog.media.s3;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps what the AWS SDK throws to Sheaf's media error codes. Messages name the profile, bucket and
 * key and the store's error code, never credentials or the SDK's message text.
 */
final class S3Errors {
  private S3Errors() {}

  static SheafException map(
      Throwable failure, String verb, S3Location location, S3MediaProfile profile) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SheafException sheaf) {
      return sheaf;
    }
    if (cause instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code =
          service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
              ? "HTTP " + status
              : service.awsErrorDetails().errorCode();
      return switch (status) {
        case 404 ->
            new SheafException(
                ErrorCode.MEDIA_NOT_FOUND,
                String.format(
                    "Cannot %s %s: the object does not exist (%s; check the bucket and key)",
                    verb, location, code),
                service);
        case 401, 403 ->
            new SheafException(
                ErrorCode.MEDIA_ACCESS_DENIED,
                String.format(
                    "Cannot %s %s: access denied (%s; check the credentials of S3 media profile"
                        + " '%s' and the bucket's permissions)",
                    verb, location, code, profile.name()),
                service);
        case 412 -> changed(verb, location, service);
        case 416 ->
            new SheafException(
                ErrorCode.INVALID_ARGUMENT,
                String.format(
                    "Cannot %s %s: the byte range starts past the end of the object (read a"
                        + " range inside the object's size)",
                    verb, location),
                service);
        default -> unavailable(verb, location, profile, code, service);
      };
    }
    String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName();
    return unavailable(verb, location, profile, reason, cause);
  }

  static SheafException changed(String verb, S3Location location, Throwable cause) {
    return new SheafException(
        ErrorCode.MEDIA_CHANGED,
        String.format(
            "Cannot %s %s: the object was overwritten after it was pinned (re-insert the row to"
                + " pin the new bytes, or enable versioning on the bucket to keep the old ones)",
            verb, location),
        cause);
  }

  private static SheafException unavailable(
      String verb, S3Location location, S3MediaProfile profile, String reason, Throwable cause) {
    return new SheafException(
        ErrorCode.MEDIA_UNAVAILABLE,
        String.format(
            "Cannot %s %s: the store kept failing after %d attempts (%s; try again later, or"
                + " raise maxAttempts of S3 media profile '%s')",
            verb, location, profile.maxAttempts(), reason, profile.name()),
        cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    if (current instanceof SdkException && !(current instanceof AwsServiceException)) {
      // a client-side failure may wrap the service's answer
      Throwable inner = current.getCause();
      if (inner instanceof AwsServiceException || inner instanceof SheafException) {
        return inner;
      }
    }
    return current;
  }
}
