package io.scaleproof.cluster.lint;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address as a pipeline file writes it ({@code http://otel-collector.observability.svc:4318},
 * {@code jaeger-collector.observability.svc.cluster.local:4317}, {@code 0.0.0.0:4317}): scheme,
 * host and port, the port defaulted from the scheme when absent.
 */
record Endpoint(String scheme, String host, Integer port) {
  private static final Pattern ADDRESS =
      Pattern.compile(
          "^(?:(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://)?(?<host>\\[[^\\]]*\\]|[^:/]*)"
              + "(?::(?<port>\\d+))?(?:/.*)?$");

  static Optional<Endpoint> parse(String text) {
    if (text == null || text.isBlank() || text.contains("${")) {
      return Optional.empty();
    }
    Matcher matcher = ADDRESS.matcher(text.trim());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String scheme = matcher.group("scheme");
    Integer port = matcher.group("port") == null ? null : Integer.valueOf(matcher.group("port"));
    if (port == null && scheme != null) {
      port = scheme.equalsIgnoreCase("https") ? 443 : scheme.equalsIgnoreCase("http") ? 80 : null;
    }
    return Optional.of(new Endpoint(scheme, matcher.group("host"), port));
  }

  /** Whether the host is this machine only: pods elsewhere cannot reach a listener on it. */
  boolean loopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }
}
