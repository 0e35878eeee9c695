package io.scaleproof.cluster.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodVolumesTest {
  private static final Map<String, Path> MOUNTS = new LinkedHashMap<>();

  static {
    // Longest first, as mountsOf orders them.
    MOUNTS.put("/otel-auto-instrumentation-java-app", Path.of("/run/v/java"));
    MOUNTS.put("/etc/config", Path.of("/run/v/config"));
    // A local directory that itself starts with another mount path must not be rewritten again.
    MOUNTS.put("/etc/app", Path.of("/run/etc/app-dir"));
    MOUNTS.put("/run", Path.of("/elsewhere"));
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
           -javaagent:/otel-auto-instrumentation-java-app/javaagent.jar | -javaagent:/run/v/java/javaagent.jar
          --config=/etc/config/collector.yaml                          | --config=/run/v/config/collector.yaml
          /etc/config                                                  | /run/v/config
          /etc/config:/usr/lib                                         | /run/v/config:/usr/lib
          /etc/configuration/x                                         | /etc/configuration/x
          /opt/etc/config/x                                            | /opt/etc/config/x
          /otel-auto-instrumentation-java/javaagent.jar                | /otel-auto-instrumentation-java/javaagent.jar
          /etc/app/message /run/x                                      | /run/etc/app-dir/message /elsewhere/x
          files: ["/etc/config/a.yaml", "/etc/config"]                 | files: ["/run/v/config/a.yaml", "/run/v/config"]
          ${table.dir}/run/app.py                                      | ${table.dir}/run/app.py
          """)
  void mapsMountPathsThatAppearAsPaths(String value, String expected) {
    assertThat(PodVolumes.mapPaths(value, MOUNTS))
        .isEqualTo(expected.strip().equals(expected) ? expected : expected);
  }
}
