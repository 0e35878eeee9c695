package io.scaleproof.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.cluster.provision.Tools;
import io.scaleproof.cluster.sim.network.AddressBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the real control plane costs to start and stop on this machine, warm (the programs built):
 * each program's start-to-ready time and the stop, over five starts, printed. Asserts only that
 * every start came up whole. Run with {@code ./mvnw verify -Plocal -pl cluster
 * -Dit.test=LocalClusterBenchmarkIT}.
 */
@Tag("local")
class LocalClusterBenchmarkIT {
  private static final int STARTS = 5;

  @Test
  @DisplayName("the control plane's start-to-ready and stop times, warm, over five starts")
  void startAndStop() throws Exception {
    Tools tools = Tools.load(ProjectFiles.find("cluster/tools/local.yaml"));
    List<Map<String, Duration>> starts = new ArrayList<>();
    List<Duration> totals = new ArrayList<>();
    List<Duration> stops = new ArrayList<>();
    for (int i = 0; i < STARTS; i++) {
      Path directory = Files.createTempDirectory("scaleproof-local-bench");
      try (AddressBlock block =
          AddressBlock.claim(
              Path.of(System.getProperty("java.io.tmpdir"), "scaleproof-address-blocks"))) {
        long began = System.nanoTime();
        LocalControlPlane plane =
            LocalControlPlane.start(
                new LocalControlPlane.Settings(
                    directory,
                    block.nodeIp(),
                    block.servicePrefix() + "0/24",
                    block.servicePrefix() + "1",
                    Duration.ofSeconds(15),
                    tools));
        totals.add(Duration.ofNanos(System.nanoTime() - began));
        starts.add(plane.startTimes());
        assertThat(plane.exited()).isEmpty();
        long stopping = System.nanoTime();
        plane.close();
        stops.add(Duration.ofNanos(System.nanoTime() - stopping));
      }
    }
    StringBuilder figures =
        new StringBuilder("\nlocal control plane, warm, " + STARTS + " starts (ms):\n");
    for (String program : starts.get(0).keySet()) {
      figures.append(
          String.format(
              "  %-24s ready after %s%n",
              program,
              starts.stream().map(s -> String.valueOf(s.get(program).toMillis())).toList()));
    }
    figures.append(
        String.format(
            "  %-24s %s%n",
            "whole start (with certificates)", totals.stream().map(Duration::toMillis).toList()));
    figures.append(
        String.format("  %-24s %s%n", "stop", stops.stream().map(Duration::toMillis).toList()));
    System.out.print(figures);
  }
}
