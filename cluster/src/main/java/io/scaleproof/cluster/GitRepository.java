package io.scaleproof.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The Git repository a run's pipeline is declared in: a local repository (JGit), seeded from the
 * project's files as one commit, to which a test "pushes" by committing. Argo CD reads it by its
 * {@code file://} URL; nothing goes over the network.
 */
public final class GitRepository implements AutoCloseable {
  /**
   * The branch the repository is created on, as Argo CD's {@code targetRevision: main} names it.
   */
  public static final String BRANCH = "main";

  private static final PersonIdent AUTHOR = new PersonIdent("scaleproof", "scaleproof@localhost");

  /** How long a push may wait on the remote, in seconds: a hung Git server fails the push. */
  private static final int PUSH_TIMEOUT_SECONDS = 30;

  private final Path directory;
  private final Git git;

  private GitRepository(Path directory, Git git) {
    this.directory = directory;
    this.git = git;
  }

  /** Creates an empty repository in {@code directory} on branch {@code main}. */
  public static GitRepository create(Path directory) {
    try {
      Files.createDirectories(directory);
      Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch(BRANCH).call();
      return new GitRepository(directory, git);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot create a Git repository in " + directory, e);
    }
  }

  /** Opens a repository by the {@code file://} URL {@link #url()} gave, or by its directory. */
  public static GitRepository open(Path directory) throws IOException {
    return new GitRepository(directory, Git.open(directory.toFile()));
  }

  /**
   * Creates a repository holding {@code paths} (files or directories, relative to {@code root}) at
   * the same relative places, committed as one seed commit.
   */
  public static GitRepository seed(Path directory, Path root, List<String> paths, String message) {
    GitRepository repository = create(directory);
    for (String path : paths) {
      Path from = root.resolve(path);
      try (Stream<Path> files =
          Files.isDirectory(from)
              ? Files.walk(from).filter(Files::isRegularFile)
              : Stream.of(from)) {
        for (Path file : files.toList()) {
          Path to = directory.resolve(root.relativize(file).toString());
          Files.createDirectories(to.getParent());
          Files.copy(file, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot seed the repository from " + from, e);
      }
    }
    repository.commitWorkTree(message);
    return repository;
  }

  /** The URL Argo CD's {@code repoURL} names this repository by. */
  public String url() {
    return directory.toUri().toString();
  }

  public Path directory() {
    return directory;
  }

  /**
   * Commits {@code changes}: each path (relative to the repository) gets the content, or is deleted
   * when the content is null.
   *
   * @return the new commit's SHA
   */
  public synchronized String commit(String message, Map<String, String> changes) {
    try {
      for (Map.Entry<String, String> change : changes.entrySet()) {
        Path file = directory.resolve(change.getKey());
        if (change.getValue() == null) {
          Files.deleteIfExists(file);
        } else {
          Files.createDirectories(file.getParent());
          Files.writeString(file, change.getValue(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commitWorkTree(message);
  }

  private String commitWorkTree(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit commit =
          git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      return commit.getName();
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot commit to " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Pushes {@link #BRANCH} to the same branch of the repository at {@code url} ({@code git://},
   * {@code file://}, ...), forced: the remote's branch becomes this one's, whatever it held. Waits
   * at most {@value #PUSH_TIMEOUT_SECONDS} s on the remote.
   *
   * @return the commit the remote's branch now points at
   * @throws IllegalStateException naming the URL and what JGit or the remote said, if the remote
   *     cannot be reached or refuses the update
   */
  public synchronized String pushTo(String url) {
    String branch = "refs/heads/" + BRANCH;
    Iterable<PushResult> results;
    try {
      results =
          git.push()
              .setRemote(url)
              .setRefSpecs(new RefSpec("+" + branch + ":" + branch))
              .setForce(true)
              .setTimeout(PUSH_TIMEOUT_SECONDS)
              .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(
          "cannot push " + directory + " to " + url + ": " + e.getMessage(), e);
    }
    for (PushResult result : results) {
      RemoteRefUpdate update = result.getRemoteUpdate(branch);
      if (update == null) {
        continue;
      }
      RemoteRefUpdate.Status status = update.getStatus();
      if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
        throw new IllegalStateException(
            "cannot push "
                + directory
                + " to "
                + url
                + ": the remote answered "
                + status
                + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
      }
      return update.getNewObjectId().getName();
    }
    throw new IllegalStateException(
        "cannot push " + directory + " to " + url + ": the remote reported no update of " + branch);
  }

  /** The text of {@code path} in the work tree (what the last commit holds). */
  public String read(String path) {
    try {
      return Files.readString(directory.resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit a revision names: {@code HEAD}, a branch, a tag or a (possibly abbreviated) SHA. */
  public synchronized Optional<String> resolve(String revision) {
    String name = revision == null || revision.isEmpty() ? "HEAD" : revision;
    try {
      ObjectId id = git.getRepository().resolve(name + "^{commit}");
      return Optional.ofNullable(id).map(ObjectId::getName);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Writes the tree of {@code commit} into {@code target} (a directory that must not exist yet), as
   * a repo server's checkout of that revision.
   */
  public synchronized void export(String commit, Path target) {
    Repository repository = git.getRepository();
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(walk.parseCommit(ObjectId.fromString(commit)).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        Path file = target.resolve(tree.getPathString());
        Files.createDirectories(file.getParent());
        ObjectLoader blob = repository.open(tree.getObjectId(0));
        Files.write(file, blob.getBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check out " + commit + " of " + directory, e);
    }
  }

  @Override
  public void close() {
    git.close();
  }

  /** Deletes a directory tree, for a run's scratch checkouts. */
  public static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
