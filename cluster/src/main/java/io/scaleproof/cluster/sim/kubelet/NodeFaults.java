package io.scaleproof.cluster.sim.kubelet;

import io.scaleproof.cluster.ClusterFaults;
import io.scaleproof.cluster.net.TcpBalancer;
import io.scaleproof.cluster.sim.network.ServiceProxy;
import java.time.Duration;

/**
 * The faults a scaleproof node makes: a Service's connections refused, delayed or reset at its
 * balancer (kube-proxy's part), a pod's containers crash-looping at its kubelet. The same on the
 * embedded cluster and on the local backend, whose node is this one.
 */
public final class NodeFaults implements ClusterFaults {
  private final ServiceProxy proxy;
  private final Kubelet kubelet;

  public NodeFaults(ServiceProxy proxy, Kubelet kubelet) {
    this.proxy = proxy;
    this.kubelet = kubelet;
  }

  @Override
  public void refuse(String namespace, String name) {
    proxy.impair(namespace, name, TcpBalancer.Impairment.refused());
  }

  @Override
  public void delay(String namespace, String name, Duration latency) {
    proxy.impair(namespace, name, TcpBalancer.Impairment.delayed(latency));
  }

  @Override
  public void reset(String namespace, String name, double share) {
    proxy.impair(namespace, name, TcpBalancer.Impairment.resetting(share));
  }

  @Override
  public void restore(String namespace, String name) {
    proxy.impair(namespace, name, TcpBalancer.Impairment.NONE);
  }

  @Override
  public boolean crashLoop(String namespace, String name, boolean on) {
    return kubelet.crashLoop(namespace, name, on);
  }
}
