package io.scaleproof.scenarios.run;

import io.scaleproof.scenarios.spec.Fault;

/**
 * A fault with what it is made on: a Service (namespace and name as the pipeline declares them) for
 * the pipeline and network faults, the service under test for the others.
 */
record PlannedFault(Fault fault, String namespace, String name) {
  String describe() {
    return switch (fault.kind()) {
      case PROMETHEUS_DOWN, COLLECTOR_DOWN, TRACE_STORE_DOWN, NETWORK_LATENCY, NETWORK_RESETS ->
          "Service " + namespace + "/" + name;
      case POD_CRASH_LOOP -> "a pod of Deployment " + namespace + "/" + name;
      case DRIFTED_REPLICAS -> "Deployment " + namespace + "/" + name;
      case BROKEN_COMMIT -> "file " + name + " in Git";
    };
  }
}
