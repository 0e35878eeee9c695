package io.scaleproof.cluster.sim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Server-side printing against kube-apiserver's own cases ({@code
 * pkg/printers/internalversion/printers_test.go}: TestPrintPod, TestPrintPodwide,
 * TestPrintDeployment, TestPrintReplicaSet, TestPrintService, TestPrintHPA, TestPrintEvent), and a
 * CRD's printer columns. The server prints the wide cells too; the cases' short cells are the first
 * ones.
 */
class TablesTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private static String ago(long seconds) {
    return NOW.minusSeconds(seconds).toString();
  }

  @Test
  @DisplayName("TestPrintPod: READY, STATUS and RESTARTS")
  void pods() {
    assertPod(
        "{metadata: {name: test1}, spec: {containers: [{}, {}]}, status: {phase: podPhase,"
            + " containerStatuses: [{ready: true, restartCount: 3, state: {running: {}}},"
            + " {restartCount: 3}]}}",
        "test1",
        "1/2",
        "podPhase",
        "6",
        "<unknown>");
    assertPod(
        "{metadata: {name: test2}, spec: {containers: [{}, {}]}, status: {phase: podPhase,"
            + " containerStatuses: [{ready: true, restartCount: 3, state: {running: {}}},"
            + " {restartCount: 3, state: {waiting: {reason: ContainerWaitingReason}}}]}}",
        "test2",
        "1/2",
        "ContainerWaitingReason",
        "6",
        "<unknown>");
    assertPod(
        "{metadata: {name: test3}, spec: {containers: [{}, {}]}, status: {phase: podPhase,"
            + " containerStatuses: [{restartCount: 3, state: {waiting: {reason:"
            + " ContainerWaitingReason}}}, {restartCount: 3, state: {terminated: {reason:"
            + " ContainerTerminatedReason}}}]}}",
        "test3",
        "0/2",
        "ContainerWaitingReason",
        "6",
        "<unknown>");
    assertPod(
        "{metadata: {name: test5}, spec: {containers: [{}, {}]}, status: {phase: podPhase, reason:"
            + " podReason, containerStatuses: [{ready: true, restartCount: 3, state: {running: {}}},"
            + " {ready: true, restartCount: 3}]}}",
        "test5",
        "1/2",
        "podReason",
        "6",
        "<unknown>");
    assertPod(
        "{metadata: {name: test6}, spec: {containers: [{}, {}]}, status: {phase: Running,"
            + " containerStatuses: [{ready: true, restartCount: 3, state: {terminated: {reason:"
            + " Completed, exitCode: 0}}}, {ready: true, restartCount: 3, state: {running: {}}}]}}",
        "test6",
        "1/2",
        "NotReady",
        "6",
        "<unknown>");
    assertPod(
        "{metadata: {name: test6}, spec: {containers: [{}, {}]}, status: {phase: Running,"
            + " conditions: [{type: Ready, status: 'True'}], containerStatuses: [{ready: true,"
            + " restartCount: 3, state: {terminated: {reason: Completed, exitCode: 0}}}, {ready:"
            + " true, restartCount: 3, state: {running: {}}}]}}",
        "test6",
        "1/2",
        "Running",
        "6",
        "<unknown>");
    assertPod(
        "{metadata: {name: test7}, spec: {initContainers: [{}], containers: [{}]}, status: {phase:"
            + " Pending, initContainerStatuses: [{restartCount: 3, state: {running: {}}, lastState:"
            + " {terminated: {finishedAt: '"
            + ago(10)
            + "'}}}], containerStatuses: [{state: {waiting: {}}}]}}",
        "test7",
        "0/1",
        "Init:0/1",
        "3 (10s ago)",
        "<unknown>");
    assertPod(
        "{metadata: {name: test12}, spec: {containers: [{}]}, status: {phase: Running,"
            + " containerStatuses: [{ready: true, restartCount: 3, state: {running: {}}, lastState:"
            + " {terminated: {finishedAt: '"
            + ago(5 * 86400)
            + "'}}}]}}",
        "test12",
        "1/1",
        "Running",
        "3 (5d ago)",
        "<unknown>");
    assertPod(
        "{metadata: {name: test14}, spec: {containers: [{}, {}]}, status: {phase: Running,"
            + " containerStatuses: [{ready: true, restartCount: 6, state: {running: {}}, lastState:"
            + " {terminated: {finishedAt: '"
            + ago(5 * 86400)
            + "'}}}, {ready: true, restartCount: 3, state: {running: {}}, lastState: {terminated:"
            + " {finishedAt: '"
            + ago(20 * 86400)
            + "'}}}]}}",
        "test14",
        "2/2",
        "Running",
        "9 (5d ago)",
        "<unknown>");
    assertPod(
        "{metadata: {name: test15}, spec: {containers: [{}, {}]}, status: {phase: podPhase,"
            + " conditions: [{type: PodScheduled, status: 'False', reason: SchedulingGated}]}}",
        "test15",
        "0/2",
        "SchedulingGated",
        "0",
        "<unknown>");
    assertPod(
        "{metadata: {name: test18, deletionTimestamp: '"
            + ago(10)
            + "'}, spec: {containers: [{}]}, status: {phase: Succeeded, containerStatuses:"
            + " [{state: {terminated: {reason: Completed, exitCode: 0}}}]}}",
        "test18",
        "0/1",
        "Completed",
        "0",
        "<unknown>");
    assertPod(
        "{metadata: {name: test19, deletionTimestamp: '"
            + ago(10)
            + "'}, spec: {containers: [{}]}, status: {phase: Running, containerStatuses: [{state:"
            + " {running: {}}}]}}",
        "test19",
        "0/1",
        "Terminating",
        "0",
        "<unknown>");
  }

  @Test
  @DisplayName("TestPrintPodwide: IP, node, nominated node, readiness gates")
  void podWide() {
    assertThat(
            PodPrinter.cells(
                map(
                    "{metadata: {name: test1}, spec: {nodeName: test1, containers: [{}, {}],"
                        + " readinessGates: [{conditionType: condition1}, {conditionType:"
                        + " condition2}, {conditionType: condition3}]}, status: {phase: podPhase,"
                        + " nominatedNodeName: node1, podIPs: [{ip: 1.1.1.1}, {ip: '2001:db8::'}],"
                        + " conditions: [{type: condition1, status: 'False'}, {type: condition2,"
                        + " status: 'True'}], containerStatuses: [{ready: true, restartCount: 3,"
                        + " state: {running: {}}}, {restartCount: 3}]}}"),
                NOW))
        .containsExactly(
            "test1", "1/2", "podPhase", "6", "<unknown>", "1.1.1.1", "test1", "node1", "1/3");
  }

  @Test
  @DisplayName("TestPrintDeployment and TestPrintReplicaSet, wide")
  void workloads() {
    String containers =
        "template: {spec: {containers: [{name: fake-container1, image: fake-image1}, {name:"
            + " fake-container2, image: fake-image2}]}}, selector: {matchLabels: {foo: bar}}";
    assertThat(
            WorkloadPrinters.deploymentCells(
                map(
                    "{metadata: {name: test1, creationTimestamp: '"
                        + NOW
                        + "'}, spec: {replicas: 5, "
                        + containers
                        + "}, status: {replicas: 10, updatedReplicas: 2, availableReplicas: 1,"
                        + " unavailableReplicas: 4}}"),
                NOW))
        .containsExactly(
            "test1",
            "0/5",
            2L,
            1L,
            "0s",
            "fake-container1,fake-container2",
            "fake-image1,fake-image2",
            "foo=bar");
    assertThat(
            WorkloadPrinters.replicaSetCells(
                map(
                    "{metadata: {name: test1, creationTimestamp: '"
                        + NOW
                        + "'}, spec: {replicas: 5, "
                        + containers
                        + "}, status: {replicas: 5, readyReplicas: 2}}"),
                NOW))
        .containsExactly(
            "test1",
            5L,
            5L,
            2L,
            "0s",
            "fake-container1,fake-container2",
            "fake-image1,fake-image2",
            "foo=bar");
  }

  @Test
  @DisplayName("TestPrintService: types, cluster IP, external IPs, ports")
  void services() {
    assertThat(
            NetworkPrinters.serviceCells(
                map(
                    "{metadata: {name: test1}, spec: {type: ClusterIP, ports: [{protocol: tcp,"
                        + " port: 2233}], clusterIPs: [10.9.8.7], selector: {foo: bar}}}"),
                NOW))
        .containsExactly(
            "test1", "ClusterIP", "10.9.8.7", "<none>", "2233/tcp", "<unknown>", "foo=bar");
    assertThat(
            NetworkPrinters.serviceCells(
                map(
                    "{metadata: {name: test2}, spec: {type: NodePort, ports: [{protocol: tcp,"
                        + " port: 8888, nodePort: 9999}], clusterIPs: [10.9.8.7]}}"),
                NOW))
        .startsWith("test2", "NodePort", "10.9.8.7", "<none>", "8888:9999/tcp");
    assertThat(
            NetworkPrinters.serviceCells(
                map(
                    "{metadata: {name: test3}, spec: {type: LoadBalancer, ports: [{protocol: tcp,"
                        + " port: 8888}], clusterIPs: [10.9.8.7]}}"),
                NOW))
        .startsWith("test3", "LoadBalancer", "10.9.8.7", "<pending>", "8888/tcp");
    assertThat(
            NetworkPrinters.serviceCells(
                map(
                    "{metadata: {name: test6}, spec: {type: LoadBalancer, ports: [{protocol: tcp,"
                        + " port: 8888}], clusterIPs: [10.9.8.7], externalIPs: [80.11.12.10,"
                        + " 80.11.12.11]}, status: {loadBalancer: {ingress: [{ip: 2.3.4.5}, {ip:"
                        + " 3.4.5.6}]}}}"),
                NOW))
        .element(3)
        .isEqualTo("2.3.4.5,3.4.5.6,80.11.12.10,80.11.12.11");
    assertThat(
            NetworkPrinters.serviceCells(
                map(
                    "{metadata: {name: test7}, spec: {type: ExternalName, externalName:"
                        + " my.database.example.com}}"),
                NOW))
        .startsWith("test7", "ExternalName", "<none>", "my.database.example.com", "<none>");
  }

  @Test
  @DisplayName("TestPrintHPA: targets of each metric type, statuses by index, + N more")
  void hpaTargets() {
    assertThat(HpaPrinter.metrics(List.of(), List.of())).isEqualTo("<none>");
    assertThat(
            targets(
                "[{type: External, external: {metric: {name: m}, target: {type: AverageValue, averageValue: 100m}}}]",
                "[]"))
        .isEqualTo("<unknown>/100m (avg)");
    assertThat(
            targets(
                "[{type: External, external: {metric: {name: m}, target: {type: AverageValue, averageValue: 100m}}}]",
                "[{type: External, external: {metric: {name: m}, current: {averageValue: 50m}}}]"))
        .isEqualTo("50m/100m (avg)");
    assertThat(
            targets(
                "[{type: External, external: {metric: {name: m}, target: {type: Value, value: 100m}}}]",
                "[{type: External, external: {metric: {name: m}, current: {value: 50m}}}]"))
        .isEqualTo("50m/100m");
    assertThat(
            targets(
                "[{type: Pods, pods: {metric: {name: m}, target: {averageValue: 100m}}}]", "[]"))
        .isEqualTo("<unknown>/100m");
    assertThat(
            targets(
                "[{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]",
                "[{type: Resource, resource: {name: cpu, current: {averageUtilization: 50, averageValue: 40m}}}]"))
        .isEqualTo("cpu: 50%/80%");
    assertThat(
            targets(
                "[{type: Pods, pods: {metric: {name: m}, target: {averageValue: 100m}}},"
                    + " {type: Resource, resource: {name: cpu, target: {averageUtilization: 80}}},"
                    + " {type: Pods, pods: {metric: {name: m}, target: {averageValue: 400m}}}]",
                "[{type: Pods, pods: {metric: {name: m}, current: {averageValue: 50m}}},"
                    + " {type: Resource, resource: {name: cpu, current: {averageUtilization: 50}}}]"))
        .isEqualTo("50m/100m, cpu: 50%/80% + 1 more...");
    assertThat(
            HpaPrinter.cells(
                map(
                    "{metadata: {name: some-hpa}, spec: {scaleTargetRef: {kind:"
                        + " ReplicationController, name: some-rc}, maxReplicas: 10}, status:"
                        + " {currentReplicas: 4}}"),
                NOW))
        .containsExactly(
            "some-hpa", "ReplicationController/some-rc", "<none>", "<unset>", 10L, 4L, "<unknown>");
  }

  @Test
  @DisplayName("TestPrintEvent: last and first seen, source, series, count")
  void events() {
    String common =
        "involvedObject: {kind: Deployment, name: Deployment Name, fieldPath: 'spec.containers{foo}'},"
            + " reason: Event Reason, message: Message Data, type: Warning";
    assertThat(
            EventPrinter.cells(
                map(
                    "{metadata: {name: event2}, "
                        + common
                        + ", source: {component: kubelet, host: Node1}, firstTimestamp: '"
                        + ago(3 * 86400)
                        + "', lastTimestamp: '"
                        + ago(2 * 86400)
                        + "', count: 6}"),
                NOW))
        .containsExactly(
            "2d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            6L,
            "event2");
    assertThat(
            EventPrinter.cells(
                map(
                    "{metadata: {name: event6}, "
                        + common
                        + ", source: {component: kubelet, host: Node1}, eventTime: '"
                        + ago(3 * 86400)
                        + "', series: {count: 2, lastObservedTime: '"
                        + ago(2 * 86400)
                        + "'}}"),
                NOW))
        .containsExactly(
            "2d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            2L,
            "event6");
    assertThat(
            EventPrinter.cells(
                map(
                    "{metadata: {name: event2}, "
                        + common
                        + ", reportingComponent: kubelet, reportingInstance: test, firstTimestamp: '"
                        + ago(3 * 86400)
                        + "', lastTimestamp: '"
                        + ago(2 * 86400)
                        + "', count: 6}"),
                NOW))
        .element(5)
        .isEqualTo("kubelet, test");
  }

  @Test
  @DisplayName("a custom resource: Name, then its CRD's columns; filters, integers, dates")
  void customResourceColumns() {
    Map<String, Object> scaledObject =
        map(
            "{metadata: {name: echo, creationTimestamp: '"
                + ago(190)
                + "'}, spec: {scaleTargetRef: {name: echo}, minReplicaCount: 1, maxReplicaCount:"
                + " 6}, status: {scaleTargetKind: apps/v1.Deployment, triggersTypes: prometheus,"
                + " conditions: [{type: Ready, status: 'True'}, {type: Active, status: 'False'}]}}");
    ServedResource served =
        ResourceTypes.find("keda.sh", "v1alpha1", "scaledobjects").orElseThrow();
    Map<String, Object> table =
        Tables.of(
            served,
            PrinterColumns.of("keda.sh", "ScaledObject"),
            List.of(scaledObject),
            Map.of("resourceVersion", "7"),
            Map.of(),
            NOW);
    assertThat(table).containsEntry("kind", "Table").containsEntry("apiVersion", "meta.k8s.io/v1");
    List<?> rows = (List<?>) table.get("rows");
    assertThat(((Map<?, ?>) rows.get(0)).get("cells"))
        .isEqualTo(
            java.util.Arrays.asList(
                "echo",
                "apps/v1.Deployment",
                "echo",
                1L,
                6L,
                "True",
                "False",
                null,
                null,
                "prometheus",
                null,
                "3m10s"));
    assertThat(((Map<?, ?>) ((Map<?, ?>) rows.get(0)).get("object")).get("kind"))
        .isEqualTo("PartialObjectMetadata");
  }

  @Test
  @DisplayName("a kind without a printer: Name and Created At, as the default table convertor")
  void defaultConvertor() {
    ServedResource roles =
        ResourceTypes.find("rbac.authorization.k8s.io", "v1", "roles").orElseThrow();
    Map<String, Object> table =
        Tables.of(
            roles,
            null,
            List.of(map("{metadata: {name: reader, creationTimestamp: '2026-01-02T03:04:05Z'}}")),
            Map.of(),
            Map.of("includeObject", "None"),
            NOW);
    assertThat(((Map<?, ?>) ((List<?>) table.get("rows")).get(0)).get("cells"))
        .isEqualTo(List.of("reader", "2026-01-02T03:04:05Z"));
    assertThat(((Map<?, ?>) ((List<?>) table.get("rows")).get(0)).get("object")).isNull();
  }

  private static void assertPod(String pod, Object... expected) {
    assertThat(PodPrinter.cells(map(pod), NOW).subList(0, 5)).as(pod).containsExactly(expected);
  }

  private static String targets(String specs, String statuses) {
    return HpaPrinter.metrics(
        YAML.unmarshal("---\n" + specs, List.class),
        YAML.unmarshal("---\n" + statuses, List.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String yaml) {
    // A leading "---" makes it YAML (fabric8 reads a text that starts with "{" as JSON).
    return YAML.unmarshal("---\n" + yaml, Map.class);
  }
}
