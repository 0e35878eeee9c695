package io.scaleproof.cluster.sim.apiserver;

import static io.scaleproof.cluster.sim.apiserver.Cells.NONE;
import static io.scaleproof.cluster.sim.apiserver.Cells.age;
import static io.scaleproof.cluster.sim.apiserver.Cells.conditionTrue;
import static io.scaleproof.cluster.sim.apiserver.Cells.instant;
import static io.scaleproof.cluster.sim.apiserver.Cells.name;
import static io.scaleproof.cluster.sim.apiserver.Cells.number;
import static io.scaleproof.cluster.sim.apiserver.Cells.orNone;
import static io.scaleproof.cluster.sim.apiserver.Cells.text;

import io.scaleproof.cluster.PlainValues;
import io.scaleproof.cluster.sim.apiserver.Printer.Column;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's row of {@code kubectl get pods}, as kube-apiserver's {@code printPod} ({@code
 * pkg/printers/internalversion/printers.go}) writes it: READY counting started sidecars, STATUS
 * from the init containers, the containers and the deletion, RESTARTS with the time of the last
 * one, and the wide IP, node, nominated node and readiness gates.
 */
final class PodPrinter {
  static final Printer POD =
      new Printer(
          List.of(
              Printer.NAME,
              new Column("Ready", "string"),
              new Column("Status", "string"),
              new Column("Restarts", "string"),
              Printer.AGE,
              new Column("IP", "string", "", 1),
              new Column("Node", "string", "", 1),
              new Column("Nominated Node", "string", "", 1),
              new Column("Readiness Gates", "string", "", 1)),
          PodPrinter::cells);

  private PodPrinter() {}

  /** {@code printPod}: READY, STATUS and RESTARTS as kubectl has always shown them. */
  static List<Object> cells(Map<String, Object> pod, Instant now) {
    Map<String, Object> spec = PlainValues.map(pod.get("spec"));
    Map<String, Object> status = PlainValues.map(pod.get("status"));
    Map<String, Map<String, Object>> initByName = new LinkedHashMap<>();
    List<Object> initContainers = PlainValues.list(spec.get("initContainers"));
    initContainers.forEach(c -> initByName.put(text(c, "name"), PlainValues.map(c)));
    long restarts = 0;
    long sidecarRestarts = 0;
    int total = PlainValues.list(spec.get("containers")).size();
    int ready = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    String reason = text(status, "phase");
    if (!text(status, "reason").isEmpty()) {
      reason = text(status, "reason");
    }
    for (Object condition : PlainValues.list(status.get("conditions"))) {
      if (text(condition, "type").equals("PodScheduled")
          && text(condition, "reason").equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }
    total += (int) initContainers.stream().filter(PodPrinter::isSidecar).count();
    boolean initializing = false;
    List<Object> initStatuses = PlainValues.list(status.get("initContainerStatuses"));
    for (int i = 0; i < initStatuses.size(); i++) {
      Map<String, Object> cs = PlainValues.map(initStatuses.get(i));
      long count = number(cs.get("restartCount"));
      restarts += count;
      Instant finished = lastFinished(cs);
      lastRestart = later(lastRestart, finished);
      boolean sidecar = isSidecar(initByName.get(text(cs, "name")));
      if (sidecar) {
        sidecarRestarts += count;
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      Map<String, Object> state = PlainValues.map(cs.get("state"));
      Map<String, Object> terminated = PlainValues.map(state.get("terminated"));
      Map<String, Object> waiting = PlainValues.map(state.get("waiting"));
      if (state.containsKey("terminated") && number(terminated.get("exitCode")) == 0) {
        continue;
      }
      if (sidecar && Boolean.TRUE.equals(cs.get("started"))) {
        if (Boolean.TRUE.equals(cs.get("ready"))) {
          ready++;
        }
        continue;
      }
      if (state.containsKey("terminated")) {
        reason =
            text(terminated, "reason").isEmpty()
                ? number(terminated.get("signal")) != 0
                    ? "Init:Signal:" + number(terminated.get("signal"))
                    : "Init:ExitCode:" + number(terminated.get("exitCode"))
                : "Init:" + text(terminated, "reason");
      } else if (!text(waiting, "reason").isEmpty()
          && !text(waiting, "reason").equals("PodInitializing")) {
        reason = "Init:" + text(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + initContainers.size();
      }
      initializing = true;
      break;
    }
    if (!initializing || conditionTrue(status, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<Object> statuses = PlainValues.list(status.get("containerStatuses"));
      for (int i = statuses.size() - 1; i >= 0; i--) {
        Map<String, Object> cs = PlainValues.map(statuses.get(i));
        restarts += number(cs.get("restartCount"));
        lastRestart = later(lastRestart, lastFinished(cs));
        Map<String, Object> state = PlainValues.map(cs.get("state"));
        Map<String, Object> terminated = PlainValues.map(state.get("terminated"));
        Map<String, Object> waiting = PlainValues.map(state.get("waiting"));
        if (state.containsKey("waiting") && !text(waiting, "reason").isEmpty()) {
          reason = text(waiting, "reason");
        } else if (state.containsKey("terminated") && !text(terminated, "reason").isEmpty()) {
          reason = text(terminated, "reason");
        } else if (state.containsKey("terminated")) {
          reason =
              number(terminated.get("signal")) != 0
                  ? "Signal:" + number(terminated.get("signal"))
                  : "ExitCode:" + number(terminated.get("exitCode"));
        } else if (Boolean.TRUE.equals(cs.get("ready")) && state.containsKey("running")) {
          hasRunning = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = conditionTrue(status, "Ready") ? "Running" : "NotReady";
      }
    }
    Map<String, Object> metadata = PlainValues.map(pod.get("metadata"));
    String phase = text(status, "phase");
    if (metadata.get("deletionTimestamp") != null && text(status, "reason").equals("NodeLost")) {
      reason = "Unknown";
    } else if (metadata.get("deletionTimestamp") != null
        && !phase.equals("Succeeded")
        && !phase.equals("Failed")) {
      reason = "Terminating";
    }
    String restartCell = String.valueOf(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartCell =
          restarts + " (" + HumanDuration.of(Duration.between(lastRestart, now)) + " ago)";
    }
    List<Object> podIps = PlainValues.list(status.get("podIPs"));
    String ip = podIps.isEmpty() ? text(status, "podIP") : text(podIps.get(0), "ip");
    List<Object> gates = PlainValues.list(spec.get("readinessGates"));
    String gateCell = NONE;
    if (!gates.isEmpty()) {
      long passed =
          gates.stream().filter(g -> conditionTrue(status, text(g, "conditionType"))).count();
      gateCell = passed + "/" + gates.size();
    }
    return List.of(
        name(pod),
        ready + "/" + total,
        reason,
        restartCell,
        age(pod, now),
        orNone(ip),
        orNone(text(spec, "nodeName")),
        orNone(text(status, "nominatedNodeName")),
        gateCell);
  }

  private static boolean isSidecar(Object container) {
    return container != null && "Always".equals(PlainValues.map(container).get("restartPolicy"));
  }

  private static Instant lastFinished(Map<String, Object> containerStatus) {
    Map<String, Object> last = PlainValues.map(containerStatus.get("lastState"));
    if (!last.containsKey("terminated")) {
      return null;
    }
    return instant(text(last.get("terminated"), "finishedAt"));
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** A finished pod's row condition, which kubectl uses to hide completed pods on request. */
  static Optional<List<Object>> rowConditions(Map<String, Object> pod) {
    String phase = text(pod, "status", "phase");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      boolean succeeded = phase.equals("Succeeded");
      return Optional.of(
          List.of(
              Map.of(
                  "type",
                  "Completed",
                  "status",
                  "True",
                  "reason",
                  phase,
                  "message",
                  succeeded ? "The pod has completed successfully." : "The pod failed.")));
    }
    return Optional.empty();
  }
}
