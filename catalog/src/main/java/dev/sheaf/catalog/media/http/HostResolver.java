package dev.sheaf.catalog.media.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to its addresses. {@link HttpMediaStore} resolves each host once per request
 * hop, checks every address, and connects only to those addresses (never resolving the name again),
 * so a DNS answer that changes between the check and the connection (rebinding) cannot steer it.
 */
@FunctionalInterface
public interface HostResolver {
  InetAddress[] resolve(String host) throws UnknownHostException;

  /** The system resolver (the JDK's name service, with its cache). */
  static HostResolver system() {
    return InetAddress::getAllByName;
  }
}
