package io.valwatch.exporter.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the HTTP server listens: {@code host:port}, {@code [ipv6]:port}, or {@code :port} for every
 * interface.
 *
 * @param host the host name or address to bind; {@code 0.0.0.0} for every IPv4 interface
 * @param port the TCP port; 0 picks a free one
 */
public record ListenAddress(String host, int port) {
  /** The default: this machine only (loopback), port 9300. */
  public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 9300);

  public ListenAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("listen host is empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("listen port must be within 0..65535, got " + port);
    }
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port} or {@code :port}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static ListenAddress parse(String text) {
    String value = text == null ? "" : text.strip();
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected host:port such as 0.0.0.0:9300, got '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("write an IPv6 host in brackets, such as [::1]:9300, got '" + value + "'");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a port number after ':', got '" + value + "'");
    }
    return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  /** True when the host is a loopback address or {@code localhost}: only this machine can connect. */
  public boolean isLoopback() {
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The socket address to bind. Resolves the host. */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
