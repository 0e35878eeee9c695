package io.scaleproof.cluster.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Listening TCP sockets of this machine, as "ip:port" strings, from /proc/net/tcp and
 * /proc/net/tcp6 — Java binds through dual-stack sockets, so its IPv4 listeners show in the IPv6
 * table as IPv4-mapped addresses.
 */
public final class LoopbackSockets {
  private static final String LISTEN = "0A";
  private static final String IPV4_MAPPED = "0000000000000000FFFF0000";

  private LoopbackSockets() {}

  public static List<String> listening() {
    List<String> sockets = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        Files.readAllLines(Path.of(table)).stream()
            .skip(1)
            .map(line -> line.trim().split("\\s+"))
            .filter(fields -> LISTEN.equals(fields[3]))
            .map(fields -> decode(fields[1]))
            .forEach(sockets::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sockets;
  }

  /**
   * "0100007F:1F90" → "127.0.0.1:8080"; an IPv4-mapped IPv6 address decodes to its IPv4 form, any
   * other IPv6 address stays hex. Addresses are 32-bit words in host (little-endian) order.
   */
  static String decode(String field) {
    String[] parts = field.split(":");
    String hex = parts[0];
    int port = Integer.parseInt(parts[1], 16);
    if (hex.length() == 32 && !hex.startsWith(IPV4_MAPPED)) {
      return "[" + hex + "]:" + port;
    }
    long address = Long.parseLong(hex.substring(hex.length() - 8), 16);
    String ip =
        (address & 0xff)
            + "."
            + ((address >> 8) & 0xff)
            + "."
            + ((address >> 16) & 0xff)
            + "."
            + ((address >> 24) & 0xff);
    return ip + ":" + port;
  }
}
