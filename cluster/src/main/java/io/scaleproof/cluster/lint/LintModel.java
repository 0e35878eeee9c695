package io.scaleproof.cluster.lint;

import io.scaleproof.cluster.PlainValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The rendered pipeline as one chain: Services (with those the operator makes for each Collector),
 * Collectors, Prometheus' scrape and rule settings, recording rules, ScaledObjects, Deployments and
 * Applications, indexed for the rules to walk from one layer to the next.
 */
final class LintModel {
  /**
   * A Service of the pipeline: its ports, and the Collector behind it when the operator made it.
   */
  record Service(
      String namespace, String name, Set<Integer> ports, Declared declared, Collector collector) {}

  /** Prometheus' configuration, found in a ConfigMap key. */
  record PrometheusConfig(
      Declared configMap,
      String key,
      Duration scrapeInterval,
      Duration evaluationInterval,
      List<ScrapeTarget> targets) {}

  /** One static target of a scrape job. */
  record ScrapeTarget(String job, String target, Duration interval) {}

  /** A recording rule of a PrometheusRule. */
  record RecordingRule(
      Declared declared, Object[] path, String record, String expr, Duration groupInterval) {}

  final List<Declared> objects;
  final Map<String, Service> services = new LinkedHashMap<>();
  final List<Collector> collectors = new ArrayList<>();
  final List<PrometheusConfig> prometheus = new ArrayList<>();
  final List<RecordingRule> rules = new ArrayList<>();
  final Set<String> namespaces = new LinkedHashSet<>();

  LintModel(List<Declared> objects) {
    this.objects = objects;
    for (Declared object : objects) {
      namespaces.add(object.namespace());
      switch (object.kind()) {
        case "Namespace" -> namespaces.add(object.name());
        case "Service" -> {
          Set<Integer> ports = new LinkedHashSet<>();
          for (Object port : object.list("spec", "ports")) {
            Object number = PlainValues.map(port).get("port");
            if (number != null) {
              ports.add(Integer.valueOf(String.valueOf(number)));
            }
          }
          services.put(
              object.namespace() + "/" + object.name(),
              new Service(object.namespace(), object.name(), ports, object, null));
        }
        case "OpenTelemetryCollector" -> {
          Collector collector = new Collector(object);
          collectors.add(collector);
          collector
              .services()
              .forEach(
                  (name, ports) ->
                      services.put(
                          object.namespace() + "/" + name,
                          new Service(object.namespace(), name, ports, object, collector)));
        }
        case "ConfigMap" -> readPrometheusConfig(object);
        case "PrometheusRule" -> readRules(object);
        default -> {}
      }
    }
  }

  List<Declared> ofKind(String kind) {
    return objects.stream().filter(object -> object.kind().equals(kind)).toList();
  }

  Optional<Declared> find(String kind, String namespace, String name) {
    return objects.stream()
        .filter(
            o -> o.kind().equals(kind) && o.namespace().equals(namespace) && o.name().equals(name))
        .findFirst();
  }

  /** The scrape interval Prometheus reads series at (its global one; 1 m by default). */
  Optional<Duration> scrapeInterval() {
    return prometheus.stream().map(PrometheusConfig::scrapeInterval).findFirst();
  }

  /** What an address's host names, seen from {@code fromNamespace}. */
  sealed interface Host permits InCluster, Unknown, Outside {}

  record InCluster(Service service) implements Host {}

  record Unknown(String namespace, String name) implements Host {}

  record Outside() implements Host {}

  /**
   * Resolves a host the way cluster DNS does: {@code svc.ns.svc.cluster.local}, {@code svc.ns.svc},
   * {@code svc.ns} for a namespace of the pipeline, or a bare {@code svc} in the caller's
   * namespace.
   */
  Host resolve(String host, String fromNamespace) {
    String name = host;
    for (String suffix : List.of(".svc.cluster.local", ".svc")) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
        String[] parts = name.split("\\.");
        if (parts.length != 2) {
          return new Unknown("?", name);
        }
        // A namespace the pipeline does not declare holds the platform's own (kube-system, keda).
        return namespaces.contains(parts[1]) ? lookup(parts[1], parts[0]) : new Outside();
      }
    }
    String[] parts = name.split("\\.");
    if (parts.length == 2 && namespaces.contains(parts[1])) {
      return lookup(parts[1], parts[0]);
    }
    if (parts.length == 1
        && !name.isEmpty()
        && !name.equals("localhost")
        && !name.matches("\\d+")
        && !name.equals("0")) {
      return lookup(fromNamespace, name);
    }
    return new Outside();
  }

  private Host lookup(String namespace, String name) {
    Service service = services.get(namespace + "/" + name);
    return service != null ? new InCluster(service) : new Unknown(namespace, name);
  }

  private void readPrometheusConfig(Declared configMap) {
    configMap
        .map("data")
        .forEach(
            (key, text) -> {
              if (!(key.endsWith(".yml") || key.endsWith(".yaml"))) {
                return;
              }
              Object config;
              try {
                config =
                    new Load(LoadSettings.builder().build()).loadFromString(String.valueOf(text));
              } catch (YamlEngineException e) {
                return;
              }
              if (!PlainValues.map(config).containsKey("scrape_configs")) {
                return;
              }
              Duration scrape =
                  interval(
                      PlainValues.at(config, "global", "scrape_interval"), Duration.ofMinutes(1));
              Duration evaluation =
                  interval(
                      PlainValues.at(config, "global", "evaluation_interval"),
                      Duration.ofMinutes(1));
              List<ScrapeTarget> targets = new ArrayList<>();
              for (Object job : PlainValues.list(PlainValues.map(config).get("scrape_configs"))) {
                String name = String.valueOf(PlainValues.map(job).get("job_name"));
                Duration every = interval(PlainValues.map(job).get("scrape_interval"), scrape);
                for (Object group : PlainValues.list(PlainValues.map(job).get("static_configs"))) {
                  for (Object target : PlainValues.list(PlainValues.map(group).get("targets"))) {
                    targets.add(new ScrapeTarget(name, String.valueOf(target), every));
                  }
                }
              }
              prometheus.add(new PrometheusConfig(configMap, key, scrape, evaluation, targets));
            });
  }

  private void readRules(Declared rule) {
    List<Object> groups = rule.list("spec", "groups");
    for (int g = 0; g < groups.size(); g++) {
      Duration interval = interval(PlainValues.map(groups.get(g)).get("interval"), null);
      List<Object> members = PlainValues.list(PlainValues.map(groups.get(g)).get("rules"));
      for (int r = 0; r < members.size(); r++) {
        Map<String, Object> member = PlainValues.map(members.get(r));
        if (member.get("expr") != null) {
          rules.add(
              new RecordingRule(
                  rule,
                  new Object[] {"spec", "groups", g, "rules", r},
                  member.get("record") == null ? null : String.valueOf(member.get("record")),
                  String.valueOf(member.get("expr")),
                  interval));
        }
      }
    }
  }

  /**
   * How often rules are evaluated: a group's interval, else Prometheus' global one; null when the
   * pipeline declares neither (a Prometheus installed apart from it).
   */
  Duration evaluationInterval(RecordingRule rule) {
    if (rule.groupInterval() != null) {
      return rule.groupInterval();
    }
    return prometheus.stream().map(PrometheusConfig::evaluationInterval).findFirst().orElse(null);
  }

  Optional<RecordingRule> recording(String series) {
    return rules.stream().filter(rule -> series.equals(rule.record())).findFirst();
  }

  private static Duration interval(Object value, Duration otherwise) {
    if (value == null) {
      return otherwise;
    }
    Duration parsed = PromQl.duration(String.valueOf(value));
    return parsed == null ? otherwise : parsed;
  }
}
