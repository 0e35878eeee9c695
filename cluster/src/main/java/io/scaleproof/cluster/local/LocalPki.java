package io.scaleproof.cluster.local;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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

  private static final Duration VALIDITY = Duration.ofDays(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final Authority clusterCa;
  private final Authority frontProxyCa;
  private final Path caCertificate;
  private final Path frontProxyCaCertificate;
  private final Path serviceAccountKey;
  private final Path serviceAccountPublicKey;

  private LocalPki(
      Path directory,
      Authority clusterCa,
      Authority frontProxyCa,
      Path serviceAccountKey,
      Path serviceAccountPublicKey) {
    this.directory = directory;
    this.clusterCa = clusterCa;
    this.frontProxyCa = frontProxyCa;
    this.caCertificate = clusterCa.certificateFile;
    this.frontProxyCaCertificate = frontProxyCa.certificateFile;
    this.serviceAccountKey = serviceAccountKey;
    this.serviceAccountPublicKey = serviceAccountPublicKey;
  }

  /** A fresh CA pair and service-account key in {@code directory}. */
  static LocalPki create(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      Authority cluster = Authority.create(directory, "ca", "scaleproof-local-ca");
      Authority frontProxy = Authority.create(directory, "front-proxy-ca", "front-proxy-ca");
      KeyPair serviceAccount = rsa();
      Path key = write(directory.resolve("sa.key"), serviceAccount.getPrivate());
      Path publicKey = write(directory.resolve("sa.pub"), serviceAccount.getPublic());
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
    return new Pair(clusterCa.certificateFile, clusterCa.keyFile);
  }

  /** A serving certificate for {@code addresses} (IP addresses) and {@code dnsNames}. */
  Pair serving(String name, List<String> addresses, List<String> dnsNames) {
    List<GeneralName> names = new ArrayList<>();
    addresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
    dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
    return clusterCa.issue(
        name,
        name,
        List.of(),
        KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(names.toArray(GeneralName[]::new)));
  }

  /** A client certificate of the cluster CA: the user {@code commonName} in {@code groups}. */
  Pair client(String name, String commonName, List<String> groups) {
    return clusterCa.issue(name, commonName, groups, KeyPurposeId.id_kp_clientAuth, null);
  }

  /** The aggregation layer's client certificate, signed by the front-proxy CA. */
  Pair frontProxyClient() {
    return frontProxyCa.issue(
        "front-proxy-client", "front-proxy-client", List.of(), KeyPurposeId.id_kp_clientAuth, null);
  }

  Path directory() {
    return directory;
  }

  /** A CA: its key pair, certificate, and the files it is kept in. */
  private static final class Authority {
    private final Path directory;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path certificateFile;
    private final Path keyFile;

    private Authority(
        Path directory,
        KeyPair keys,
        X509Certificate certificate,
        Path certificateFile,
        Path keyFile) {
      this.directory = directory;
      this.keys = keys;
      this.certificate = certificate;
      this.certificateFile = certificateFile;
      this.keyFile = keyFile;
    }

    static Authority create(Path directory, String file, String commonName) throws IOException {
      KeyPair keys = rsa();
      X500Name subject = name(commonName, List.of());
      Instant now = Instant.now();
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                    subject,
                    serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(
                        KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                .addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate certificate = sign(builder, keys);
        return new Authority(
            directory,
            keys,
            certificate,
            write(directory.resolve(file + ".crt"), certificate),
            write(directory.resolve(file + ".key"), keys.getPrivate()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot make the CA " + commonName, e);
      }
    }

    Pair issue(
        String file,
        String commonName,
        List<String> groups,
        KeyPurposeId purpose,
        GeneralNames subjectAlternativeNames) {
      KeyPair leaf = rsa();
      Instant now = Instant.now();
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                    certificate,
                    serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)),
                    name(commonName, groups),
                    leaf.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                .addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(certificate));
        if (subjectAlternativeNames != null) {
          builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames);
        }
        X509Certificate issued = sign(builder, keys);
        return new Pair(
            write(directory.resolve(file + ".crt"), issued),
            write(directory.resolve(file + ".key"), leaf.getPrivate()));
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot issue the certificate " + commonName, e);
      }
    }
  }

  private static X500Name name(String commonName, List<String> groups) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    // Kubernetes reads a client certificate's organizations as its groups.
    groups.forEach(group -> builder.addRDN(BCStyle.O, group));
    builder.addRDN(BCStyle.CN, commonName);
    return builder.build();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make RSA keys", e);
    }
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(pemObject);
    }
    Files.writeString(file, text.toString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
