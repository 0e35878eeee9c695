package io.scaleproof.cluster.kubeconfig;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.scaleproof.cluster.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One context of a kubeconfig file, checked and cut out of it: the context, its cluster and its
 * user, with file references (certificates, keys, token files, credential plugins) made absolute,
 * so that the copy in the run directory works from there and kubectl reads the same context the run
 * uses. The copy holds the context's credentials; it is written readable by its owner only.
 */
final class KubeconfigFile {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Path source;
  private final String context;
  private final String user;
  private final String server;
  private final Config selected;

  private KubeconfigFile(Path source, String context, String user, String server, Config selected) {
    this.source = source;
    this.context = context;
    this.user = user;
    this.server = server;
    this.selected = selected;
  }

  /**
   * Reads {@code file} and selects {@code context} ({@code null}: its current-context).
   *
   * @throws InvalidInputException naming the file if it is missing or does not parse, and the
   *     context if the file has no such context (listing those it has)
   */
  static KubeconfigFile load(Path file, String context) {
    Config config = parse(file);
    List<String> contexts = config.getContexts().stream().map(NamedContext::getName).toList();
    if (contexts.isEmpty()) {
      throw new InvalidInputException(
          file,
          "contexts",
          "the kubeconfig has no contexts",
          "Give a kubeconfig with a context for your cluster (kubectl config get-contexts)");
    }
    String chosen = context;
    if (chosen == null) {
      chosen = config.getCurrentContext();
      if (chosen == null || chosen.isBlank()) {
        throw new InvalidInputException(
            file,
            "current-context",
            "is not set, and no context was named; the file has " + String.join(", ", contexts),
            "Name the context to use, or set one: kubectl config use-context <name>");
      }
    }
    String name = chosen;
    NamedContext named =
        config.getContexts().stream()
            .filter(c -> name.equals(c.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        file,
                        "contexts",
                        "has no context named '"
                            + name
                            + "'; it has "
                            + String.join(", ", contexts),
                        "Name one of those, or the kubeconfig that has '" + name + "'"));
    if (named.getContext() == null || named.getContext().getCluster() == null) {
      throw new InvalidInputException(
          file,
          "context '" + name + "'",
          "names no cluster",
          "Give the context a cluster: kubectl config set-context " + name + " --cluster=<name>");
    }
    String clusterName = named.getContext().getCluster();
    NamedCluster cluster =
        config.getClusters().stream()
            .filter(c -> clusterName.equals(c.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        file,
                        "context '" + name + "': cluster",
                        "names cluster '" + clusterName + "', which the file does not define",
                        "Add the cluster to the kubeconfig, or fix the context's cluster name"));
    if (cluster.getCluster() == null || cluster.getCluster().getServer() == null) {
      throw new InvalidInputException(
          file,
          "cluster '" + clusterName + "': server",
          "is missing",
          "Give the API server's URL, e.g. https://10.0.0.1:6443");
    }
    String userName = named.getContext().getUser();
    Optional<NamedAuthInfo> user =
        config.getUsers().stream().filter(u -> Objects.equals(userName, u.getName())).findFirst();
    Path base = file.toAbsolutePath().getParent();
    absolutize(cluster, base);
    user.ifPresent(u -> absolutize(u.getUser(), base));
    Config selected =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .withClusters(cluster)
            .withContexts(named)
            .withUsers(user.map(List::of).orElse(List.of()))
            .withCurrentContext(name)
            .build();
    return new KubeconfigFile(file, name, userName, cluster.getCluster().getServer(), selected);
  }

  private static Config parse(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          file,
          "kubeconfig",
          "does not exist",
          "Give the kubeconfig of your cluster (default: $KUBECONFIG, else ~/.kube/config)");
    }
    Config config;
    try {
      config = SERIALIZATION.unmarshal(Files.readString(file), Config.class);
    } catch (IOException e) {
      throw new InvalidInputException(
          file, "kubeconfig", "cannot be read: " + e.getMessage(), "Check the file's permissions");
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          file,
          "kubeconfig",
          "does not parse as a kubeconfig: " + oneLine(e.getMessage()),
          "Fix the file; kubectl --kubeconfig " + file + " config view shows what kubectl reads");
    }
    if (config == null || (!"Config".equals(config.getKind()) && config.getContexts().isEmpty())) {
      throw new InvalidInputException(
          file,
          "kubeconfig",
          "is not a kubeconfig (no kind: Config, no contexts)",
          "Give the kubeconfig of your cluster");
    }
    return config;
  }

  /** The parser's message on one line: what it expected, and where. */
  private static String oneLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String line = message.replaceAll("\\s+", " ").strip();
    return line.length() <= 240 ? line : line.substring(0, 240) + "…";
  }

  /** File references as kubectl resolves them: relative to the kubeconfig's directory. */
  private static void absolutize(NamedCluster cluster, Path base) {
    if (cluster.getCluster() != null) {
      cluster
          .getCluster()
          .setCertificateAuthority(resolve(cluster.getCluster().getCertificateAuthority(), base));
    }
  }

  private static void absolutize(AuthInfo user, Path base) {
    if (user == null) {
      return;
    }
    user.setClientCertificate(resolve(user.getClientCertificate(), base));
    user.setClientKey(resolve(user.getClientKey(), base));
    user.setTokenFile(resolve(user.getTokenFile(), base));
    if (user.getExec() != null) {
      String command = user.getExec().getCommand();
      // kubectl resolves a credential plugin's command against the kubeconfig's directory only when
      // it is a path; a bare name is looked up on the PATH.
      if (command != null && command.contains("/")) {
        user.getExec().setCommand(resolve(command, base));
      }
    }
  }

  private static String resolve(String reference, Path base) {
    if (reference == null || reference.isEmpty() || Path.of(reference).isAbsolute()) {
      return reference;
    }
    return base.resolve(reference).normalize().toString();
  }

  /** The file the context was read from. */
  Path source() {
    return source;
  }

  String context() {
    return context;
  }

  /** The context's user, or {@code null} if it names none. */
  String user() {
    return user;
  }

  /** The API server's URL as the kubeconfig gives it. */
  String server() {
    return server;
  }

  /** The selected context alone, as a kubeconfig whose current-context it is. */
  String yaml() {
    return SERIALIZATION.asYaml(selected);
  }

  /**
   * A client configuration from the selected context, with a connect timeout and no retries on top
   * of the client's defaults, so that an unreachable cluster is reported within seconds.
   */
  io.fabric8.kubernetes.client.Config clientConfig(int connectTimeoutMillis, int retries) {
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(yaml());
    config.setConnectionTimeout(connectTimeoutMillis);
    config.setRequestRetryBackoffLimit(retries);
    return config;
  }

  /** Writes the selected context to {@code file}, readable by its owner only where possible. */
  void writeTo(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml());
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
