package io.scaleproof.scenarios.spec;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.scaleproof.cluster.InvalidInputException;
import io.scaleproof.cluster.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A project with its pipeline read: the manifests, and each service's {@link ScalingChain}. What a
 * run needs to know about the subject under test, all of it from the team's files.
 */
public record ProjectPipeline(
    Project project, Pipeline pipeline, Map<String, ScalingChain> chains) {

  /**
   * The thresholds a service's expectations judge against.
   *
   * @param p95Ms the latency threshold, in milliseconds
   * @param errorRatio the error-ratio threshold, or null when the service has none
   * @param errorsMeasured whether the service has an error-ratio signal at all: without one, no
   *     expectation about its errors can fail, so none is made
   */
  public record Thresholds(double p95Ms, Double errorRatio, boolean errorsMeasured) {}

  public ProjectPipeline {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(pipeline, "pipeline");
    chains = Map.copyOf(chains);
  }

  /**
   * Reads {@code project}'s pipeline and follows each service's chain through it.
   *
   * @throws InvalidInputException naming the file and the field of the first broken link
   */
  public static ProjectPipeline load(Project project) {
    Pipeline pipeline = project.loadPipeline();
    return new ProjectPipeline(project, pipeline, ScalingChain.read(project, pipeline));
  }

  /** scaleproof's own project, read. */
  public static ProjectPipeline shipped() {
    return load(Project.shipped());
  }

  public ScalingChain chain(String service) {
    ScalingChain chain = chains.get(service);
    if (chain == null) {
      throw new IllegalArgumentException("'" + service + "' is not a service of " + project.file());
    }
    return chain;
  }

  /**
   * The Prometheus Adapter a run starts for the services that HPAs on its external metrics scale:
   * how the project says it runs, and its config as the pipeline's ConfigMap carries it. Empty when
   * KEDA scales every service.
   */
  public Optional<AdapterConfig> prometheusAdapter() {
    return chains.values().stream()
        .filter(chain -> !chain.byKeda())
        .findFirst()
        .map(
            chain ->
                AdapterTriggers.of(
                        project,
                        "services",
                        pipeline,
                        ChainReader.plain(pipeline),
                        chain.autoscaler().toString())
                    .config());
  }

  /**
   * Checks that KEDA scales every service, for what only that shape allows.
   *
   * @param why what cannot be done otherwise, and why: "the embedded cluster has none"
   * @param fix what to do instead
   * @throws InvalidInputException naming the first service an HPA on the Prometheus Adapter's
   *     metrics scales ({@code services[i].deployment} of the project file)
   */
  public void requireKeda(String why, String fix) {
    List<ServiceUnderTest> services = project.services();
    for (int i = 0; i < services.size(); i++) {
      ScalingChain chain = chains.get(services.get(i).name());
      if (chain != null && !chain.byKeda()) {
        throw new InvalidInputException(
            project.file(),
            "services[" + i + "].deployment",
            "is scaled by " + chain.autoscaler() + " on the Prometheus Adapter's metrics; " + why,
            fix);
      }
    }
  }

  /** The namespaces of the services under test, as the pipeline declares them. */
  public Set<String> serviceNamespaces() {
    Set<String> namespaces = new TreeSet<>();
    project.services().forEach(service -> namespaces.add(service.namespace()));
    return namespaces;
  }

  /** Every namespace the pipeline declares or puts an object in. */
  public Set<String> namespaces() {
    Set<String> namespaces = new TreeSet<>();
    for (HasMetadata object : pipeline.objects()) {
      if ("Namespace".equals(object.getKind())) {
        namespaces.add(object.getMetadata().getName());
      } else if (object.getMetadata().getNamespace() != null) {
        namespaces.add(object.getMetadata().getNamespace());
      }
    }
    return namespaces;
  }

  /**
   * The pipeline's namespaces as a run on a shared cluster gets one each: the services' first, the
   * others after, so that the last (where the run's Git server goes) holds no service under test
   * when the pipeline has such a namespace.
   */
  public List<String> runNamespaces() {
    List<String> ordered = new ArrayList<>(serviceNamespaces());
    namespaces().stream().filter(namespace -> !ordered.contains(namespace)).forEach(ordered::add);
    return ordered;
  }

  /**
   * Checks {@code scenario} against the project: every service it names is one, the autoscalers can
   * act within every window, and every threshold its story needs is known.
   *
   * @throws InvalidInputException naming the scenario's file and field
   */
  public void check(Scenario scenario) {
    project.check(scenario);
    DeclaredAutoscaling.of(chains).check(scenario);
    thresholds(scenario);
    for (String service : scenario.services()) {
      ScalingChain chain = chain(service);
      if (!chain.byKeda()) {
        checkWithoutKeda(scenario, chain);
      }
    }
  }

  /**
   * What a scenario cannot ask of a service an HPA on the Prometheus Adapter scales: changes to its
   * ScaledObject, and KEDA's view of a fault.
   */
  private static void checkWithoutKeda(Scenario scenario, ScalingChain chain) {
    String why =
        chain.service().name()
            + " is scaled by "
            + chain.autoscaler()
            + " on the Prometheus Adapter's metrics, not by a KEDA ScaledObject";
    if (!scenario.pipeline().isEmpty()) {
      throw new InvalidInputException(
          scenario.file(),
          "pipeline",
          "edits the services' ScaledObjects, and " + why,
          "Leave 'pipeline:' out: change the HPA and the Adapter's rules in Git instead");
    }
    List<Fault> faults = scenario.faults().during();
    for (int i = 0; i < faults.size(); i++) {
      Fault.Expect expect = faults.get(i).expect();
      if (expect.fallback() != null || expect.scalerErrors() != null) {
        throw new InvalidInputException(
            scenario.file(),
            "faults[" + i + "].expect." + (expect.fallback() != null ? "fallback" : "scalerErrors"),
            "is what KEDA reports, and " + why,
            "Expect what the replicas do instead: replicasHold, reach, neverScalesDownUnderLoad");
      }
    }
  }

  /**
   * Each service's thresholds in {@code scenario}: the scenario's SLO where it sets one, else what
   * its pipeline changes commit, else the trigger's own threshold in the ScaledObject.
   *
   * @throws InvalidInputException when a threshold the scenario's story needs is nowhere
   */
  public Map<String, Thresholds> thresholds(Scenario scenario) {
    Map<String, Thresholds> thresholds = new LinkedHashMap<>();
    for (String service : scenario.services()) {
      ScalingChain chain = chain(service);
      Double p95 =
          first(
              scenario.slo().p95ThresholdMs(),
              scenario.pipeline().p95ThresholdMs(),
              chain.latency().threshold().orElse(null));
      if (p95 == null) {
        throw new InvalidInputException(
            scenario.file(),
            "slo.p95ThresholdMs",
            "is not set, and the latency trigger of "
                + service
                + " has no numeric threshold to take it from",
            "Set slo.p95ThresholdMs");
      }
      Double errors =
          first(
              scenario.slo().errorRatioThreshold(),
              scenario.pipeline().errorRatioThreshold(),
              chain.errors().flatMap(ScalingChain.Signal::threshold).orElse(null));
      if (scenario.trigger() == Trigger.ERRORS && chain.errors().isEmpty()) {
        throw new InvalidInputException(
            scenario.file(),
            "trigger",
            "is errors, but the project names no error trigger for " + service,
            "Name it in " + project.file() + ": signals.errors of " + service);
      }
      if (scenario.trigger() == Trigger.ERRORS && errors == null) {
        throw new InvalidInputException(
            scenario.file(),
            "slo.errorRatioThreshold",
            "is not set, and the error trigger of " + service + " has no numeric threshold",
            "Set slo.errorRatioThreshold");
      }
      thresholds.put(service, new Thresholds(p95, errors, chain.errors().isPresent()));
    }
    return thresholds;
  }

  private static Double first(Double... candidates) {
    for (Double candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }
}
