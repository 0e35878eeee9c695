package io.scaleproof.cluster.sim.apiserver;

import io.scaleproof.cluster.PlainValues;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for, with
 * the columns and cells of kube-apiserver's printers ({@code pkg/printers/internalversion}) for the
 * kinds the embedded cluster runs, a CRD's {@code additionalPrinterColumns} for custom resources,
 * and the default {@code Name, Created At} for every other kind. As on a real server, every column
 * is sent, the wide ones too ({@code priority 1}); kubectl shows them with {@code -o wide}. A row
 * carries the object's metadata, the whole object with {@code includeObject=Object} (what {@code
 * --sort-by} asks for), or nothing with {@code None}.
 */
final class Tables {
  private static final String NONE = "<none>";

  private Tables() {}

  /** Whether an Accept header asks for a Table, as kubectl's does for human-readable output. */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /** A column definition: name, type, format, priority. */
  private record Column(String name, String type, String format, int priority) {
    Column(String name, String type) {
      this(name, type, "", 0);
    }

    Map<String, Object> definition(String description) {
      Map<String, Object> column = new LinkedHashMap<>();
      column.put("name", name);
      column.put("type", type);
      column.put("format", format);
      column.put("description", description);
      column.put("priority", priority);
      return column;
    }
  }

  private static final Column NAME = new Column("Name", "string", "name", 0);
  private static final Column AGE = new Column("Age", "string");

  /** How one kind is printed: its columns and each object's cells. */
  private interface Printer {
    List<Column> columns();

    List<Object> cells(Map<String, Object> object, Instant now);
  }

  /**
   * The Table of {@code items} of {@code served}.
   *
   * @param crdColumns the printer columns of a custom resource's CRD (empty: its default), or null
   *     for a built-in kind
   * @param listMetadata the list's metadata (its resourceVersion), empty for one object
   * @throws IllegalArgumentException for an {@code includeObject} the API server does not know
   */
  static Map<String, Object> of(
      ServedResource served,
      List<PrinterColumn> crdColumns,
      List<Map<String, Object>> items,
      Map<String, Object> listMetadata,
      Map<String, String> query,
      Instant now) {
    String include = query.getOrDefault("includeObject", "Metadata");
    if (!List.of("", "Metadata", "Object", "None").contains(include)) {
      throw new IllegalArgumentException("unrecognized includeObject value: \"" + include + "\"");
    }
    Printer printer = crdColumns != null ? custom(crdColumns) : builtIn(served);
    List<Object> rows = new ArrayList<>();
    for (Map<String, Object> item : items) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cells", printer.cells(item, now));
      if (served.kind().equals("Pod")) {
        conditions(item).ifPresent(c -> row.put("conditions", c));
      }
      row.put("object", rowObject(served, item, include));
      rows.add(row);
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    Object version =
        listMetadata.isEmpty() && !items.isEmpty()
            ? PlainValues.map(items.get(0).get("metadata")).get("resourceVersion")
            : listMetadata.get("resourceVersion");
    if (version != null) {
      metadata.put("resourceVersion", version);
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.put("metadata", metadata);
    List<Object> definitions = new ArrayList<>();
    for (Column column : printer.columns()) {
      definitions.add(column.definition(""));
    }
    table.put("columnDefinitions", definitions);
    table.put("rows", rows);
    return table;
  }

  private static Object rowObject(ServedResource served, Map<String, Object> item, String include) {
    if (include.equals("None")) {
      return null;
    }
    if (include.equals("Object")) {
      Map<String, Object> object = new LinkedHashMap<>(item);
      object.putIfAbsent("kind", served.kind());
      object.putIfAbsent("apiVersion", served.groupVersion());
      return object;
    }
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.put("metadata", item.get("metadata"));
    return partial;
  }

  /** A finished pod's row condition, which kubectl uses to hide completed pods on request. */
  private static java.util.Optional<List<Object>> conditions(Map<String, Object> pod) {
    String phase = text(pod, "status", "phase");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      boolean succeeded = phase.equals("Succeeded");
      return java.util.Optional.of(
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
    return java.util.Optional.empty();
  }

  private static Printer builtIn(ServedResource served) {
    String key = served.group() + "/" + served.kind();
    return switch (key) {
      case "/Pod" -> printer(Tables::podColumns, Tables::podCells);
      case "apps/Deployment" -> printer(Tables::deploymentColumns, Tables::deploymentCells);
      case "apps/ReplicaSet" -> printer(Tables::replicaSetColumns, Tables::replicaSetCells);
      case "apps/StatefulSet" -> printer(Tables::statefulSetColumns, Tables::statefulSetCells);
      case "apps/DaemonSet" -> printer(Tables::daemonSetColumns, Tables::daemonSetCells);
      case "batch/Job" -> printer(Tables::jobColumns, Tables::jobCells);
      case "/Service" -> printer(Tables::serviceColumns, Tables::serviceCells);
      case "/Endpoints" -> printer(Tables::endpointsColumns, Tables::endpointsCells);
      case "/Event" -> printer(Tables::eventColumns, Tables::eventCells);
      case "autoscaling/HorizontalPodAutoscaler" -> printer(Tables::hpaColumns, Tables::hpaCells);
      case "/Namespace" ->
          printer(
              () -> List.of(NAME, new Column("Status", "string"), AGE),
              (o, now) -> List.of(name(o), text(o, "status", "phase"), age(o, now)));
      case "/ConfigMap" ->
          printer(
              () -> List.of(NAME, new Column("Data", "string"), AGE),
              (o, now) ->
                  List.of(
                      name(o),
                      (long)
                          (PlainValues.map(o.get("data")).size()
                              + PlainValues.map(o.get("binaryData")).size()),
                      age(o, now)));
      case "/Secret" ->
          printer(
              () -> List.of(NAME, new Column("Type", "string"), new Column("Data", "string"), AGE),
              (o, now) ->
                  List.of(
                      name(o),
                      String.valueOf(o.getOrDefault("type", "")),
                      (long) PlainValues.map(o.get("data")).size(),
                      age(o, now)));
      case "/ServiceAccount" ->
          printer(
              () -> List.of(NAME, new Column("Secrets", "string"), AGE),
              (o, now) ->
                  List.of(name(o), (long) PlainValues.list(o.get("secrets")).size(), age(o, now)));
      case "/Node" -> printer(Tables::nodeColumns, Tables::nodeCells);
      case "coordination.k8s.io/Lease" ->
          printer(
              () -> List.of(NAME, new Column("Holder", "string"), AGE),
              (o, now) -> List.of(name(o), text(o, "spec", "holderIdentity"), age(o, now)));
      default -> defaultPrinter();
    };
  }

  private static Printer printer(
      java.util.function.Supplier<List<Column>> columns,
      java.util.function.BiFunction<Map<String, Object>, Instant, List<Object>> cells) {
    return new Printer() {
      @Override
      public List<Column> columns() {
        return columns.get();
      }

      @Override
      public List<Object> cells(Map<String, Object> object, Instant now) {
        return cells.apply(object, now);
      }
    };
  }

  /** {@code rest.NewDefaultTableConvertor}: the name and the creation time as RFC 3339. */
  private static Printer defaultPrinter() {
    return printer(
        () -> List.of(NAME, new Column("Created At", "date")),
        (o, now) -> {
          Object created = PlainValues.map(o.get("metadata")).get("creationTimestamp");
          return List.of(name(o), created == null ? "0001-01-01T00:00:00Z" : created.toString());
        });
  }

  /** A custom resource: Name, then the CRD's printer columns (or its default, the age). */
  private static Printer custom(List<PrinterColumn> declared) {
    List<PrinterColumn> columns = declared.isEmpty() ? PrinterColumn.AGE : declared;
    return printer(
        () -> {
          List<Column> all = new ArrayList<>(List.of(NAME));
          columns.forEach(c -> all.add(new Column(c.name(), c.type(), c.format(), c.priority())));
          return all;
        },
        (o, now) -> {
          List<Object> cells = new ArrayList<>(List.of(name(o)));
          for (PrinterColumn column : columns) {
            cells.add(cell(column, o, now));
          }
          return cells;
        });
  }

  /** The apiextensions table convertor's {@code cellForJSONValue}: the first result, typed. */
  static Object cell(PrinterColumn column, Map<String, Object> object, Instant now) {
    List<Object> results;
    try {
      results = JsonPath.find(object, column.jsonPath());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (results.isEmpty() || results.get(0) == null) {
      return null;
    }
    Object value = results.get(0);
    return switch (column.type()) {
      case "integer" -> value instanceof Number n ? (Object) n.longValue() : null;
      case "number" -> value instanceof Number n ? (Object) n.doubleValue() : null;
      case "boolean" -> value instanceof Boolean b ? b : null;
      case "date" -> value instanceof String s ? since(s, now) : null;
      default ->
          value instanceof Map<?, ?> || value instanceof List<?>
              ? new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asJson(value)
              : String.valueOf(value);
    };
  }

  // --- Pod -------------------------------------------------------------------------------------

  private static List<Column> podColumns() {
    return List.of(
        NAME,
        new Column("Ready", "string"),
        new Column("Status", "string"),
        new Column("Restarts", "string"),
        AGE,
        new Column("IP", "string", "", 1),
        new Column("Node", "string", "", 1),
        new Column("Nominated Node", "string", "", 1),
        new Column("Readiness Gates", "string", "", 1));
  }

  /** {@code printPod}: READY, STATUS and RESTARTS as kubectl has always shown them. */
  static List<Object> podCells(Map<String, Object> pod, Instant now) {
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
    total += (int) initContainers.stream().filter(Tables::isSidecar).count();
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
          gates.stream().filter(g -> firstConditionTrue(status, text(g, "conditionType"))).count();
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

  /** Whether the first condition of {@code type} is True, as {@code hasPodReadyCondition}. */
  private static boolean conditionTrue(Map<String, Object> status, String type) {
    return firstConditionTrue(status, type);
  }

  private static boolean firstConditionTrue(Map<String, Object> status, String type) {
    for (Object condition : PlainValues.list(status.get("conditions"))) {
      if (text(condition, "type").equals(type)) {
        return text(condition, "status").equals("True");
      }
    }
    return false;
  }

  // --- Workloads -------------------------------------------------------------------------------

  private static List<Column> deploymentColumns() {
    return List.of(
        NAME,
        new Column("Ready", "string"),
        new Column("Up-to-date", "string"),
        new Column("Available", "string"),
        AGE,
        new Column("Containers", "string", "", 1),
        new Column("Images", "string", "", 1),
        new Column("Selector", "string", "", 1));
  }

  static List<Object> deploymentCells(Map<String, Object> deployment, Instant now) {
    Map<String, Object> spec = PlainValues.map(deployment.get("spec"));
    Map<String, Object> status = PlainValues.map(deployment.get("status"));
    long replicas = spec.containsKey("replicas") ? number(spec.get("replicas")) : 1;
    List<Object> cells = new ArrayList<>();
    cells.add(name(deployment));
    cells.add(number(status.get("readyReplicas")) + "/" + replicas);
    cells.add(number(status.get("updatedReplicas")));
    cells.add(number(status.get("availableReplicas")));
    cells.add(age(deployment, now));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), ""));
    return cells;
  }

  private static List<Column> replicaSetColumns() {
    return List.of(
        NAME,
        new Column("Desired", "integer"),
        new Column("Current", "integer"),
        new Column("Ready", "integer"),
        AGE,
        new Column("Containers", "string", "", 1),
        new Column("Images", "string", "", 1),
        new Column("Selector", "string", "", 1));
  }

  static List<Object> replicaSetCells(Map<String, Object> replicaSet, Instant now) {
    Map<String, Object> spec = PlainValues.map(replicaSet.get("spec"));
    Map<String, Object> status = PlainValues.map(replicaSet.get("status"));
    List<Object> cells = new ArrayList<>();
    cells.add(name(replicaSet));
    cells.add(spec.containsKey("replicas") ? number(spec.get("replicas")) : 1L);
    cells.add(number(status.get("replicas")));
    cells.add(number(status.get("readyReplicas")));
    cells.add(age(replicaSet, now));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), NONE));
    return cells;
  }

  private static List<Column> statefulSetColumns() {
    return List.of(
        NAME,
        new Column("Ready", "string"),
        AGE,
        new Column("Containers", "string", "", 1),
        new Column("Images", "string", "", 1));
  }

  private static List<Object> statefulSetCells(Map<String, Object> set, Instant now) {
    Map<String, Object> spec = PlainValues.map(set.get("spec"));
    Map<String, Object> status = PlainValues.map(set.get("status"));
    long replicas = spec.containsKey("replicas") ? number(spec.get("replicas")) : 1;
    List<Object> cells = new ArrayList<>();
    cells.add(name(set));
    cells.add(number(status.get("readyReplicas")) + "/" + replicas);
    cells.add(age(set, now));
    cells.addAll(containerCells(spec));
    return cells;
  }

  private static List<Column> daemonSetColumns() {
    return List.of(
        NAME,
        new Column("Desired", "integer"),
        new Column("Current", "integer"),
        new Column("Ready", "integer"),
        new Column("Up-to-date", "integer"),
        new Column("Available", "integer"),
        new Column("Node Selector", "string"),
        AGE,
        new Column("Containers", "string", "", 1),
        new Column("Images", "string", "", 1),
        new Column("Selector", "string", "", 1));
  }

  private static List<Object> daemonSetCells(Map<String, Object> set, Instant now) {
    Map<String, Object> spec = PlainValues.map(set.get("spec"));
    Map<String, Object> status = PlainValues.map(set.get("status"));
    Map<String, Object> podSpec =
        PlainValues.map(PlainValues.map(spec.get("template")).get("spec"));
    List<Object> cells = new ArrayList<>();
    cells.add(name(set));
    cells.add(number(status.get("desiredNumberScheduled")));
    cells.add(number(status.get("currentNumberScheduled")));
    cells.add(number(status.get("numberReady")));
    cells.add(number(status.get("updatedNumberScheduled")));
    cells.add(number(status.get("numberAvailable")));
    cells.add(labels(podSpec.get("nodeSelector")));
    cells.add(age(set, now));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), NONE));
    return cells;
  }

  private static List<Column> jobColumns() {
    return List.of(
        NAME,
        new Column("Status", "string"),
        new Column("Completions", "string"),
        new Column("Duration", "string"),
        AGE,
        new Column("Containers", "string", "", 1),
        new Column("Images", "string", "", 1),
        new Column("Selector", "string", "", 1));
  }

  private static List<Object> jobCells(Map<String, Object> job, Instant now) {
    Map<String, Object> spec = PlainValues.map(job.get("spec"));
    Map<String, Object> status = PlainValues.map(job.get("status"));
    long succeeded = number(status.get("succeeded"));
    String completions;
    if (spec.get("completions") != null) {
      completions = succeeded + "/" + number(spec.get("completions"));
    } else if (number(spec.get("parallelism")) > 1) {
      completions = succeeded + "/1 of " + number(spec.get("parallelism"));
    } else {
      completions = succeeded + "/1";
    }
    Instant start = instant(text(status, "startTime"));
    Instant completion = instant(text(status, "completionTime"));
    String duration =
        start == null
            ? ""
            : HumanDuration.of(Duration.between(start, completion == null ? now : completion));
    String state = "Running";
    if (firstConditionTrue(status, "Complete")) {
      state = "Complete";
    } else if (firstConditionTrue(status, "Failed")) {
      state = "Failed";
    } else if (PlainValues.map(job.get("metadata")).get("deletionTimestamp") != null) {
      state = "Terminating";
    } else if (firstConditionTrue(status, "Suspended")) {
      state = "Suspended";
    } else if (firstConditionTrue(status, "FailureTarget")) {
      state = "FailureTarget";
    }
    List<Object> cells =
        new ArrayList<>(List.of(name(job), state, completions, duration, age(job, now)));
    cells.addAll(containerCells(spec));
    cells.add(selector(spec.get("selector"), NONE));
    return cells;
  }

  /** The template's container names and images, each joined by commas. */
  private static List<Object> containerCells(Map<String, Object> workloadSpec) {
    Map<String, Object> podSpec =
        PlainValues.map(PlainValues.map(workloadSpec.get("template")).get("spec"));
    List<Object> containers = PlainValues.list(podSpec.get("containers"));
    return List.of(
        containers.stream().map(c -> text(c, "name")).collect(Collectors.joining(",")),
        containers.stream().map(c -> text(c, "image")).collect(Collectors.joining(",")));
  }

  // --- Service, Endpoints ----------------------------------------------------------------------

  private static List<Column> serviceColumns() {
    return List.of(
        NAME,
        new Column("Type", "string"),
        new Column("Cluster-IP", "string"),
        new Column("External-IP", "string"),
        new Column("Port(s)", "string"),
        AGE,
        new Column("Selector", "string", "", 1));
  }

  static List<Object> serviceCells(Map<String, Object> service, Instant now) {
    Map<String, Object> spec = PlainValues.map(service.get("spec"));
    String type = text(spec, "type").isEmpty() ? "ClusterIP" : text(spec, "type");
    List<Object> clusterIps = PlainValues.list(spec.get("clusterIPs"));
    String clusterIp =
        !clusterIps.isEmpty()
            ? String.valueOf(clusterIps.get(0))
            : text(spec, "clusterIP").isEmpty() ? NONE : text(spec, "clusterIP");
    List<String> externalIps =
        PlainValues.list(spec.get("externalIPs")).stream().map(String::valueOf).toList();
    String external =
        switch (type) {
          case "ClusterIP", "NodePort" ->
              externalIps.isEmpty() ? NONE : String.join(",", externalIps);
          case "LoadBalancer" -> loadBalancerIps(service, externalIps);
          case "ExternalName" -> text(spec, "externalName");
          default -> "<unknown>";
        };
    List<String> ports = new ArrayList<>();
    for (Object port : PlainValues.list(spec.get("ports"))) {
      Map<String, Object> p = PlainValues.map(port);
      String protocol = text(p, "protocol").isEmpty() ? "TCP" : text(p, "protocol");
      long nodePort = number(p.get("nodePort"));
      ports.add(
          nodePort > 0
              ? number(p.get("port")) + ":" + nodePort + "/" + protocol
              : number(p.get("port")) + "/" + protocol);
    }
    return List.of(
        name(service),
        type,
        clusterIp,
        external,
        ports.isEmpty() ? NONE : String.join(",", ports),
        age(service, now),
        labels(spec.get("selector")));
  }

  private static String loadBalancerIps(Map<String, Object> service, List<String> externalIps) {
    TreeSet<String> ingress = new TreeSet<>();
    Map<String, Object> lb =
        PlainValues.map(PlainValues.map(service.get("status")).get("loadBalancer"));
    for (Object entry : PlainValues.list(lb.get("ingress"))) {
      String ip = text(entry, "ip");
      String host = text(entry, "hostname");
      if (!ip.isEmpty()) {
        ingress.add(ip);
      } else if (!host.isEmpty()) {
        ingress.add(host);
      }
    }
    if (!externalIps.isEmpty()) {
      List<String> all = new ArrayList<>(ingress);
      all.addAll(externalIps);
      return String.join(",", all);
    }
    return ingress.isEmpty() ? "<pending>" : String.join(",", ingress);
  }

  private static List<Column> endpointsColumns() {
    return List.of(NAME, new Column("Endpoints", "string"), AGE);
  }

  private static List<Object> endpointsCells(Map<String, Object> endpoints, Instant now) {
    List<Object> subsets = PlainValues.list(endpoints.get("subsets"));
    String cell;
    if (subsets.isEmpty()) {
      cell = NONE;
    } else {
      List<String> list = new ArrayList<>();
      int max = 3;
      boolean more = false;
      int count = 0;
      for (Object subset : subsets) {
        List<Object> addresses = PlainValues.list(PlainValues.map(subset).get("addresses"));
        List<Object> ports = PlainValues.list(PlainValues.map(subset).get("ports"));
        if (ports.isEmpty()) {
          count += addresses.size();
          for (Object address : addresses) {
            if (list.size() == max) {
              more = true;
              break;
            }
            list.add(text(address, "ip"));
          }
          continue;
        }
        for (Object port : ports) {
          count += addresses.size();
          for (Object address : addresses) {
            if (list.size() == max) {
              more = true;
              break;
            }
            String ip = text(address, "ip");
            list.add(
                (ip.contains(":") ? "[" + ip + "]" : ip)
                    + ":"
                    + number(PlainValues.map(port).get("port")));
          }
        }
      }
      cell = String.join(",", list) + (more ? " + " + (count - max) + " more..." : "");
    }
    return List.of(name(endpoints), cell, age(endpoints, now));
  }

  // --- Event -----------------------------------------------------------------------------------

  private static List<Column> eventColumns() {
    return List.of(
        new Column("Last Seen", "string"),
        new Column("Type", "string"),
        new Column("Reason", "string"),
        new Column("Object", "string"),
        new Column("Subobject", "string", "", 1),
        new Column("Source", "string", "", 1),
        new Column("Message", "string"),
        new Column("First Seen", "string", "", 1),
        new Column("Count", "string", "", 1),
        new Column("Name", "string", "name", 1));
  }

  static List<Object> eventCells(Map<String, Object> event, Instant now) {
    String first = since(text(event, "firstTimestamp"), now);
    if (text(event, "firstTimestamp").isEmpty()) {
      first = since(text(event, "eventTime"), now);
    }
    String last = since(text(event, "lastTimestamp"), now);
    if (text(event, "lastTimestamp").isEmpty()) {
      last = first;
    }
    long count = number(event.get("count"));
    Map<String, Object> series = PlainValues.map(event.get("series"));
    if (event.get("series") != null) {
      last = since(text(series, "lastObservedTime"), now);
      count = number(series.get("count"));
    } else if (count == 0) {
      count = 1;
    }
    Map<String, Object> involved = PlainValues.map(event.get("involvedObject"));
    String kind = text(involved, "kind").toLowerCase(java.util.Locale.ROOT);
    String target = text(involved, "name").isEmpty() ? kind : kind + "/" + text(involved, "name");
    Map<String, Object> source = PlainValues.map(event.get("source"));
    String component =
        text(source, "component").isEmpty()
            ? text(event, "reportingComponent")
            : text(source, "component");
    String instance =
        text(source, "host").isEmpty() ? text(event, "reportingInstance") : text(source, "host");
    return List.of(
        last,
        text(event, "type"),
        text(event, "reason"),
        target,
        text(involved, "fieldPath"),
        instance.isEmpty() ? component : component + ", " + instance,
        text(event, "message").strip(),
        first,
        count,
        name(event));
  }

  // --- HorizontalPodAutoscaler -----------------------------------------------------------------

  private static List<Column> hpaColumns() {
    return List.of(
        NAME,
        new Column("Reference", "string"),
        new Column("Targets", "string"),
        new Column("MinPods", "string"),
        new Column("MaxPods", "string"),
        new Column("Replicas", "string"),
        AGE);
  }

  static List<Object> hpaCells(Map<String, Object> hpa, Instant now) {
    Map<String, Object> spec = PlainValues.map(hpa.get("spec"));
    Map<String, Object> status = PlainValues.map(hpa.get("status"));
    Map<String, Object> target = PlainValues.map(spec.get("scaleTargetRef"));
    return List.of(
        name(hpa),
        text(target, "kind") + "/" + text(target, "name"),
        hpaMetrics(
            PlainValues.list(spec.get("metrics")), PlainValues.list(status.get("currentMetrics"))),
        spec.get("minReplicas") == null
            ? "<unset>"
            : String.valueOf(number(spec.get("minReplicas"))),
        number(spec.get("maxReplicas")),
        number(status.get("currentReplicas")),
        age(hpa, now));
  }

  /** {@code formatHPAMetrics}: each metric's current and target value, statuses by index. */
  static String hpaMetrics(List<Object> specs, List<Object> statuses) {
    if (specs.isEmpty()) {
      return NONE;
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Map<String, Object> metric = PlainValues.map(specs.get(i));
      Map<String, Object> current =
          i < statuses.size() ? PlainValues.map(statuses.get(i)) : Map.of();
      String type = text(metric, "type");
      switch (type) {
        case "External", "Object" -> {
          String field = type.equals("External") ? "external" : "object";
          Map<String, Object> wanted =
              PlainValues.map(PlainValues.map(metric.get(field)).get("target"));
          Map<String, Object> seen =
              PlainValues.map(PlainValues.map(current.get(field)).get("current"));
          boolean hasStatus = current.get(field) != null;
          if (wanted.get("averageValue") != null) {
            String cur =
                hasStatus && seen.get("averageValue") != null
                    ? String.valueOf(seen.get("averageValue"))
                    : "<unknown>";
            list.add(cur + "/" + wanted.get("averageValue") + " (avg)");
          } else {
            String cur =
                hasStatus && seen.get("value") != null
                    ? String.valueOf(seen.get("value"))
                    : "<unknown>";
            list.add(cur + "/" + wanted.get("value"));
          }
        }
        case "Pods" -> {
          Map<String, Object> wanted =
              PlainValues.map(PlainValues.map(metric.get("pods")).get("target"));
          Map<String, Object> seen =
              PlainValues.map(PlainValues.map(current.get("pods")).get("current"));
          String cur =
              current.get("pods") != null && seen.get("averageValue") != null
                  ? String.valueOf(seen.get("averageValue"))
                  : "<unknown>";
          list.add(cur + "/" + wanted.get("averageValue"));
        }
        case "Resource", "ContainerResource" -> {
          String field = type.equals("Resource") ? "resource" : "containerResource";
          Map<String, Object> source = PlainValues.map(metric.get(field));
          Map<String, Object> wanted = PlainValues.map(source.get("target"));
          Map<String, Object> seen =
              PlainValues.map(PlainValues.map(current.get(field)).get("current"));
          boolean hasStatus = current.get(field) != null;
          String resource = text(source, "name");
          if (wanted.get("averageValue") != null) {
            String cur =
                hasStatus && seen.get("averageValue") != null
                    ? String.valueOf(seen.get("averageValue"))
                    : "<unknown>";
            list.add(resource + ": " + cur + "/" + wanted.get("averageValue"));
          } else {
            String cur =
                hasStatus && seen.get("averageUtilization") != null
                    ? number(seen.get("averageUtilization")) + "%"
                    : "<unknown>";
            String goal =
                wanted.get("averageUtilization") != null
                    ? number(wanted.get("averageUtilization")) + "%"
                    : "<auto>";
            list.add(resource + ": " + cur + "/" + goal);
          }
        }
        default -> list.add("<unknown type>");
      }
    }
    if (list.size() > 2) {
      return String.join(", ", list.subList(0, 2)) + " + " + (list.size() - 2) + " more...";
    }
    return String.join(", ", list);
  }

  // --- Node ------------------------------------------------------------------------------------

  private static List<Column> nodeColumns() {
    return List.of(
        NAME,
        new Column("Status", "string"),
        new Column("Roles", "string"),
        AGE,
        new Column("Version", "string"),
        new Column("Internal-IP", "string", "", 1),
        new Column("External-IP", "string", "", 1),
        new Column("OS-Image", "string", "", 1),
        new Column("Kernel-Version", "string", "", 1),
        new Column("Container-Runtime", "string", "", 1));
  }

  private static List<Object> nodeCells(Map<String, Object> node, Instant now) {
    Map<String, Object> status = PlainValues.map(node.get("status"));
    Map<String, String> byType = new LinkedHashMap<>();
    for (Object condition : PlainValues.list(status.get("conditions"))) {
      byType.put(text(condition, "type"), text(condition, "status"));
    }
    List<String> states = new ArrayList<>();
    if (byType.containsKey("Ready")) {
      states.add(byType.get("Ready").equals("True") ? "Ready" : "NotReady");
    }
    if (states.isEmpty()) {
      states.add("Unknown");
    }
    if (Boolean.TRUE.equals(PlainValues.map(node.get("spec")).get("unschedulable"))) {
      states.add("SchedulingDisabled");
    }
    TreeSet<String> roles = new TreeSet<>();
    PlainValues.map(PlainValues.map(node.get("metadata")).get("labels"))
        .forEach(
            (key, value) -> {
              if (key.startsWith("node-role.kubernetes.io/")
                  && key.length() > "node-role.kubernetes.io/".length()) {
                roles.add(key.substring("node-role.kubernetes.io/".length()));
              } else if (key.equals("kubernetes.io/role") && !String.valueOf(value).isEmpty()) {
                roles.add(String.valueOf(value));
              }
            });
    Map<String, Object> info = PlainValues.map(status.get("nodeInfo"));
    return List.of(
        name(node),
        String.join(",", states),
        roles.isEmpty() ? NONE : String.join(",", roles),
        age(node, now),
        text(info, "kubeletVersion"),
        orNone(address(status, "InternalIP")),
        orNone(address(status, "ExternalIP")),
        orUnknown(text(info, "osImage")),
        orUnknown(text(info, "kernelVersion")),
        orUnknown(text(info, "containerRuntimeVersion")));
  }

  private static String address(Map<String, Object> status, String type) {
    return PlainValues.list(status.get("addresses")).stream()
        .filter(a -> text(a, "type").equals(type))
        .map(a -> text(a, "address"))
        .findFirst()
        .orElse("");
  }

  // --- Helpers ---------------------------------------------------------------------------------

  private static String name(Map<String, Object> object) {
    return text(object.get("metadata"), "name");
  }

  private static String age(Map<String, Object> object, Instant now) {
    return since(text(object.get("metadata"), "creationTimestamp"), now);
  }

  /** {@code translateTimestampSince}: how long ago, {@code <unknown>} without a time. */
  static String since(String timestamp, Instant now) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    Instant at = instant(timestamp);
    return at == null ? "<invalid>" : HumanDuration.of(Duration.between(at, now));
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(timestamp).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /** {@code labels.FormatLabels}: {@code k=v} sorted by key, {@code <none>} when empty. */
  private static String labels(Object map) {
    Map<String, Object> sorted = new TreeMap<>(PlainValues.map(map));
    if (sorted.isEmpty()) {
      return NONE;
    }
    return sorted.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /**
   * A label selector as {@code selector.String()} writes it: requirements sorted by key, {@code
   * k=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}; {@code empty} when
   * there are none.
   */
  static String selector(Object selector, String empty) {
    Map<String, Object> s = PlainValues.map(selector);
    TreeMap<String, List<String>> requirements = new TreeMap<>();
    PlainValues.map(s.get("matchLabels"))
        .forEach(
            (k, v) -> requirements.computeIfAbsent(k, x -> new ArrayList<>()).add(k + "=" + v));
    for (Object expression : PlainValues.list(s.get("matchExpressions"))) {
      String key = text(expression, "key");
      List<String> values =
          PlainValues.list(PlainValues.map(expression).get("values")).stream()
              .map(String::valueOf)
              .sorted()
              .toList();
      String requirement =
          switch (text(expression, "operator")) {
            case "In" -> key + " in (" + String.join(",", values) + ")";
            case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
            case "Exists" -> key;
            case "DoesNotExist" -> "!" + key;
            default -> key;
          };
      requirements.computeIfAbsent(key, x -> new ArrayList<>()).add(requirement);
    }
    if (requirements.isEmpty()) {
      return empty;
    }
    return requirements.values().stream().flatMap(List::stream).collect(Collectors.joining(","));
  }

  private static String orNone(String value) {
    return value == null || value.isEmpty() ? NONE : value;
  }

  private static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "<unknown>" : value;
  }

  private static String text(Object map, String key) {
    Object value = PlainValues.map(map).get(key);
    return value == null ? "" : value.toString();
  }

  private static String text(Object map, String outer, String inner) {
    return text(PlainValues.map(map).get(outer), inner);
  }

  private static long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s && s.matches("-?\\d+")) {
      return Long.parseLong(s);
    }
    return 0;
  }
}
