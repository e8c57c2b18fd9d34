package io.valwatch.exporter.http;

import io.valwatch.exporter.DebianTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small certificate authority made with the {@code openssl} command line, so that the certificates the
 * tests use come from the tool operators use, not from the code under test: a CA, a server certificate for
 * 127.0.0.1 and localhost, and a client certificate. Keys are EC P-256 in PKCS #8 unless asked otherwise.
 */
public final class TestPki {
  public final Path dir;
  public final Path caCert;
  public final Path serverCert;
  public final Path serverKey;
  public final Path clientCert;
  public final Path clientKey;

  private TestPki(Path dir) {
    this.dir = dir;
    this.caCert = dir.resolve("ca.pem");
    this.serverCert = dir.resolve("server.pem");
    this.serverKey = dir.resolve("server-key.pem");
    this.clientCert = dir.resolve("client.pem");
    this.clientKey = dir.resolve("client-key.pem");
  }

  /** Issues everything into {@code dir}; skips the test when openssl is missing (fails in CI). */
  public static TestPki create(Path dir) throws IOException, InterruptedException {
    DebianTool.require("openssl", "openssl");
    TestPki pki = new TestPki(dir);
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=valwatch test CA");
    pki.issue("server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    pki.issue("client", "prometheus", "extendedKeyUsage=clientAuth\n");
    return pki;
  }

  /** Writes an RSA key in the PKCS #1 form ({@code RSA PRIVATE KEY}) and a certificate for it signed by the CA. */
  public Path[] rsaPkcs1Server() throws IOException, InterruptedException {
    openssl(dir, "genrsa", "-traditional", "-out", "rsa-key.pem", "2048");
    openssl(dir, "req", "-new", "-key", "rsa-key.pem", "-out", "rsa.csr", "-subj", "/CN=localhost");
    Files.writeString(dir.resolve("rsa.ext"), "subjectAltName=IP:127.0.0.1\n");
    openssl(dir, "x509", "-req", "-in", "rsa.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-out", "rsa.pem", "-days", "2", "-extfile", "rsa.ext");
    return new Path[] {dir.resolve("rsa.pem"), dir.resolve("rsa-key.pem")};
  }

  /** Writes the server's EC key in the SEC 1 form ({@code EC PRIVATE KEY}). */
  public Path serverKeySec1() throws IOException, InterruptedException {
    openssl(dir, "ec", "-in", "server-key.pem", "-out", "server-key-sec1.pem");
    return dir.resolve("server-key-sec1.pem");
  }

  /** The client certificate and key as a PKCS #12 store with password {@code changeit}, for Java clients. */
  public Path clientPkcs12() throws IOException, InterruptedException {
    openssl(dir, "pkcs12", "-export", "-in", "client.pem", "-inkey", "client-key.pem", "-out", "client.p12",
        "-passout", "pass:changeit");
    return dir.resolve("client.p12");
  }

  private void issue(String name, String commonName, String extensions) throws IOException, InterruptedException {
    openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", name + "-key.pem", "-out", name + ".csr", "-subj", "/CN=" + commonName);
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
        "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + new String(output));
    }
  }
}
