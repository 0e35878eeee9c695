package io.scaleproof.sampleapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample service in Java: {@code GET /work} under a capacity model, health and readiness
 * endpoints, and {@code POST /admin/behaviour}. Built on the JDK's HTTP server, which the
 * OpenTelemetry Java agent instruments; the service itself knows nothing of telemetry.
 */
public final class SampleApp {
  private static final Pattern JSON_FIELD =
      Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"([^\"]*)\"|[-0-9.eE+]+)");

  private volatile Behaviour behaviour;
  private final Workers workers;
  private final long startedNanos = System.nanoTime();
  private final String instance;

  private SampleApp(Behaviour behaviour, String instance) {
    this.behaviour = behaviour;
    this.workers = new Workers(behaviour.concurrency(), behaviour.queueLimit());
    this.instance = instance;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> env = System.getenv();
    Behaviour behaviour;
    try {
      behaviour = Behaviour.fromEnv(env);
    } catch (IllegalArgumentException e) {
      System.err.println("sample-app-java: " + e.getMessage());
      System.exit(2);
      return;
    }
    String host = env.getOrDefault("APP_HOST", "127.0.0.1");
    int port = Integer.parseInt(env.getOrDefault("APP_PORT", "8080"));
    SampleApp app = new SampleApp(behaviour, env.getOrDefault("HOSTNAME", "local"));
    // The JDK server writes headers and body apart; with Nagle's algorithm against the client's
    // delayed ACK that costs ~40 ms a response, which would swamp the declared service time.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    // One thread per request: requests wait for a worker in Workers, never in the accept queue.
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/work", app::work);
    server.createContext("/healthz", exchange -> respond(exchange, 200, "{\"status\":\"ok\"}"));
    server.createContext("/readyz", app::ready);
    server.createContext("/admin/behaviour", app::admin);
    server.start();
    System.out.println(
        "sample-app-java listening on " + host + ":" + port + " " + behaviour.toJson());
  }

  private void work(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    Behaviour b = behaviour;
    try {
      if (!workers.acquire()) {
        respond(exchange, 503, "{\"error\":\"queue full\"}");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "{\"error\":\"interrupted\"}");
      return;
    }
    long queued = System.nanoTime() - arrived;
    try {
      Duration service = ServiceTime.draw(b);
      // The service time is spent waiting, not computing: sleeping is the behaviour itself.
      Thread.sleep(service.toMillis(), service.toNanosPart() % 1_000_000);
      boolean fail = ThreadLocalRandom.current().nextDouble() < b.errorRate();
      respond(
          exchange,
          fail ? 500 : 200,
          String.format(
              "{\"instance\":\"%s\",\"serviceTimeMs\":%.3f,\"queuedMs\":%.3f%s}",
              instance,
              service.toNanos() / 1e6,
              queued / 1e6,
              fail ? ",\"error\":\"injected\"" : ""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "{\"error\":\"interrupted\"}");
    } finally {
      workers.release();
    }
  }

  private void ready(HttpExchange exchange) throws IOException {
    boolean ready = System.nanoTime() - startedNanos >= behaviour.startupDelay().toNanos();
    respond(exchange, ready ? 200 : 503, ready ? "{\"ready\":true}" : "{\"ready\":false}");
  }

  private void admin(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "{\"error\":\"POST a JSON object of changes\"}");
      return;
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> changes = new LinkedHashMap<>();
    Matcher field = JSON_FIELD.matcher(body);
    while (field.find()) {
      changes.put(field.group(1), field.group(3) != null ? field.group(3) : field.group(2));
    }
    try {
      Behaviour changed = behaviour.with(changes);
      workers.resize(changed.concurrency(), changed.queueLimit());
      behaviour = changed;
      respond(exchange, 200, changed.toJson());
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}");
    }
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
