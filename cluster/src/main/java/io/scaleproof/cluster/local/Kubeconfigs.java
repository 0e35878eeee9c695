package io.scaleproof.cluster.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The kubeconfig files of the local control plane: one per identity, all on the one server. */
final class Kubeconfigs {
  private final LocalPki pki;
  private final String server;
  private final Path directory;

  Kubeconfigs(LocalPki pki, String server, Path directory) {
    this.pki = pki;
    this.server = server;
    this.directory = directory;
  }

  /**
   * Writes {@code <name>.kubeconfig} for the client certificate {@code identity}; the admin's is
   * the run's {@code kubeconfig}.
   */
  Path write(String name, LocalPki.Pair identity) {
    return write(
        name,
        "client-certificate: %s\n      client-key: %s"
            .formatted(identity.certificate(), identity.key()));
  }

  /**
   * Writes {@code <name>.kubeconfig} for a service account's token, kept beside it in {@code
   * <name>.token} (readable by the run's user only), as a pod's projected token is.
   */
  Path writeToken(String name, String token) {
    Path tokenFile = directory.resolve(name + ".token");
    try {
      Files.writeString(tokenFile, token);
      Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tokenFile, e);
    }
    return write(name, "tokenFile: " + tokenFile);
  }

  private Path write(String name, String credentials) {
    Path file = directory.resolve("admin".equals(name) ? "kubeconfig" : name + ".kubeconfig");
    String text =
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: local
            cluster:
              server: %s
              certificate-authority: %s
        users:
          - name: %s
            user:
              %s
        contexts:
          - name: local
            context:
              cluster: local
              user: %s
        current-context: local
        """
            .formatted(server, pki.caCertificate(), name, credentials, name);
    try {
      Files.writeString(file, text);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
