package io.scaleproof.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaleproof.cluster.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher script {@code ./scaleproof}, run by bash in a copy of its own with a stand-in for
 * the Maven build ({@code mvnw}) and for {@code java}: the stand-ins write and read a marker file
 * on the class path, so that the test sees which build a launch runs on, without building or
 * running scaleproof itself.
 */
class LauncherIT {
  private static final Duration LAUNCH = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path stubs;

  @BeforeEach
  void aCheckoutWithStandIns() throws IOException {
    Files.copy(ProjectFiles.find("scaleproof"), home.resolve("scaleproof"));
    executable(home.resolve("scaleproof"));
    for (String module :
        List.of("cluster", "sample-apps/java", "scenarios", "assertions", "reports")) {
      Files.createDirectories(home.resolve(module).resolve("src/main"));
      Files.writeString(home.resolve(module).resolve("pom.xml"), "<project/>");
    }
    Files.writeString(home.resolve("pom.xml"), "<project/>");
    // The build: fails on demand, else writes the classes with the build's number and one jar.
    script(
        home.resolve("mvnw"),
        """
        if [ -n "${FAKE_BUILD_FAILS:-}" ]; then
          echo "[ERROR] COMPILATION ERROR: Broken.java:[1,1] class, interface or enum expected"
          exit 1
        fi
        here="$(dirname "$0")"
        n=$(( $(cat "$here/builds" 2>/dev/null || echo 0) + 1 )); echo $n > "$here/builds"
        mkdir -p "$here/scenarios/target/classes" "$here/scenarios/target/lib"
        echo "build $n" > "$here/scenarios/target/classes/marker"
        echo "jar of build $n" > "$here/scenarios/target/lib/dependency.jar"
        """);
    // java: its version when asked; else the marker of its class path, read when started and
    // again once $RELEASE exists (when the test lets it go on).
    script(
        stubs.resolve("java"),
        """
        if [ "$1" = "-XshowSettings:properties" ]; then
          echo "    java.specification.version = ${FAKE_JAVA_VERSION:-17}" >&2; exit 0
        fi
        while [ "$1" != "-cp" ]; do shift; done
        classes="${2%%:*}"
        echo "started on $(cat "$classes/marker")"
        while [ -n "${RELEASE:-}" ] && [ ! -e "$RELEASE" ]; do sleep 0.1; done
        echo "ended on $(cat "$classes/marker")"
        """);
  }

  @Test
  @DisplayName("a failed build exits 3 with the build's error and its log, and starts nothing")
  void failedBuildHasAnExitCodeOfItsOwn() throws Exception {
    Result result = launch(Map.of("FAKE_BUILD_FAILS", "yes"), "scenarios");

    assertThat(result.exit()).isEqualTo(3);
    assertThat(result.output())
        .contains("COMPILATION ERROR: Broken.java")
        .contains("the build of scaleproof failed (its log: ")
        .contains("nothing was started")
        .doesNotContain("started on");
  }

  @Test
  @DisplayName("a Java older than 17 is refused with exit 2, naming the version found")
  void oldJavaIsRefused() throws Exception {
    Result result = launch(Map.of("FAKE_JAVA_VERSION", "11"), "scenarios");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("is Java 11; scaleproof needs 17 or newer");
  }

  @Test
  @DisplayName("the usage names every option of run and every backend")
  void usageNamesEveryOption() throws Exception {
    Result result = launch(Map.of(), "--help");

    assertThat(result.exit()).isZero();
    List<String> options =
        new CommandLine(new RunCommand())
            .getCommandSpec().options().stream()
                .flatMap(option -> List.of(option.names()).stream())
                .filter(name -> name.startsWith("--"))
                .toList();
    assertThat(options).isNotEmpty();
    assertThat(result.output()).contains(options).contains("sim", "kubeconfig", "k3s");
  }

  @Test
  @DisplayName(
      "a launch that rebuilds while another runs leaves the running one its own class path")
  void concurrentLaunchesKeepTheirClassPaths() throws Exception {
    Path release = home.resolve("release");
    Process first =
        start(Map.of("RELEASE", release.toString()), "scenarios", home.resolve("first.log"));
    await("the first launch running on build 1")
        .atMost(LAUNCH)
        .until(() -> read(home.resolve("first.log")).contains("started on build 1"));

    // A source changes: the second launch builds again while the first still runs.
    Files.writeString(home.resolve("scenarios/src/main/Changed.java"), "class Changed {}");
    Result second = launch(Map.of(), "scenarios");
    Files.writeString(release, "go");
    assertThat(first.waitFor(LAUNCH.toSeconds(), TimeUnit.SECONDS)).isTrue();

    assertThat(second.output()).contains("started on build 2", "ended on build 2");
    assertThat(read(home.resolve("first.log")))
        .as("the first launch's class path, before and after the second build")
        .contains("started on build 1", "ended on build 1");
    assertThat(first.exitValue()).isZero();
  }

  private record Result(int exit, String output) {}

  private Result launch(Map<String, String> env, String... args) throws Exception {
    Path log = Files.createTempFile(home, "launch", ".log");
    Process process = start(env, args[0], log, List.of(args).subList(1, args.length));
    assertThat(process.waitFor(LAUNCH.toSeconds(), TimeUnit.SECONDS))
        .as("the launch ended within %s", LAUNCH)
        .isTrue();
    return new Result(process.exitValue(), read(log));
  }

  private Process start(Map<String, String> env, String command, Path log) throws IOException {
    return start(env, command, log, List.of());
  }

  private Process start(Map<String, String> env, String command, Path log, List<String> more)
      throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of("bash", "scaleproof", command));
    argv.addAll(more);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/usr/bin/env bash\n" + body);
    executable(file);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
