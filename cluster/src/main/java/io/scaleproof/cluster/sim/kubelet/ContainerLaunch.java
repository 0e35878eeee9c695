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
 * env values and args, the container's paths mapped to its volumes' directories, and the host
 * variables a local interpreter needs underneath.
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
    // Only the container's own view is mapped: its env, argv and working directory as the pod spec
    // and the image declare them. Host paths come in after the mapping — the image's placeholders
    // (RuntimeImage.onHost), the host env, the run's directory — so a checkout under /work is
    // never mistaken for an emptyDir mounted at /work.
    Map<String, Path> paths = new java.util.LinkedHashMap<>(volumes.mountsOf(container));
    image.files().forEach((inImage, local) -> paths.putIfAbsent(inImage, Path.of(local)));
    List<String> argv =
        ContainerCommand.argv(image, container.getCommand(), args, env).stream()
            .map(word -> image.onHost(PodVolumes.mapPaths(word, paths)))
            .toList();
    env.replaceAll((name, value) -> image.onHost(PodVolumes.mapPaths(value, paths)));
    Map<String, String> processEnv = new HashMap<>(ctx.hostEnv());
    processEnv.putAll(env);
    String declaredDir = Optional.ofNullable(container.getWorkingDir()).orElse(image.workingDir());
    Path workingDir =
        declaredDir == null
            ? ctx.workingDir()
            : Path.of(image.onHost(PodVolumes.mapPaths(declaredDir, paths)));
    return new ContainerLaunch(argv, processEnv, workingDir);
  }
}
