package io.streamcast.app.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made at test time with the JDK's own {@code keytool}, so that no key
 * material is committed: PKCS12 key stores for servers with certificates it signs, and a trust store that
 * holds only its certificate. All stores share one random password.
 */
final class CertificateAuthority {
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");
    private static final String CA_ALIAS = "ca";
    private static final String VALIDITY_DAYS = "2";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final String password;
    private final Path keyStore;
    private final Certificate certificate;
    private final Path trustStore;

    private CertificateAuthority(Path dir, String password, Path keyStore, Certificate certificate, Path trustStore) {
        this.dir = dir;
        this.password = password;
        this.keyStore = keyStore;
        this.certificate = certificate;
        this.trustStore = trustStore;
    }

    /** A new CA whose self-signed certificate is named {@code CN=commonName}; its files go into {@code dir}. */
    static CertificateAuthority create(Path dir, String commonName) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        String password = UUID.randomUUID().toString();
        Path keyStore = dir.resolve("ca.p12");
        keytool(dir, "-genkeypair", "-alias", CA_ALIAS, "-dname", "CN=" + commonName, "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS,
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        Certificate certificate = load(keyStore, password).getCertificate(CA_ALIAS);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(CA_ALIAS, certificate);
        Path trustStore = dir.resolve("truststore.p12");
        store(trusted, trustStore, password);
        return new CertificateAuthority(dir, password, keyStore, certificate, trustStore);
    }

    /**
     * A PKCS12 key store holding a new key pair for {@code CN=commonName} and its certificate chain (the signed
     * certificate, then this CA's).
     *
     * @param subjectAlternativeNames keytool's SAN syntax, e.g. {@code ip:127.0.0.1}, {@code dns:localhost}
     */
    Path serverKeyStore(String alias, String commonName, String... subjectAlternativeNames)
            throws IOException, GeneralSecurityException {
        Path store = dir.resolve(alias + ".p12");
        Path request = dir.resolve(alias + ".csr");
        Path signed = dir.resolve(alias + ".crt");
        keytool(dir, "-genkeypair", "-alias", alias, "-dname", "CN=" + commonName, "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", VALIDITY_DAYS,
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool(dir, "-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", password,
                "-file", request.toString());
        keytool(dir, "-gencert", "-alias", CA_ALIAS, "-keystore", keyStore.toString(), "-storepass", password,
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", VALIDITY_DAYS,
                "-ext", "SAN=" + String.join(",", subjectAlternativeNames));

        // Replace the self-signed certificate with the chain; the KeyStore API does what
        // `keytool -importcert` would, without two more JVM starts.
        KeyStore keys = load(store, password);
        Key key = keys.getKey(alias, password.toCharArray());
        Certificate leaf;
        try (InputStream in = Files.newInputStream(signed)) {
            leaf = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        keys.setKeyEntry(alias, key, password.toCharArray(), new Certificate[] {leaf, certificate});
        store(keys, store, password);
        return store;
    }

    /** The CA's own key store: a certificate every client of {@link #trustStore()} trusts, naming no host. */
    Path keyStore() {
        return keyStore;
    }

    /** A PKCS12 trust store with only this CA's certificate. */
    Path trustStore() {
        return trustStore;
    }

    /** The password of every store (and key) this CA wrote. */
    String password() {
        return password;
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(KEYTOOL.toString());
        // keytool is a short-lived JVM: the C1 compiler and the serial collector start it faster.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.add("-J-XX:+UseSerialGC");
        command.addAll(List.of(args));
        command.add("-noprompt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close(); // a prompt reads end-of-input and fails instead of waiting
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for keytool " + args[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed with exit code " + process.exitValue() + ": " + output.strip());
        }
    }
}
