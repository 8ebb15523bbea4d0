package dev.sheaf.catalog.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.ChecksumSpecs;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utils.Md5Utils;

/**
 * Sends {@code Content-MD5}, and no {@code x-amz-checksum-crc32}, on S3 operations that require a
 * checksum (DeleteObjects, which Iceberg's bulk delete uses). Even with request checksum
 * calculation WHEN_REQUIRED the AWS SDK (2.30 and later) adds a CRC32 header to those operations,
 * and S3-compatible stores that predate it (S3Proxy, and B2 per Sheaf's design notes) reject the
 * request, so dropped tables and expired versions would leave their files behind. The SDK's own
 * {@code LegacyMd5Plugin} adds the MD5 but keeps the CRC32.
 */
final class Md5ChecksumInterceptor implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    ChecksumSpecs specs = attributes.getAttribute(SdkExecutionAttribute.RESOLVED_CHECKSUM_SPECS);
    Optional<RequestBody> body = context.requestBody();
    if (specs == null
        || specs.algorithmV2() != null
        || !specs.isRequestChecksumRequired()
        || body.isEmpty()) {
      return context.httpRequest();
    }
    String md5;
    try (InputStream in = body.get().contentStreamProvider().newStream()) {
      md5 = Md5Utils.md5AsBase64(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the checksum the operation requires is the MD5 above: the SDK adds no other
    attributes.putAttribute(
        SdkExecutionAttribute.RESOLVED_CHECKSUM_SPECS,
        specs.toBuilder().isRequestChecksumRequired(false).build());
    return context.httpRequest().toBuilder().putHeader("Content-MD5", md5).build();
  }
}
