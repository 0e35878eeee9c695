package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * A pod's volumes as directories of the run: {@code emptyDir} an empty directory shared by the
 * pod's containers, {@code configMap} and {@code secret} their keys written as files. A local
 * process has no mount namespace, so a container sees a volume through its path: wherever a mount
 * path appears as a path in the container's command, args or env values, the kubelet puts the
 * volume's directory instead.
 *
 * <p>The rule: only what the container sees is mapped — the pod spec's command, args and env, the
 * image's declarations, the ConfigMap and Secret files. Paths of this machine that scaleproof puts
 * in (the runtime table's placeholders, the host env, the run's directory, these volumes'
 * directories) are added after the mapping and never pass through it.
 */
final class PodVolumes {
  private final Path root;
  private final Map<String, Path> byName = new LinkedHashMap<>();

  private PodVolumes(Path root) {
    this.root = root;
  }

  /**
   * Creates the pod's volume directories under {@code root}. The files of configMap and secret
   * volumes are configuration that a process reads, so they get the same treatment as its command
   * and env: Service names through {@code dns} (value, pod namespace → value), and the pod's mount
   * paths mapped to their directories.
   */
  static PodVolumes create(KubernetesClient client, Pod pod, Path root, BinaryOperator<String> dns)
      throws ContainerConfigException {
    PodVolumes volumes = new PodVolumes(root);
    List<Path> configFiles = new ArrayList<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path dir = volumes.materialize(client, pod, volume);
      volumes.byName.put(volume.getName(), dir);
      if (volume.getConfigMap() != null || volume.getSecret() != null) {
        try (Stream<Path> files = Files.list(dir)) {
          configFiles.addAll(files.filter(Files::isRegularFile).toList());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Map<String, Path> podMounts = new LinkedHashMap<>();
    for (Container container : pod.getSpec().getContainers()) {
      volumes.mountsOf(container).forEach(podMounts::putIfAbsent);
    }
    String namespace = pod.getMetadata().getNamespace();
    for (Path file : configFiles) {
      try {
        String content = Files.readString(file);
        Files.writeString(file, mapPaths(dns.apply(content, namespace), podMounts));
      } catch (java.nio.charset.MalformedInputException e) {
        // Binary content: left as it is.
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return volumes;
  }

  private Path materialize(KubernetesClient client, Pod pod, Volume volume)
      throws ContainerConfigException {
    Path dir = root.resolve(volume.getName());
    String namespace = pod.getMetadata().getNamespace();
    try {
      Files.createDirectories(dir);
      if (volume.getEmptyDir() != null) {
        return dir;
      }
      if (volume.getConfigMap() != null) {
        String name = volume.getConfigMap().getName();
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null && Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
          return dir;
        }
        if (map == null) {
          throw new ContainerConfigException("configmap \"" + name + "\" not found");
        }
        write(dir, map.getData());
        return dir;
      }
      if (volume.getSecret() != null) {
        String name = volume.getSecret().getSecretName();
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
          throw new ContainerConfigException("secret \"" + name + "\" not found");
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
          secret
              .getData()
              .forEach(
                  (k, v) ->
                      data.put(
                          k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
          data.putAll(secret.getStringData());
        }
        write(dir, data);
        return dir;
      }
      if (volume.getProjected() != null) {
        ProjectedVolume.write(client, pod, volume.getProjected(), dir);
        return dir;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new ContainerConfigException(
        "volume \""
            + volume.getName()
            + "\": only emptyDir, configMap, secret and projected volumes are supported on a"
            + " scaleproof node");
  }

  private static void write(Path dir, Map<String, String> data) throws IOException {
    if (data != null) {
      for (Map.Entry<String, String> file : data.entrySet()) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue());
      }
    }
  }

  /** Mount path → local directory for one container, longest mount path first. */
  Map<String, Path> mountsOf(Container container) throws ContainerConfigException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    List<VolumeMount> sorted =
        container.getVolumeMounts().stream()
            .sorted(
                Comparator.comparingInt((VolumeMount m) -> m.getMountPath().length()).reversed())
            .toList();
    for (VolumeMount mount : sorted) {
      Path dir = byName.get(mount.getName());
      if (dir == null) {
        throw new ContainerConfigException(
            "volumeMount \"" + mount.getName() + "\" names no volume of the pod");
      }
      mounts.put(
          mount.getMountPath(),
          mount.getSubPath() == null || mount.getSubPath().isEmpty()
              ? dir
              : dir.resolve(mount.getSubPath()));
    }
    return mounts;
  }

  /**
   * Replaces mount paths that appear as paths in {@code value} (not inside a longer path nor right
   * after a host-path placeholder such as {@code ${table.dir}}, and followed by {@code /}, {@code
   * :}, whitespace, a quote, a comma, a closing bracket or the end) with their directories, in one
   * pass, so that a replacement is never rewritten again by another mount's path.
   */
  static String mapPaths(String value, Map<String, Path> mounts) {
    if (mounts.isEmpty()) {
      return value;
    }
    String alternatives =
        mounts.keySet().stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(java.util.regex.Pattern::quote)
            .collect(java.util.stream.Collectors.joining("|"));
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile(
                "(?<![\\w./}-])(" + alternatives + ")(?=$|[/:\\s\"',\\]}])",
                java.util.regex.Pattern.MULTILINE)
            .matcher(value);
    StringBuilder mapped = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          mapped,
          java.util.regex.Matcher.quoteReplacement(mounts.get(matcher.group(1)).toString()));
    }
    return matcher.appendTail(mapped).toString();
  }
}
