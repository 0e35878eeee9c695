package io.scaleproof.cluster.gitops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaleproof.cluster.Cluster;
import io.scaleproof.cluster.GitRemote;
import io.scaleproof.cluster.GitRepository;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Git server inside the cluster that the run's repository is pushed to, for a real cluster's Argo
 * CD, which cannot read a file on this machine. {@link #start} creates a Deployment and a Service
 * named {@value GitServerObjects#NAME} in the run's namespace ({@link GitServerObjects}); {@link
 * #publish} and {@link #push} push {@link GitRepository#BRANCH}, forced, through a port-forward
 * ({@link Cluster#serviceUrl}), and Argo CD reads it at {@code
 * git://scaleproof-git.<namespace>.svc.cluster.local/pipeline.git}.
 *
 * <p>The server keeps the repository in an {@code emptyDir}: if its pod is replaced, the next push
 * brings the whole branch again. Unauthenticated and writable by any pod of the cluster, it is for
 * a run's own test cluster, not a shared production one.
 */
public final class InClusterGit implements GitRemote {
  private static final Logger LOG = LoggerFactory.getLogger(InClusterGit.class);

  private final Cluster cluster;
  private final String namespace;

  private InClusterGit(Cluster cluster, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
  }

  /**
   * Creates (or updates) the Git server's Deployment and Service in {@code namespace}; does not
   * wait for it: {@link #publish} does.
   *
   * @param namespace an existing namespace of the run, e.g. its {@code observability} namespace
   * @param image an image with {@code git} and {@code sh}, such as the pinned Argo CD image of
   *     {@code cluster/k3s/components.yaml}
   */
  public static InClusterGit start(Cluster cluster, String namespace, String image) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(namespace, "namespace: give the run's namespace for the Git server");
    Objects.requireNonNull(image, "image: give an image with git and sh, e.g. Argo CD's");
    cluster.apply(GitServerObjects.of(namespace, image));
    return new InClusterGit(cluster, namespace);
  }

  /** The namespace the server runs in. */
  public String namespace() {
    return namespace;
  }

  /**
   * Waits, within {@link Cluster#serviceUrl}'s bound, until the server is ready, and pushes the
   * repository's branch to it.
   *
   * @return the URL Argo CD's repo-server reads the repository by, {@code
   *     git://scaleproof-git.<namespace>.svc.cluster.local/pipeline.git}
   * @throws IllegalStateException naming the Service and what JGit said, if the push fails
   */
  @Override
  public String publish(GitRepository repository) {
    push(repository);
    return GitServerObjects.clusterUrl(namespace);
  }

  /** Pushes the repository's branch to the server, forced; see {@link #publish}. */
  @Override
  public void push(GitRepository repository) {
    URI local = cluster.serviceUrl(namespace, GitServerObjects.NAME, GitServerObjects.PORT);
    pushTo(repository, localUrl(local), namespace);
  }

  /**
   * Pushes {@code repository}'s branch to {@code url}, a {@code git://} URL of the Git server in
   * {@code namespace}.
   *
   * @return the commit pushed
   * @throws IllegalStateException naming the Service and what JGit said
   */
  static String pushTo(GitRepository repository, String url, String namespace) {
    try {
      return repository.pushTo(url);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "cannot push the run's repository to the in-cluster Git server, Service "
              + namespace
              + "/"
              + GitServerObjects.NAME
              + ", through a port-forward: "
              + e.getMessage()
              + "; its log: kubectl logs -n "
              + namespace
              + " deployment/"
              + GitServerObjects.NAME,
          e);
    }
  }

  /** The {@code git://} URL of the repository behind the port-forward at {@code local}. */
  static String localUrl(URI local) {
    return "git://" + local.getHost() + ":" + local.getPort() + "/" + GitServerObjects.REPOSITORY;
  }

  /**
   * Deletes the server's Deployment and Service; the port-forward is the cluster's and closes with
   * it. Never throws: a cluster gone away is logged, and the objects go with the run's namespace.
   */
  @Override
  public void close() {
    try {
      KubernetesClient client = cluster.client();
      client.services().inNamespace(namespace).withName(GitServerObjects.NAME).delete();
      client.apps().deployments().inNamespace(namespace).withName(GitServerObjects.NAME).delete();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not delete the in-cluster Git server {}/{} ({}); it goes with the namespace",
          namespace,
          GitServerObjects.NAME,
          e.getMessage());
    }
  }
}
