package io.scaleproof.cluster;

/**
 * Where the cluster's Argo CD reads the run's pipeline repository from. The run commits to a local
 * {@link GitRepository}; a remote makes those commits readable by Argo CD: the embedded cluster's
 * Argo CD reads the local repository itself, a real cluster's reads a Git server it can reach.
 */
public interface GitRemote extends AutoCloseable {

  /**
   * Makes the repository's {@link GitRepository#BRANCH} readable by Argo CD.
   *
   * @return the {@code repoURL} Argo CD's Application names it by
   */
  String publish(GitRepository repository);

  /** Brings the repository's new commits to where Argo CD reads them, after {@link #publish}. */
  void push(GitRepository repository);

  /** Releases what the remote started (a port-forward, say); the repository stays. */
  @Override
  default void close() {}

  /**
   * The repository itself, by its {@code file://} URL: for an Argo CD that shares this machine's
   * file system, as the embedded cluster's does.
   */
  static GitRemote local() {
    return new GitRemote() {
      @Override
      public String publish(GitRepository repository) {
        return repository.url();
      }

      @Override
      public void push(GitRepository repository) {}
    };
  }
}
