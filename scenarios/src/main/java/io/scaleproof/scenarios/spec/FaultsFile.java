package io.scaleproof.scenarios.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a scenario's list of faults ({@link Fault}), every field checked on the way in. */
final class FaultsFile {
  private static final String KINDS =
      "Use prometheusDown, collectorDown, traceStoreDown, podCrashLoop, brokenCommit,"
          + " driftedReplicas, networkLatency, networkResets or errorRate";

  private FaultsFile() {}

  static Faults read(YamlFields root, LoadProfile load) {
    Double errorRate = null;
    List<Fault> during = new ArrayList<>();
    for (YamlFields entry :
        root.sections("faults", "Give each fault as a mapping: kind, at, duration, expect")) {
      String kind = entry.string("kind");
      if (kind.equals("errorRate")) {
        entry.allowOnly("kind", "rate");
        if (errorRate != null) {
          throw entry.invalid("kind", "errorRate is given twice", "Give it once");
        }
        errorRate = errorRate(entry, "rate");
        continue;
      }
      during.add(
          fault(
              entry,
              Fault.Kind.of(kind)
                  .orElseThrow(() -> entry.invalid("kind", "'" + kind + "' is not a fault", KINDS)),
              load));
    }
    return new Faults(errorRate, during);
  }

  static double errorRate(YamlFields fields, String key) {
    double rate = fields.notNegative(key, 0);
    if (rate > 1) {
      throw fields.invalid(key, "must be a fraction in [0, 1], not " + rate, "");
    }
    return rate;
  }

  private static Fault fault(YamlFields entry, Fault.Kind kind, LoadProfile load) {
    List<String> allowed =
        new ArrayList<>(List.of("kind", "at", "duration", "expect", "service", "target"));
    switch (kind) {
      case DRIFTED_REPLICAS -> allowed.add("replicas");
      case NETWORK_LATENCY -> allowed.add("latency");
      case NETWORK_RESETS -> allowed.add("share");
      default -> {}
    }
    entry.allowOnly(allowed.toArray(String[]::new));
    Duration at = entry.durationOrZero("at");
    Duration duration = entry.duration("duration");
    if (at.plus(duration).compareTo(load.duration()) > 0) {
      throw entry.invalid(
          "duration",
          "the fault would last until "
              + seconds(at.plus(duration))
              + " into the load, which lasts "
              + seconds(load.duration()),
          "Start it earlier or make it shorter: a fault happens during the load");
    }
    String service = entry.has("service") ? entry.string("service") : null;
    if (kind.hitsOneService() && service == null) {
      throw entry.invalid("service", "is required: " + kind.key() + " hits one service", "Add it");
    }
    if (!kind.hitsOneService() && service != null) {
      throw entry.invalid(
          "service",
          kind.key() + " hits the pipeline every service shares, not one service",
          "Drop it; its expectations are judged for every service of the scenario");
    }
    String target = entry.has("target") ? entry.string("target") : null;
    if (target != null && (!kind.takesServiceDown() || !target.matches("[a-z0-9-]+/[a-z0-9-]+"))) {
      throw entry.invalid(
          "target",
          kind.takesServiceDown()
              ? "'" + target + "' is not namespace/name"
              : kind.key() + " takes no Service down",
          kind.takesServiceDown() ? "For example monitoring/prometheus" : "Drop it");
    }
    Integer replicas = null;
    if (kind == Fault.Kind.DRIFTED_REPLICAS) {
      replicas = entry.notNegativeInt("replicas", -1);
      if (replicas < 0) {
        throw entry.invalid("replicas", "is required: the count scaled to by hand", "Add it");
      }
    }
    Duration latency = kind == Fault.Kind.NETWORK_LATENCY ? entry.duration("latency") : null;
    Double share = null;
    if (kind == Fault.Kind.NETWORK_RESETS) {
      share = entry.positive("share");
      if (share > 1) {
        throw entry.invalid("share", "must be a fraction in (0, 1], not " + share, "");
      }
    }
    return new Fault(
        kind, service, target, at, duration, replicas, latency, share, expect(entry, kind));
  }

  private static Fault.Expect expect(YamlFields entry, Fault.Kind kind) {
    YamlFields expect = entry.section("expect");
    expect.allowOnly(
        "replicas",
        "fallback",
        "scalerErrors",
        "neverScalesDownUnderLoad",
        "recoversWithin",
        "applicationError");
    boolean hold = false;
    Integer reach = null;
    Duration within = null;
    if (expect.has("replicas")) {
      if (expect.value("replicas") instanceof String text) {
        if (!text.equals("hold")) {
          throw expect.invalid(
              "replicas",
              "'" + text + "' is not an expectation",
              "Use hold or {reach: N, within: D}");
        }
        hold = true;
      } else {
        YamlFields replicas = expect.section("replicas");
        replicas.allowOnly("reach", "within");
        reach = replicas.notNegativeInt("reach", -1);
        if (reach < 0) {
          throw replicas.invalid("reach", "is required: the replica count", "Add it");
        }
        within = replicas.duration("within");
      }
    }
    Boolean applicationError = optionalBoolean(expect, "applicationError");
    if (applicationError != null && kind != Fault.Kind.BROKEN_COMMIT) {
      throw expect.invalid(
          "applicationError",
          "only a broken commit touches the Application",
          "Drop it, or use it on a brokenCommit");
    }
    return new Fault.Expect(
        hold,
        reach,
        within,
        optionalBoolean(expect, "fallback"),
        optionalBoolean(expect, "scalerErrors"),
        Boolean.TRUE.equals(optionalBoolean(expect, "neverScalesDownUnderLoad")),
        expect.optionalDuration("recoversWithin"),
        applicationError);
  }

  private static Boolean optionalBoolean(YamlFields fields, String key) {
    if (!fields.has(key)) {
      return null;
    }
    return Optional.of(fields.value(key))
        .filter(Boolean.class::isInstance)
        .map(Boolean.class::cast)
        .orElseThrow(
            () ->
                fields.invalid(key, "must be true or false, not '" + fields.value(key) + "'", ""));
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() / 1000.0 + " s";
  }
}
