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
 * is loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16, 100.64/10 shared, fc00::/7 unique
 * local), unspecified (0.0.0.0/8, ::) or multicast, unless {@code allowPrivateAddresses}.
 * Link-local addresses (169.254/16, fe80::/10) and the cloud metadata services (AWS, GCP and Azure
 * IMDS at 169.254.169.254, AWS fd00:ec2::254, Azure's 168.63.129.16, Alibaba's 100.100.100.200,
 * Oracle's 192.0.0.192) are refused even then: they never serve media. An IPv6 address that carries
 * an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4
 * 2002:AABB:CCDD::) is judged as that IPv4 address too.
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
            isMetadata(address) || address.isLinkLocalAddress() || embeddedIpv4(address).isPresent()
                ? "link-local and cloud metadata addresses are never fetched"
                : "allow private addresses in the media configuration to fetch from private"
                    + " networks");
      }
    }
    return List.of(addresses);
  }

  /** Why the policy refuses an address, or empty when it may be fetched from. */
  public Optional<String> refusal(InetAddress address) {
    Optional<InetAddress> embedded = embeddedIpv4(address);
    if (embedded.isPresent()) {
      Optional<String> refused = refusal(embedded.get());
      if (refused.isPresent()) {
        return Optional.of(refused.get() + " inside an IPv6 address");
      }
    }
    if (isMetadata(address)) {
      return Optional.of("a cloud metadata address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address");
    }
    if (allowPrivateAddresses) {
      return Optional.empty();
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("a loopback address");
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

  /** The cloud metadata services' IPv4 addresses (AWS/GCP/Azure IMDS, Azure, Alibaba, Oracle). */
  private static final List<List<Integer>> METADATA_IPV4 =
      List.of(
          List.of(169, 254, 169, 254),
          List.of(168, 63, 129, 16),
          List.of(100, 100, 100, 200),
          List.of(192, 0, 0, 192));

  /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
  static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    int from = -1;
    boolean zeros = java.util.Arrays.equals(java.util.Arrays.copyOfRange(b, 0, 10), new byte[10]);
    if (zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      from = 12; // ::ffff:a.b.c.d
    } else if (zeros && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 15)) {
      from = 12; // ::a.b.c.d (not :: or ::1)
    } else if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 11)) {
      from = 12; // 64:ff9b::a.b.c.d
    } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      from = 2; // 2002:AABB:CCDD::
    }
    if (from < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, from, from + 4)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i <= to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMetadata(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      for (List<Integer> metadata : METADATA_IPV4) {
        boolean same = true;
        for (int i = 0; i < 4; i++) {
          same &= (b[i] & 0xff) == metadata.get(i);
        }
        if (same) {
          return true;
        }
      }
      return false;
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
