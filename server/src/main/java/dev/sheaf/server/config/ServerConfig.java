package dev.sheaf.server.config;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.IndexLocation;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.WarehouseCacheSettings;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.compute.model.ModelSettings;
import dev.sheaf.planner.result.KeptResultSettings;
import dev.sheaf.server.auth.UserCredentials;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * How {@code sheaf serve} runs: where it listens, where its tables live, and what it lets through.
 *
 * @param host address to bind; loopback by default
 * @param port Flight SQL port
 * @param dataDirectory the embedded data directory (SQLite catalog, local warehouse)
 * @param catalogUrl JDBC URL of a shared catalog database, or null for the embedded SQLite file
 * @param catalogUser user for the catalog database, or null
 * @param catalogPassword password for the catalog database, or null; never logged
 * @param warehouse warehouse location, or null for {@code <dataDirectory>/warehouse}
 * @param s3 the object store of an {@code s3://bucket/prefix} warehouse; its secret never logged
 * @param allowAnonymous serve clients without credentials on a non-loopback address
 * @param allowPlaintext serve without TLS on a non-loopback address
 * @param users {@code name:hash,...} of the users who may log in (hashes from {@code sheaf
 *     hash-password}), or null; once there are users, every client must log in
 * @param tlsCertificate PEM certificate chain to serve TLS with, or null for plaintext
 * @param tlsKey PEM private key (PKCS#8) of the certificate, or null
 * @param limits memory budget, threads and prepared statement limits
 * @param media where media may be read from and written to ({@code media-*} settings)
 * @param warehouseCache where data files of an {@code s3://} warehouse are kept locally for scans
 *     ({@code warehouse-cache-*} settings)
 * @param indexLocation whether Lucene indexes are also kept in the warehouse ({@code
 *     index-location}: local or warehouse)
 * @param web where the web pages are served ({@code web-*} settings)
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDirectory,
    String catalogUrl,
    String catalogUser,
    String catalogPassword,
    String warehouse,
    S3Settings s3,
    boolean allowAnonymous,
    boolean allowPlaintext,
    String users,
    Path tlsCertificate,
    Path tlsKey,
    ServerLimits limits,
    MediaConfig media,
    WarehouseCacheSettings warehouseCache,
    IndexLocation indexLocation,
    WebSettings web,
    java.util.Map<String, String> sourceSettings) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 31337;
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of("sheaf-data");

  public ServerConfig {
    sourceSettings =
        sourceSettings == null ? java.util.Map.of() : java.util.Map.copyOf(sourceSettings);
    requireNonNull(host, "host is null");
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(s3, "s3 is null");
    requireNonNull(limits, "limits is null");
    requireNonNull(media, "media is null");
    requireNonNull(warehouseCache, "warehouseCache is null");
    requireNonNull(indexLocation, "indexLocation is null");
    requireNonNull(web, "web is null");
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot serve TLS: give both tls-cert and tls-key (a PEM certificate chain and its key)");
    }
    for (Path file : new Path[] {tlsCertificate, tlsKey}) {
      if (file != null && !java.nio.file.Files.isReadable(file)) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION, "Cannot serve TLS: cannot read %s", file);
      }
    }
    if (port < 0 || port > 65535) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION, "Cannot use port %d: give 0..65535", port);
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_DATA_DIRECTORY,
        null,
        null,
        null,
        null,
        S3Settings.defaults(),
        false,
        false,
        null,
        null,
        null,
        ServerLimits.defaults(),
        MediaConfig.defaults(DEFAULT_DATA_DIRECTORY),
        WarehouseCacheSettings.defaults(DEFAULT_DATA_DIRECTORY.resolve("warehouse-cache")),
        IndexLocation.LOCAL,
        WebSettings.defaults(),
        java.util.Map.of());
  }

  public ServerConfig withLimits(ServerLimits newLimits) {
    return new ServerConfig(
        host,
        port,
        dataDirectory,
        catalogUrl,
        catalogUser,
        catalogPassword,
        warehouse,
        s3,
        allowAnonymous,
        allowPlaintext,
        users,
        tlsCertificate,
        tlsKey,
        newLimits,
        media,
        warehouseCache,
        indexLocation,
        web,
        sourceSettings);
  }

  public ServerConfig withWeb(WebSettings newWeb) {
    return new ServerConfig(
        host,
        port,
        dataDirectory,
        catalogUrl,
        catalogUser,
        catalogPassword,
        warehouse,
        s3,
        allowAnonymous,
        allowPlaintext,
        users,
        tlsCertificate,
        tlsKey,
        limits,
        media,
        warehouseCache,
        indexLocation,
        newWeb,
        sourceSettings);
  }

  public boolean usesTls() {
    return tlsCertificate != null;
  }

  /**
   * Where and for how long results are kept for partitioned reading: {@code <data>/kept-results}.
   */
  public KeptResultSettings keptResults() {
    return new KeptResultSettings(
        dataDirectory.resolve("kept-results"), limits.keptResultBytes(), limits.keptResultTtl());
  }

  /**
   * How models run, and where CREATE MODEL may load their files from: {@code <data>/models} (the
   * JVM properties {@code sheaf.model.*} change batch size and threads; see {@link
   * ModelSettings#defaults}).
   */
  public ModelSettings models() {
    return ModelSettings.defaults(dataDirectory);
  }

  /** The users who may log in; empty when the server accepts anonymous clients. */
  public UserCredentials credentials() {
    return UserCredentials.parse(users);
  }

  /** The catalog this server opens. */
  public CatalogConfig catalog() {
    CatalogConfig embedded = CatalogConfig.embedded(dataDirectory);
    return new CatalogConfig(
        catalogUrl == null ? embedded.catalogUri() : catalogUrl,
        catalogUser,
        catalogPassword,
        warehouse == null ? embedded.warehouse() : warehouse,
        s3,
        warehouseCache,
        indexLocation);
  }

  /**
   * Refuses a configuration that would expose data: a non-loopback address needs authentication and
   * TLS, which Sheaf does not have yet, so it needs both allow options.
   */
  public void checkExposure() {
    boolean loopback;
    try {
      loopback = InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION, "Cannot bind to '%s': unknown host", host);
    }
    boolean authenticated = !credentials().isEmpty();
    if (!loopback && !((authenticated || allowAnonymous) && (usesTls() || allowPlaintext))) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot serve on %s: a non-loopback address needs users (the users setting, or"
              + " --allow-anonymous) and TLS (tls-cert and tls-key, or --allow-plaintext), or bind"
              + " to 127.0.0.1",
          host);
    }
  }

  @Override
  public String toString() {
    return "ServerConfig[host="
        + host
        + ", port="
        + port
        + ", dataDirectory="
        + dataDirectory
        + ", catalogUrl="
        + dev.sheaf.catalog.config.JdbcUrls.masked(catalogUrl)
        + ", catalogUser="
        + catalogUser
        + ", catalogPassword="
        + (catalogPassword == null ? "null" : "***")
        + ", warehouse="
        + warehouse
        + ", s3="
        + s3
        + ", allowAnonymous="
        + allowAnonymous
        + ", allowPlaintext="
        + allowPlaintext
        + ", users="
        + credentials().names()
        + ", tlsCertificate="
        + tlsCertificate
        + ", limits="
        + limits
        + ", media="
        + media
        + ", web="
        + web
        + "]";
  }
}
