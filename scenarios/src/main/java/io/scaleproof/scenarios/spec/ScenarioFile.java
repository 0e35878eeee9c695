package io.scaleproof.scenarios.spec;

import io.scaleproof.cluster.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a scenario from its YAML file. Every field is checked on the way in: a wrong one stops the
 * run before anything starts, with the file, the field and the fix. The format, with the defaults
 * of the optional fields:
 *
 * <pre>{@code
 * name: default
 * description: one line
 * timers: pr                      # pr | production
 * services: [java-app, node-app, python-app]
 * load:                           # rates in requests per second, per service
 *   profile: ramp                 # constant | ramp | spike | stairs | soak | closed
 *   from: 20
 *   to: 120
 *   rampDuration: 20s
 *   hold: 70s
 * trigger: p95                    # p95 | errors | none: which story the expectations tell
 * faults:                         # committed to the services' Deployments with the pipeline
 *   errorRate: 0.2                # the fraction answered with errors (the project names the variable)
 * faults:                         # or a list: faults during the load (see Fault)
 *   - kind: prometheusDown        # prometheusDown | collectorDown | traceStoreDown | podCrashLoop
 *                                 # | brokenCommit | driftedReplicas | networkLatency | networkResets
 *                                 # | errorRate (the whole run, as the mapping above: rate)
 *     at: 40s                     # from the start of the load
 *     duration: 40s
 *     service: java-app           # podCrashLoop, driftedReplicas, network faults: which service
 *     target: monitoring/prom     # a pipeline fault's Service (default: found in the pipeline)
 *     replicas: 1                 # driftedReplicas: the hand-set count
 *     latency: 200ms              # networkLatency
 *     share: 0.3                  # networkResets: the share of connections reset
 *     expect:                     # each one given is judged, for the fault's service(s)
 *       replicas: hold            # or {reach: 3, within: 20s}
 *       fallback: true            # the ScaledObject's Fallback condition turns True
 *       scalerErrors: true        # KEDA reports the trigger failing
 *       neverScalesDownUnderLoad: true
 *       recoversWithin: 60s       # from its end: every replica ready, the metric read again
 *       applicationError: true    # the Argo CD Application shows an error
 * pipeline:                       # committed to the run's Git repository before the load
 *   p95ThresholdMs: 150           # the latency triggers' threshold
 *   errorRatioThreshold: 0.05     # the error triggers' threshold
 *   scaleDownStabilization: 20s   # their HPA scale-down stabilization window
 *   maxReplicaCount: 3            # their maxReplicaCount
 *   pollingInterval: 5s           # how often KEDA asks their triggers (whole seconds)
 *   fallback: {failureThreshold: 3, replicas: 3, behavior: static}   # KEDA's fallback
 *   ignoreNullValues: false       # the latency trigger's: an empty answer fails it
 *   latencyQuery: max(...) or on() (up{job="span-metrics"} == 1) * 0   # the latency trigger's
 * slo:
 *   p95ThresholdMs: 150           # default: the latency trigger's threshold
 *   errorRatioThreshold: 0.05     # default: the error trigger's threshold
 *   decisionWithin: 60s           # these three count from the first breach
 *   readyWithin: 90s
 *   p95RecoversWithin: 120s
 *   scaleDownWithin: 180s         # counts from the end of the load
 *   maxDirectionChanges: 2
 *   flapWindow: 5m
 *   errorRateBelow: 0.05
 *   minReplicas: 1
 *   maxReplicas: 6
 * }</pre>
 */
public final class ScenarioFile {
  private ScenarioFile() {}

  /**
   * @throws InvalidInputException naming the file and field when the scenario is not valid
   */
  public static Scenario read(Path file) {
    Path source = file.toAbsolutePath().normalize();
    YamlFields root =
        YamlFields.file(source)
            .allowOnly(
                "name",
                "description",
                "timers",
                "services",
                "load",
                "pipeline",
                "faults",
                "trigger",
                "slo");
    return new Scenario(
        root.string("name"),
        root.string("description", ""),
        source,
        timers(root),
        root.strings("services"),
        load(root.section("load")),
        pipeline(root.section("pipeline")),
        root.isList("faults") ? FaultsFile.read(root, load(root.section("load"))) : faults(root),
        trigger(root),
        slo(root.section("slo")));
  }

  private static Faults faults(YamlFields root) {
    YamlFields faults = root.section("faults");
    faults.allowOnly("errorRate");
    return faults.has("errorRate")
        ? new Faults(FaultsFile.errorRate(faults, "errorRate"))
        : Faults.NONE;
  }

  private static Trigger trigger(YamlFields root) {
    String value = root.string("trigger", "p95");
    try {
      return Trigger.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw root.invalid("trigger", "'" + value + "' is not a trigger", "Use p95, errors or none");
    }
  }

  private static Timers timers(YamlFields root) {
    String value = root.string("timers", "pr");
    try {
      return Timers.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw root.invalid("timers", "'" + value + "' is not a timer set", "Use pr or production");
    }
  }

  static LoadProfile load(YamlFields load) {
    String profile = load.string("profile");
    return switch (profile) {
      case "constant" -> {
        load.allowOnly("profile", "rate", "duration");
        yield new LoadProfile.Constant(load.positive("rate"), load.duration("duration"));
      }
      case "ramp" -> {
        load.allowOnly("profile", "from", "to", "rampDuration", "hold");
        double from = load.notNegative("from", 0);
        double to = load.positive("to");
        yield new LoadProfile.Ramp(
            from, to, load.duration("rampDuration"), load.durationOrZero("hold"));
      }
      case "spike" -> {
        load.allowOnly("profile", "rate", "peak", "duration", "spikeDuration");
        Duration duration = load.duration("duration");
        Duration spike = load.duration("spikeDuration");
        if (spike.compareTo(duration) > 0) {
          throw load.invalid(
              "spikeDuration",
              "(" + spike + ") is longer than the whole load (" + duration + ")",
              "Make it shorter than load.duration");
        }
        yield new LoadProfile.Spike(load.positive("rate"), load.positive("peak"), duration, spike);
      }
      case "stairs" -> {
        load.allowOnly("profile", "from", "step", "levels", "levelDuration");
        yield new LoadProfile.Stairs(
            load.notNegative("from", 0),
            load.positive("step"),
            load.positiveInt("levels", 3),
            load.duration("levelDuration"));
      }
      case "soak" -> {
        load.allowOnly("profile", "rate", "duration");
        yield new LoadProfile.Soak(load.positive("rate"), load.duration("duration"));
      }
      case "closed" -> {
        load.allowOnly("profile", "users", "duration", "thinkTime");
        yield new LoadProfile.Closed(
            load.positiveInt("users"), load.duration("duration"), load.durationOrZero("thinkTime"));
      }
      default ->
          throw load.invalid(
              "profile",
              "'" + profile + "' is not a load profile",
              "Use constant, ramp, spike, stairs, soak or closed");
    };
  }

  private static PipelineChanges pipeline(YamlFields pipeline) {
    pipeline.allowOnly(
        "p95ThresholdMs",
        "errorRatioThreshold",
        "scaleDownStabilization",
        "maxReplicaCount",
        "pollingInterval",
        "fallback",
        "ignoreNullValues",
        "latencyQuery");
    Double errorRatio = pipeline.optionalPositive("errorRatioThreshold");
    PipelineChanges.Fallback fallback = null;
    if (pipeline.has("fallback")) {
      YamlFields section = pipeline.section("fallback");
      section.allowOnly("failureThreshold", "replicas", "behavior");
      String behavior = section.has("behavior") ? section.string("behavior") : null;
      if (behavior != null && !PipelineChanges.Fallback.BEHAVIORS.contains(behavior)) {
        throw section.invalid(
            "behavior",
            "'" + behavior + "' is not a fallback behavior",
            "Use one of " + PipelineChanges.Fallback.BEHAVIORS);
      }
      fallback =
          new PipelineChanges.Fallback(
              section.positiveInt("failureThreshold"), section.positiveInt("replicas"), behavior);
    }
    Boolean ignoreNullValues = null;
    if (pipeline.has("ignoreNullValues")) {
      if (!(pipeline.value("ignoreNullValues") instanceof Boolean value)) {
        throw pipeline.invalid(
            "ignoreNullValues",
            "must be true or false, not '" + pipeline.value("ignoreNullValues") + "'",
            "");
      }
      ignoreNullValues = value;
    }
    return new PipelineChanges(
        pipeline.optionalPositive("p95ThresholdMs"),
        errorRatio,
        pipeline.optionalDuration("scaleDownStabilization"),
        pipeline.has("maxReplicaCount") ? pipeline.positiveInt("maxReplicaCount") : null,
        pollingInterval(pipeline),
        fallback,
        ignoreNullValues,
        pipeline.has("latencyQuery") ? pipeline.string("latencyQuery") : null);
  }

  /** KEDA's {@code pollingInterval} is whole seconds, at least one. */
  private static Duration pollingInterval(YamlFields pipeline) {
    Duration interval = pipeline.optionalDuration("pollingInterval");
    if (interval != null && (interval.toMillis() % 1000 != 0 || interval.toSeconds() < 1)) {
      throw pipeline.invalid(
          "pollingInterval",
          "is " + interval.toMillis() + " ms; KEDA takes whole seconds",
          "Give whole seconds, at least 1s");
    }
    return interval;
  }

  private static Slo slo(YamlFields slo) {
    slo.allowOnly(
        "p95ThresholdMs",
        "errorRatioThreshold",
        "decisionWithin",
        "readyWithin",
        "p95RecoversWithin",
        "scaleDownWithin",
        "maxDirectionChanges",
        "flapWindow",
        "errorRateBelow",
        "minReplicas",
        "maxReplicas");
    Duration decision = slo.duration("decisionWithin", Duration.ofSeconds(60));
    Duration ready = slo.duration("readyWithin", Duration.ofSeconds(90));
    Duration recovery = slo.duration("p95RecoversWithin", Duration.ofSeconds(120));
    if (ready.compareTo(decision) < 0) {
      throw slo.invalid(
          "readyWithin",
          "(" + ready + ") is shorter than slo.decisionWithin (" + decision + ")",
          "Both count from the first breach: pods are ready after the decision");
    }
    if (recovery.compareTo(ready) < 0) {
      throw slo.invalid(
          "p95RecoversWithin",
          "(" + recovery + ") is shorter than slo.readyWithin (" + ready + ")",
          "Both count from the first breach: p95 recovers after the new pods are ready");
    }
    double errorRate = slo.notNegative("errorRateBelow", 0.05);
    if (errorRate == 0 || errorRate > 1) {
      throw slo.invalid("errorRateBelow", "must be a fraction in (0, 1], not " + errorRate, "");
    }
    int min = slo.positiveInt("minReplicas", 1);
    int max = slo.positiveInt("maxReplicas", 6);
    if (max < min) {
      throw slo.invalid("maxReplicas", "(" + max + ") is below slo.minReplicas (" + min + ")", "");
    }
    // Both default to the threshold of the trigger the ScaledObject declares (ScalingChain).
    Double errorRatioThreshold = slo.optionalPositive("errorRatioThreshold");
    if (errorRatioThreshold != null && errorRatioThreshold >= 1) {
      throw slo.invalid(
          "errorRatioThreshold", "must be a fraction in (0, 1), not " + errorRatioThreshold, "");
    }
    return new Slo(
        slo.optionalPositive("p95ThresholdMs"),
        errorRatioThreshold,
        decision,
        ready,
        recovery,
        slo.duration("scaleDownWithin", Duration.ofSeconds(180)),
        slo.notNegativeInt("maxDirectionChanges", 2),
        slo.duration("flapWindow", Duration.ofMinutes(5)),
        errorRate,
        min,
        max);
  }
}
