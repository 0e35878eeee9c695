package io.scaleproof.cluster.sim.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A projected volume's files, as the kubelet writes them: above all the {@code kube-api-access-*}
 * volume a real API server's ServiceAccount admission adds to every pod (a bound service-account
 * token from the TokenRequest API, the cluster CA from the {@code kube-root-ca.crt} ConfigMap, the
 * pod's namespace from the downward API). The token is requested once, when the pod starts; the
 * kubelet's refresh before expiry is not done (a run is shorter than the token's hour).
 */
final class ProjectedVolume {
  private static final long DEFAULT_EXPIRATION_SECONDS = 3607; // the kubelet's, for kube-api-access

  private ProjectedVolume() {}

  static void write(KubernetesClient client, Pod pod, ProjectedVolumeSource source, Path dir)
      throws IOException, ContainerConfigException {
    String namespace = pod.getMetadata().getNamespace();
    for (VolumeProjection projection : source.getSources()) {
      if (projection.getServiceAccountToken() != null) {
        var token = projection.getServiceAccountToken();
        TokenRequest request =
            new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences(
                    token.getAudience() == null ? List.of() : List.of(token.getAudience()))
                .withExpirationSeconds(
                    token.getExpirationSeconds() == null
                        ? DEFAULT_EXPIRATION_SECONDS
                        : token.getExpirationSeconds())
                .withNewBoundObjectRef()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .endBoundObjectRef()
                .endSpec()
                .build();
        String account =
            pod.getSpec().getServiceAccountName() == null
                ? "default"
                : pod.getSpec().getServiceAccountName();
        TokenRequest issued =
            client.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(request);
        file(dir, token.getPath(), issued.getStatus().getToken());
      } else if (projection.getConfigMap() != null) {
        String name = projection.getConfigMap().getName();
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
          if (Boolean.TRUE.equals(projection.getConfigMap().getOptional())) {
            continue;
          }
          throw new ContainerConfigException("configmap \"" + name + "\" not found");
        }
        items(dir, map.getData(), projection.getConfigMap().getItems());
      } else if (projection.getSecret() != null) {
        String name = projection.getSecret().getName();
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
          if (Boolean.TRUE.equals(projection.getSecret().getOptional())) {
            continue;
          }
          throw new ContainerConfigException("secret \"" + name + "\" not found");
        }
        Map<String, String> data = new java.util.LinkedHashMap<>();
        if (secret.getData() != null) {
          secret
              .getData()
              .forEach(
                  (k, v) ->
                      data.put(
                          k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        items(dir, data, projection.getSecret().getItems());
      } else if (projection.getDownwardAPI() != null) {
        for (var item : projection.getDownwardAPI().getItems()) {
          if (item.getFieldRef() == null) {
            throw new ContainerConfigException(
                "projected downwardAPI item \""
                    + item.getPath()
                    + "\": only fieldRef is supported");
          }
          String value =
              switch (item.getFieldRef().getFieldPath()) {
                case "metadata.namespace" -> namespace;
                case "metadata.name" -> pod.getMetadata().getName();
                case "metadata.uid" -> pod.getMetadata().getUid();
                default ->
                    throw new ContainerConfigException(
                        "projected downwardAPI field "
                            + item.getFieldRef().getFieldPath()
                            + " is not supported");
              };
          file(dir, item.getPath(), value);
        }
      } else {
        throw new ContainerConfigException(
            "a projected volume source other than serviceAccountToken, configMap, secret and"
                + " downwardAPI");
      }
    }
  }

  private static void items(Path dir, Map<String, String> data, List<KeyToPath> items)
      throws IOException {
    if (data == null) {
      return;
    }
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> entry : data.entrySet()) {
        file(dir, entry.getKey(), entry.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      if (data.containsKey(item.getKey())) {
        file(dir, item.getPath(), data.get(item.getKey()));
      }
    }
  }

  private static void file(Path dir, String path, String content) throws IOException {
    Path file = dir.resolve(path).normalize();
    if (!file.startsWith(dir)) {
      throw new IOException("projected path " + path + " leaves the volume");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
