package io.scaleproof.scenarios;

import static io.scaleproof.cluster.PlainValues.at;
import static io.scaleproof.cluster.PlainValues.list;
import static io.scaleproof.cluster.PlainValues.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.ProjectFiles;
import io.scaleproof.scenarios.spec.ProjectPipeline;
import io.scaleproof.scenarios.spec.ScalingChain;
import io.scaleproof.scenarios.spec.ServiceUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The run code assumes nothing about the shipped pipeline: no string in it names a service,
 * Deployment, namespace, Service, ScaledObject, trigger, recording rule or variable of the shipped
 * project. The names are read from the shipped project itself, so a new one is covered too.
 */
class RunCodeNamesTest {
  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Words a shipped name shares with Kubernetes' and KEDA's own vocabulary. */
  private static final Set<String> VOCABULARY =
      Set.of("prometheus", "default", "http", "scaleproof");

  @Test
  @DisplayName("no string of the run code names an object of the shipped pipeline")
  void runCodeNamesNothingShipped() throws IOException {
    Set<String> shipped = shippedNames();
    assertThat(shipped)
        .as("the names are read from the shipped project")
        .contains("java-app", "apps", "observability", "p95-latency", "APP_ERROR_RATE");

    List<String> found = new ArrayList<>();
    Path main = ProjectFiles.find("scenarios/src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher literal = STRING.matcher(lines.get(i));
          while (literal.find()) {
            for (String name : shipped) {
              if (Pattern.compile("(?<![\\w.:/-])" + Pattern.quote(name) + "(?![\\w:-])")
                  .matcher(literal.group(1))
                  .find()) {
                found.add(main.relativize(file) + ":" + (i + 1) + " names '" + name + "'");
              }
            }
          }
        }
      }
    }
    assertThat(found).as("strings of the run code that name a shipped object").isEmpty();
  }

  private static Set<String> shippedNames() {
    ProjectPipeline project = ProjectPipeline.shipped();
    Set<String> names = new TreeSet<>();
    for (ServiceUnderTest service : project.project().services()) {
      names.add(service.name());
      names.add(service.deployment());
      names.add(service.service());
      names.add(service.request().path());
      service.errorRateVariable().ifPresent(names::add);
    }
    names.addAll(project.namespaces());
    for (ScalingChain chain : project.chains().values()) {
      names.add(chain.autoscaler().name());
      names.addAll(chain.recordingRules());
      chain.triggers().forEach(trigger -> names.add(trigger.name()));
      names.add(chain.latency().server().name());
    }
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (HasMetadata object : project.pipeline().objects()) {
      Map<String, Object> plain = serialization.convertValue(object, Map.class);
      if ("PrometheusRule".equals(object.getKind())) {
        list(at(plain, "spec", "groups"))
            .forEach(group -> names.add((String) map(group).get("name")));
      }
      names.add(object.getMetadata().getName());
    }
    names.removeIf(name -> name == null || VOCABULARY.contains(name));
    return names;
  }
}
