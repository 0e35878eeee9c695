package io.scaleproof.cluster.local;

import java.io.IOException;
import java.io.StringWriter;
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
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
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
 * A certificate authority of the run: its key pair and certificate, kept as PEM files readable by
 * the run's user only, and the certificates it issues (a day's validity, RSA 2048, SHA-256).
 */
final class CertificateAuthority {
  private static final Duration VALIDITY = Duration.ofDays(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path certificateFile;
  private final Path keyFile;

  private CertificateAuthority(
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

  Path certificateFile() {
    return certificateFile;
  }

  Path keyFile() {
    return keyFile;
  }

  static CertificateAuthority create(Path directory, String file, String commonName)
      throws IOException {
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
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate certificate = sign(builder, keys);
      return new CertificateAuthority(
          directory,
          keys,
          certificate,
          write(directory.resolve(file + ".crt"), certificate),
          write(directory.resolve(file + ".key"), keys.getPrivate()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the CA " + commonName, e);
    }
  }

  LocalPki.Pair issue(
      String file,
      String commonName,
      List<String> groups,
      KeyPurposeId[] purposes,
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
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(certificate));
      if (subjectAlternativeNames != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames);
      }
      X509Certificate issued = sign(builder, keys);
      return new LocalPki.Pair(
          write(directory.resolve(file + ".crt"), issued),
          write(directory.resolve(file + ".key"), leaf.getPrivate()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue the certificate " + commonName, e);
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

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make RSA keys", e);
    }
  }

  static Path write(Path file, Object pemObject) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(pemObject);
    }
    Files.writeString(file, text.toString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
