package io.scaleproof.sampleapps;

import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.provision.Cache;
import io.scaleproof.cluster.provision.NpmPackages;
import io.scaleproof.cluster.provision.PythonVenv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One sample service running as a local process on 127.0.0.1, for the contract suite. */
final class SampleAppProcess implements AutoCloseable {
  /** The three implementations and how each is started from the checkout. */
  enum Language {
    JAVA,
    NODE,
    PYTHON;

    List<String> command(Path sampleApps) {
      return switch (this) {
        case JAVA ->
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                sampleApps.resolve("java/target/sample-app-java.jar").toString());
        case NODE ->
            List.of(
                "node",
                NpmPackages.ensure(sampleApps.resolve("node"), Cache.root())
                    .resolve("app.js")
                    .toString());
        case PYTHON ->
            List.of(
                PythonVenv.ensure(sampleApps.resolve("python/requirements.txt"), Cache.root())
                    .resolve("bin/python3")
                    .toString(),
                "-u",
                sampleApps.resolve("python/app.py").toString());
      };
    }
  }

  /** Every app still running, stopped by a shutdown hook if the test JVM ends first. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "sample-apps-cleanup"));
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final URI base;
  private final Path log;

  private SampleAppProcess(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /** Starts the app with {@code appEnv} (APP_* variables) and waits until it answers. */
  static SampleAppProcess start(Language language, Map<String, String> appEnv) {
    SampleAppProcess app = launch(language, appEnv);
    try {
      awaitHealthy(language, app);
    } catch (RuntimeException | Error e) {
      // Started but never handed to the caller: nobody else would stop it.
      app.close();
      throw e;
    }
    return app;
  }

  private static void awaitHealthy(Language language, SampleAppProcess app) {
    await(language + " sample app answering /healthz")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        // Connection refused only means it is not listening yet.
        .ignoreExceptionsInstanceOf(UncheckedIOException.class)
        .failFast(language + " sample app exited", () -> !app.process.isAlive())
        .until(() -> app.statusOf("GET", "/healthz", "") == 200);
  }

  /** Starts the app without waiting, for start-up failures. */
  static SampleAppProcess launch(Language language, Map<String, String> appEnv) {
    Path sampleApps = Path.of("..").toAbsolutePath().normalize();
    int port = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("APP_HOST", "127.0.0.1");
    env.put("APP_PORT", String.valueOf(port));
    env.putAll(appEnv);
    try {
      Path log = Files.createTempFile("sample-app-" + language.name().toLowerCase(), ".log");
      ProcessBuilder builder =
          new ProcessBuilder(language.command(sampleApps))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      RUNNING.add(process);
      return new SampleAppProcess(process, URI.create("http://127.0.0.1:" + port), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  int statusOf(String method, String path, String body) {
    return send(method, path, body).statusCode();
  }

  HttpResponse<String> send(String method, String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the process to exit; its exit code and everything it printed. */
  Exited awaitExit(Duration within) throws InterruptedException, IOException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("sample app still running after " + within);
    }
    return new Exited(process.exitValue(), Files.readString(log));
  }

  record Exited(int code, String output) {}

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    RUNNING.remove(process);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
