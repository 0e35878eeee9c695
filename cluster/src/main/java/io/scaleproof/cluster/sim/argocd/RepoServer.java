package io.scaleproof.cluster.sim.argocd;

import io.scaleproof.cluster.GitRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Argo CD's repo server for {@code file://} repositories: resolves an Application's target revision
 * to a commit, checks the commit out once into the work directory, and renders the source's path
 * there. The repositories stay open until {@link #close()}.
 */
final class RepoServer implements AutoCloseable {
  private static final String MANIFEST_ERROR =
      "Failed to load target state: failed to generate manifest for source 1 of 1: rpc error:"
          + " code = Unknown desc = ";

  private final Path workDirectory;
  private final Map<String, GitRepository> repositories = new HashMap<>();

  /**
   * @param workDirectory where checkouts of the repositories' commits are written
   */
  RepoServer(Path workDirectory) {
    this.workDirectory = workDirectory;
  }

  /**
   * Resolves the revision and renders the source at it; a revision already rendered is not rendered
   * again.
   */
  TargetState refresh(ApplicationSpec spec, TargetState previous) {
    GitRepository repository;
    try {
      repository = repository(spec.repoUrl());
    } catch (IOException | IllegalArgumentException e) {
      return previous.failed(
          MANIFEST_ERROR
              + "repository not found: "
              + spec.repoUrl()
              + " (the embedded Argo CD reads file:// repositories)");
    }
    Optional<String> revision = repository.resolve(spec.targetRevision());
    if (revision.isEmpty()) {
      return previous.failed(
          MANIFEST_ERROR + "unable to resolve '" + spec.targetRevision() + "' to a commit SHA");
    }
    if (revision.get().equals(previous.revision()) && previous.rendered() != null) {
      return previous.failed(null);
    }
    Path checkout = checkout(repository, revision.get());
    ApplicationSource.Rendered rendered =
        ApplicationSource.render(checkout, spec.path(), spec.directory());
    if (rendered.failed()) {
      return new TargetState(revision.get(), null, checkout, rendered.error());
    }
    return new TargetState(revision.get(), rendered, checkout, null);
  }

  /** The commit's files, exported once: a partial export never passes for a whole one. */
  private Path checkout(GitRepository repository, String revision) {
    Path checkout = workDirectory.resolve(revision);
    if (!Files.exists(checkout)) {
      Path partial = workDirectory.resolve(revision + ".partial");
      GitRepository.deleteTree(partial);
      repository.export(revision, partial);
      try {
        Files.move(partial, checkout);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return checkout;
  }

  private GitRepository repository(String url) throws IOException {
    GitRepository open = repositories.get(url);
    if (open == null) {
      URI uri = URI.create(url);
      if (!"file".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not a file:// URL: " + url);
      }
      Path directory = Path.of(uri);
      if (!Files.isDirectory(directory.resolve(".git"))) {
        throw new IOException("no repository at " + directory);
      }
      open = GitRepository.open(directory);
      repositories.put(url, open);
    }
    return open;
  }

  @Override
  public void close() {
    repositories.values().forEach(GitRepository::close);
  }
}
