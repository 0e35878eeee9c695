package io.scaleproof.cluster.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * The certificates and keys of one local control plane, made for the run and kept in its directory
 * ({@code pki/}, readable by the run's user only), as kubeadm lays them out: a cluster CA that
 * signs the API server's serving certificate and every client's (the admin in {@code
 * system:masters}, the controller-manager, the scheduler, the API server towards kubelets), a
 * front-proxy CA for the aggregation layer, and the service-account signing key pair. They live as
 * long as the run (a day's validity covers the longest nightly run).
 */
final class LocalPki {
  /** A certificate and its key, as files. */
  record Pair(Path certificate, Path key) {}

  private final Path directory;
  private final CertificateAuthority clusterCa;
  private final CertificateAuthority frontProxyCa;
  private final Path caCertificate;
  private final Path frontProxyCaCertificate;
  private final Path serviceAccountKey;
  private final Path serviceAccountPublicKey;

  private LocalPki(
      Path directory,
      CertificateAuthority clusterCa,
      CertificateAuthority frontProxyCa,
      Path serviceAccountKey,
      Path serviceAccountPublicKey) {
    this.directory = directory;
    this.clusterCa = clusterCa;
    this.frontProxyCa = frontProxyCa;
    this.caCertificate = clusterCa.certificateFile();
    this.frontProxyCaCertificate = frontProxyCa.certificateFile();
    this.serviceAccountKey = serviceAccountKey;
    this.serviceAccountPublicKey = serviceAccountPublicKey;
  }

  /** A fresh CA pair and service-account key in {@code directory}. */
  static LocalPki create(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      CertificateAuthority cluster =
          CertificateAuthority.create(directory, "ca", "scaleproof-local-ca");
      CertificateAuthority frontProxy =
          CertificateAuthority.create(directory, "front-proxy-ca", "front-proxy-ca");
      KeyPair serviceAccount = CertificateAuthority.rsa();
      Path key =
          CertificateAuthority.write(directory.resolve("sa.key"), serviceAccount.getPrivate());
      Path publicKey =
          CertificateAuthority.write(directory.resolve("sa.pub"), serviceAccount.getPublic());
      return new LocalPki(directory, cluster, frontProxy, key, publicKey);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local control plane's keys", e);
    }
  }

  Path caCertificate() {
    return caCertificate;
  }

  Path frontProxyCaCertificate() {
    return frontProxyCaCertificate;
  }

  Path serviceAccountKey() {
    return serviceAccountKey;
  }

  Path serviceAccountPublicKey() {
    return serviceAccountPublicKey;
  }

  /** The cluster CA's own pair: the controller-manager signs certificate requests with it. */
  Pair clusterCa() {
    return new Pair(clusterCa.certificateFile(), clusterCa.keyFile());
  }

  /** A serving certificate for {@code addresses} (IP addresses) and {@code dnsNames}. */
  Pair serving(String name, List<String> addresses, List<String> dnsNames) {
    return withNames(name, name, addresses, dnsNames, KeyPurposeId.id_kp_serverAuth);
  }

  /**
   * A certificate for a program that serves and is a client with the one pair (KEDA's operator and
   * metrics server, whose gRPC link is mutual TLS from one certificate directory).
   */
  Pair servingAndClient(
      String name, String commonName, List<String> addresses, List<String> dnsNames) {
    return withNames(
        name,
        commonName,
        addresses,
        dnsNames,
        KeyPurposeId.id_kp_serverAuth,
        KeyPurposeId.id_kp_clientAuth);
  }

  private Pair withNames(
      String name,
      String commonName,
      List<String> addresses,
      List<String> dnsNames,
      KeyPurposeId... purposes) {
    List<GeneralName> names = new ArrayList<>();
    addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
    dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
    return clusterCa.issue(
        name, commonName, List.of(), purposes, new GeneralNames(names.toArray(GeneralName[]::new)));
  }

  /** A client certificate of the cluster CA: the user {@code commonName} in {@code groups}. */
  Pair client(String name, String commonName, List<String> groups) {
    return clusterCa.issue(
        name, commonName, groups, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, null);
  }

  /** The aggregation layer's client certificate, signed by the front-proxy CA. */
  Pair frontProxyClient() {
    return frontProxyCa.issue(
        "front-proxy-client",
        "front-proxy-client",
        List.of(),
        new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
        null);
  }

  Path directory() {
    return directory;
  }
}
