package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one container instance runs: its argv, its process environment and its directory, resolved
 * as the kubelet resolves them — the image's runtime entry, the container's env (downward API,
 * ConfigMaps, Secrets, service links, {@code $(VAR)}), Service names rewritten to cluster IPs in
 * env values and args, and the host variables a local interpreter needs underneath.
 */
record ContainerLaunch(List<String> argv, Map<String, String> env, Path workingDir) {

  /**
   * @param pod the pod with the addresses this kubelet gave it
   * @throws ContainerConfigException when a referenced ConfigMap, Secret or field does not resolve
   */
  static ContainerLaunch resolve(
      KubeletContext ctx, Pod pod, Container container, PodVolumes volumes)
      throws ContainerConfigException {
    RuntimeImage image = ctx.runtimes().lookup(container.getImage()).orElseThrow();
    String namespace = pod.getMetadata().getNamespace();
    List<Service> services = ctx.client().services().inNamespace(namespace).list().getItems();
    Map<String, String> env =
        new ContainerEnv(ctx.client()).resolve(pod, container, image, services);
    String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    env.replaceAll(
        (name, value) -> AllInterfaces.toPodAddress(ctx.dns().apply(value, namespace), podIp));
    List<String> args =
        container.getArgs().stream()
            .map(a -> AllInterfaces.toPodAddress(ctx.dns().apply(a, namespace), podIp))
            .toList();
    Map<String, Path> paths = new java.util.LinkedHashMap<>(volumes.mountsOf(container));
    image.files().forEach((inImage, local) -> paths.putIfAbsent(inImage, Path.of(local)));
    env.replaceAll((name, value) -> PodVolumes.mapPaths(value, paths));
    List<String> argv =
        ContainerCommand.argv(image, container.getCommand(), args, env).stream()
            .map(word -> PodVolumes.mapPaths(word, paths))
            .toList();
    Map<String, String> processEnv = new HashMap<>(ctx.hostEnv());
    processEnv.putAll(env);
    Path workingDir =
        Path.of(
            PodVolumes.mapPaths(
                Optional.ofNullable(container.getWorkingDir())
                    .or(() -> Optional.ofNullable(image.workingDir()))
                    .orElse(ctx.workingDir().toString()),
                paths));
    return new ContainerLaunch(argv, processEnv, workingDir);
  }
}
