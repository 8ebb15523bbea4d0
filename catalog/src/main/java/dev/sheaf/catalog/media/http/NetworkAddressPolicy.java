package dev.sheaf.catalog.media.http;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which hosts an http(s) fetch may reach. A host is resolved and refused when any of its addresses
 * is loopback (127/8, ::1), link-local (169.254/16, fe80::/10), private (10/8, 172.16/12,
 * 192.168/16, 100.64/10 shared, fc00::/7 unique local), unspecified (0.0.0.0/8, ::) or multicast,
 * unless {@code allowPrivateAddresses}. Cloud metadata addresses (169.254.169.254, fd00:ec2::254)
 * are refused even then: they never serve media.
 *
 * <p>DNS rebinding: {@link #checkedAddresses} resolves the host once and returns the addresses it
 * checked; {@link HttpMediaStore} connects only to those ({@link HttpWire}), for every redirect
 * hop, so a name that answers differently a moment later cannot steer a request elsewhere.
 */
public record NetworkAddressPolicy(boolean allowPrivateAddresses) {

  /** Resolves the URI's host and fails with MEDIA_ACCESS_DENIED when the policy refuses it. */
  public void check(URI uri) {
    checkedAddresses(uri, HostResolver.system());
  }

  /**
   * Resolves the URI's host once with {@code resolver} and returns its addresses, every one of them
   * checked; fails with MEDIA_ACCESS_DENIED when the policy refuses any.
   */
  public List<InetAddress> checkedAddresses(URI uri, HostResolver resolver) {
    String host = uri.getHost();
    if (host == null) {
      throw SheafException.of(
          ErrorCode.MEDIA_ACCESS_DENIED,
          "Cannot fetch %s: the URL has no host (give an absolute http or https URL)",
          UriRedaction.redact(uri));
    }
    InetAddress[] addresses;
    try {
      addresses =
          resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      throw new SheafException(
          ErrorCode.MEDIA_NOT_FOUND,
          String.format(
              "Cannot fetch %s: host '%s' is not known (check the URL)",
              UriRedaction.redact(uri), host),
          e);
    }
    if (addresses == null || addresses.length == 0) {
      throw SheafException.of(
          ErrorCode.MEDIA_NOT_FOUND,
          "Cannot fetch %s: host '%s' has no address (check the URL)",
          UriRedaction.redact(uri),
          host);
    }
    for (InetAddress address : addresses) {
      Optional<String> refused = refusal(address);
      if (refused.isPresent()) {
        throw SheafException.of(
            ErrorCode.MEDIA_ACCESS_DENIED,
            "Cannot fetch %s: host '%s' is %s, %s (%s)",
            UriRedaction.redact(uri),
            host,
            address.getHostAddress(),
            refused.get(),
            isMetadata(address)
                ? "cloud metadata is never fetched"
                : "allow private addresses in the media configuration to fetch from private"
                    + " networks");
      }
    }
    return List.of(addresses);
  }

  /** Why the policy refuses an address, or empty when it may be fetched from. */
  public Optional<String> refusal(InetAddress address) {
    if (isMetadata(address)) {
      return Optional.of("a cloud metadata address");
    }
    if (allowPrivateAddresses) {
      return Optional.empty();
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("a loopback address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address");
    }
    if (address.isAnyLocalAddress() || startsWith(address, 0)) {
      return Optional.of("an unspecified address");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("a multicast address");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("a private address");
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
      return Optional.of("a shared (carrier-grade NAT) address");
    }
    if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
      return Optional.of("a unique local (private) address");
    }
    return Optional.empty();
  }

  private static boolean startsWith(InetAddress address, int firstByte) {
    return address instanceof Inet4Address && (address.getAddress()[0] & 0xff) == firstByte;
  }

  private static boolean isMetadata(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return (b[0] & 0xff) == 169
          && (b[1] & 0xff) == 254
          && (b[2] & 0xff) == 169
          && (b[3] & 0xff) == 254;
    }
    // fd00:ec2::254
    return (b[0] & 0xff) == 0xfd
        && b[1] == 0
        && (b[2] & 0xff) == 0x0e
        && (b[3] & 0xff) == 0xc2
        && java.util.Arrays.equals(java.util.Arrays.copyOfRange(b, 4, 14), new byte[10])
        && b[14] == 0x02
        && (b[15] & 0xff) == 0x54;
  }
}
