package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One probe attempt, as the kubelet's prober makes it: httpGet succeeds on a status in [200, 400),
 * tcpSocket on a connection, exec on exit code 0 — each within {@code timeoutSeconds}. Messages
 * follow upstream's wording, so events read the same as on a real node.
 */
final class Prober {
  static final String USER_AGENT = "kube-probe/1.34";

  record Result(boolean success, String message) {}

  private Prober() {}

  static Result probe(Probe probe, String podIp, Container container, Map<String, String> env) {
    Duration timeout = Duration.ofSeconds(valueOr(probe.getTimeoutSeconds(), 1));
    if (probe.getHttpGet() != null) {
      var get = probe.getHttpGet();
      String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
      int port = port(get.getPort(), container);
      String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
      String path = get.getPath() == null ? "/" : get.getPath();
      return httpGet(
          URI.create(scheme + "://" + host + ":" + port + path), get.getHttpHeaders(), timeout);
    }
    if (probe.getTcpSocket() != null) {
      var tcp = probe.getTcpSocket();
      String host = tcp.getHost() == null || tcp.getHost().isEmpty() ? podIp : tcp.getHost();
      return tcp(host, port(tcp.getPort(), container), timeout);
    }
    if (probe.getExec() != null) {
      return exec(probe.getExec().getCommand(), env, timeout);
    }
    return new Result(false, "probe has no handler (httpGet, tcpSocket or exec)");
  }

  private static Result httpGet(URI uri, List<HTTPHeader> headers, Duration timeout) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setConnectTimeout((int) timeout.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      connection.setRequestProperty("User-Agent", USER_AGENT);
      connection.setRequestProperty("Connection", "close");
      for (HTTPHeader header : headers) {
        connection.setRequestProperty(header.getName(), header.getValue());
      }
      int code = connection.getResponseCode();
      if (code >= 200 && code < 400) {
        return new Result(true, "");
      }
      return new Result(false, "HTTP probe failed with statuscode: " + code);
    } catch (IOException e) {
      return new Result(
          false,
          "Get \""
              + uri
              + "\": dial tcp "
              + uri.getHost()
              + ":"
              + uri.getPort()
              + ": "
              + describe(e));
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static Result tcp(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return new Result(true, "");
    } catch (IOException e) {
      return new Result(false, "dial tcp " + host + ":" + port + ": " + describe(e));
    }
  }

  private static Result exec(List<String> command, Map<String, String> env, Duration timeout) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(env);
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(false, "command timed out");
      }
      return process.exitValue() == 0
          ? new Result(true, "")
          : new Result(false, "command " + command + " exited with " + process.exitValue());
    } catch (IOException e) {
      return new Result(false, "exec failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  private static String describe(IOException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase();
    if (message.contains("refused")) {
      return "connect: connection refused";
    }
    if (e instanceof java.net.SocketTimeoutException || message.contains("timed out")) {
      return "i/o timeout";
    }
    return e.getMessage();
  }

  /** A probe's port: a number, or the name of one of the container's ports. */
  static int port(IntOrString port, Container container) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no container port named " + port.getStrVal()));
  }

  static int valueOr(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
