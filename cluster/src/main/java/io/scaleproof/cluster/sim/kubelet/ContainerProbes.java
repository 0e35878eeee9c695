package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wires a running container's probes as the kubelet's prober manager does: the startup probe first,
 * gating the others; readiness (starting as not ready) sets the container's readiness; liveness
 * (starting as alive) stops a container that fails it, so that its restart policy restarts it.
 * Every failed attempt is an {@code Unhealthy} Warning event. Changes are applied under the pod
 * worker's lock and then published.
 */
final class ContainerProbes {
  private final KubeletContext ctx;
  private final Object podLock;
  private final Supplier<Pod> pod;
  private final String podIp;
  private final Runnable publish;

  ContainerProbes(
      KubeletContext ctx, Object podLock, Supplier<Pod> pod, String podIp, Runnable publish) {
    this.ctx = ctx;
    this.podLock = podLock;
    this.pod = pod;
    this.podIp = podIp;
    this.publish = publish;
  }

  void start(ContainerRunner runner, Map<String, String> env) {
    Probe startup = runner.spec.getStartupProbe();
    if (startup == null) {
      startReadinessAndLiveness(runner, env);
      return;
    }
    runner.addProbe(
        probe(
            runner,
            "Startup",
            startup,
            false,
            env,
            started -> {
              runner.setStarted(started);
              if (started) {
                startReadinessAndLiveness(runner, env);
              }
            }));
  }

  private void startReadinessAndLiveness(ContainerRunner runner, Map<String, String> env) {
    Container c = runner.spec;
    if (c.getReadinessProbe() != null && !runner.init) {
      runner.addProbe(
          probe(runner, "Readiness", c.getReadinessProbe(), false, env, runner::setReady));
    } else {
      runner.setReady(!runner.init);
    }
    if (c.getLivenessProbe() != null) {
      runner.addProbe(
          probe(
              runner,
              "Liveness",
              c.getLivenessProbe(),
              true,
              env,
              alive -> {
                if (!alive && runner.isRunning()) {
                  ctx.events()
                      .normal(
                          pod.get(),
                          KubeletContext.COMPONENT,
                          "Killing",
                          "Container " + c.getName() + " failed liveness probe, will be restarted");
                  ContainerProcess process = runner.process();
                  ctx.blocking().execute(() -> process.stop(PodWorker.gracePeriod(pod.get())));
                }
              }));
    }
    publish.run();
  }

  private ProbeLoop probe(
      ContainerRunner runner,
      String kind,
      Probe spec,
      boolean initial,
      Map<String, String> env,
      Consumer<Boolean> onChange) {
    ProbeLoop loop =
        new ProbeLoop(
            spec,
            initial,
            () -> Prober.probe(spec, podIp, runner.spec, env),
            new ProbeLoop.Listener() {
              @Override
              public void failed(String message) {
                ctx.events()
                    .warning(
                        pod.get(),
                        KubeletContext.COMPONENT,
                        "Unhealthy",
                        kind + " probe failed: " + message);
              }

              @Override
              public void changed(boolean success) {
                synchronized (podLock) {
                  onChange.accept(success);
                  publish.run();
                }
              }
            });
    loop.start(ctx.timers());
    return loop;
  }
}
