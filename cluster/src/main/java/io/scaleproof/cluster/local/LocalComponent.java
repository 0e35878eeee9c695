package io.scaleproof.cluster.local;

import java.util.List;

/** Real programs the local cluster runs beside its control plane: KEDA, the operator, Argo CD. */
interface LocalComponent extends AutoCloseable {
  /** PIDs of the component's programs now running. */
  List<Long> pids();

  /** Names of the component's programs that stopped on their own. */
  List<String> exited();

  @Override
  void close();
}
