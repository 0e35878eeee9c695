package io.scaleproof.cluster.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** TLS for the servers scaleproof runs in its own process on the local backend. */
final class TlsContexts {
  private TlsContexts() {}

  /** A server's context from a certificate and key of the run's PKI (PEM files). */
  static SSLContext serving(LocalPki.Pair serving) throws IOException {
    return serving(serving, null);
  }

  /**
   * As {@link #serving(LocalPki.Pair)}, trusting client certificates of {@code clientCa} (null: the
   * JVM's default trust, for servers that ask no client certificate).
   */
  static SSLContext serving(LocalPki.Pair serving, java.nio.file.Path clientCa) throws IOException {
    try (Reader keyText = Files.newBufferedReader(serving.key());
        PEMParser parser = new PEMParser(keyText);
        InputStream certificate = Files.newInputStream(serving.certificate())) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      PrivateKey key =
          parsed instanceof PEMKeyPair pair
              ? converter.getKeyPair(pair).getPrivate()
              : converter.getPrivateKey((PrivateKeyInfo) parsed);
      Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(certificate);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("server", key, password, new Certificate[] {cert});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      javax.net.ssl.TrustManager[] trust = clientCa == null ? null : trusting(clientCa);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot serve with " + serving.certificate(), e);
    }
  }

  /** Trust in {@code ca} alone (a PEM certificate), for a client or for a server's clients. */
  static javax.net.ssl.TrustManager[] trusting(java.nio.file.Path ca) throws IOException {
    try (InputStream in = Files.newInputStream(ca)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      javax.net.ssl.TrustManagerFactory factory =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + ca, e);
    }
  }
}
