package io.streamcast.models.artifact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A model in one self-describing file: a zip of named entries (the network, its pre/post-processing state),
 * the model card, and an integrity manifest.
 *
 * <p>The manifest ({@value #MANIFEST}) lists the SHA-256 of every other entry and of the whole (a digest over
 * the sorted entry names and digests). When a signing key is given, it also holds an HMAC-SHA256 of that
 * digest; an artifact read with a key must carry a matching HMAC. The bytes are the same for the same content
 * (entries sorted, zip times fixed), so an artifact can be compared and re-published byte for byte.
 */
public final class ModelArtifact {
    /** Entry holding the model card as JSON. */
    public static final String CARD = "model-card.json";
    /** Entry holding the integrity manifest as JSON. */
    public static final String MANIFEST = "integrity.json";
    /** The artifact layout version this code writes and reads. */
    public static final int FORMAT = 1;

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final ModelCard card;
    private final Map<String, byte[]> entries;

    public ModelArtifact(ModelCard card, Map<String, byte[]> entries) {
        this.card = card;
        this.entries = Map.copyOf(entries);
        if (entries.containsKey(CARD) || entries.containsKey(MANIFEST)) {
            throw new IllegalArgumentException("entry names " + CARD + " and " + MANIFEST + " are reserved");
        }
    }

    public ModelCard card() {
        return card;
    }

    /** The named entry, e.g. the serialised network. */
    public byte[] entry(String name) throws InvalidArtifactException {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new InvalidArtifactException("artifact of " + card.name() + " has no entry '" + name + "'");
        }
        return bytes;
    }

    /** The same artifact with another card (e.g. a new version number), to be written and signed anew. */
    public ModelArtifact withCard(ModelCard newCard) {
        return new ModelArtifact(newCard, entries);
    }

    /** The artifact as bytes, signed with HMAC-SHA256 when {@code signingKey} is present. */
    public byte[] toBytes(Optional<byte[]> signingKey) {
        try {
            Map<String, byte[]> all = new TreeMap<>(entries);
            all.put(CARD, JSON.writeValueAsBytes(card));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", FORMAT);
            Map<String, String> digests = new TreeMap<>();
            all.forEach((name, bytes) -> digests.put(name, sha256Hex(bytes)));
            manifest.put("sha256", digests);
            String whole = digestOfDigests(digests);
            manifest.put("digest", whole);
            signingKey.ifPresent(key -> manifest.put("hmac_sha256", hmacHex(key, whole)));
            all.put(MANIFEST, JSON.writeValueAsBytes(manifest));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : all.entrySet()) {
                    ZipEntry ze = new ZipEntry(e.getKey());
                    ze.setTime(0L);
                    zip.putNextEntry(ze);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the artifact to a file. */
    public void write(Path file, Optional<byte[]> signingKey) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, toBytes(signingKey));
    }

    /** Reads and verifies an artifact file; see {@link #fromBytes}. */
    public static ModelArtifact read(Path file, Optional<byte[]> signingKey) throws IOException {
        try {
            return fromBytes(Files.readAllBytes(file), signingKey);
        } catch (InvalidArtifactException e) {
            throw new InvalidArtifactException(e.reason(), file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and verifies an artifact: every entry must match its SHA-256, no entry may be missing or extra,
     * and with a signing key the HMAC must be present and match.
     */
    public static ModelArtifact fromBytes(byte[] bytes, Optional<byte[]> signingKey) throws InvalidArtifactException {
        Map<String, byte[]> all = new TreeMap<>();
        String reading = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                reading = e.getName();
                all.put(reading, zip.readAllBytes());
                reading = null;
            }
        } catch (IOException | IllegalArgumentException e) {
            // a corrupt or cut entry fails here, before any digest is checked: say which one
            throw new InvalidArtifactException(InvalidArtifactException.Reason.UNREADABLE, "not a readable model artifact"
                    + (reading == null ? "" : ": entry '" + reading + "' is corrupt or truncated")
                    + " (" + e.getMessage() + ")", e);
        }
        byte[] manifestBytes = all.remove(MANIFEST);
        if (manifestBytes == null) {
            throw new InvalidArtifactException(InvalidArtifactException.Reason.UNREADABLE, "not a model artifact or truncated: no " + MANIFEST);
        }
        Map<String, Object> manifest;
        Map<String, String> digests;
        try {
            manifest = JSON.readValue(manifestBytes, new TypeReference<>() { });
            digests = JSON.convertValue(manifest.get("sha256"), new TypeReference<>() { });
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArtifactException(InvalidArtifactException.Reason.UNREADABLE, "unreadable " + MANIFEST + ": " + e.getMessage(), e);
        }
        Object format = manifest.get("format");
        if (!(format instanceof Number n) || n.intValue() != FORMAT) {
            throw new InvalidArtifactException("unsupported artifact format " + format + " (this version reads " + FORMAT + ")");
        }
        if (digests == null || !digests.keySet().equals(all.keySet())) {
            throw new InvalidArtifactException(InvalidArtifactException.Reason.TAMPERED, "entries " + all.keySet() + " do not match the manifest "
                    + (digests == null ? "{}" : digests.keySet()) + " (truncated or tampered)");
        }
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            if (!MessageDigest.isEqual(sha256Hex(e.getValue()).getBytes(StandardCharsets.US_ASCII),
                    digests.get(e.getKey()).getBytes(StandardCharsets.US_ASCII))) {
                throw new InvalidArtifactException(InvalidArtifactException.Reason.TAMPERED,
                        "SHA-256 of entry '" + e.getKey() + "' does not match (tampered)");
            }
        }
        String whole = digestOfDigests(digests);
        if (!whole.equals(manifest.get("digest"))) {
            throw new InvalidArtifactException(InvalidArtifactException.Reason.TAMPERED, "artifact digest does not match (tampered)");
        }
        if (signingKey.isPresent()) {
            Object hmac = manifest.get("hmac_sha256");
            if (!(hmac instanceof String h)) {
                throw new InvalidArtifactException(InvalidArtifactException.Reason.UNSIGNED, "artifact is unsigned but a signing key is configured");
            }
            if (!MessageDigest.isEqual(h.getBytes(StandardCharsets.US_ASCII),
                    hmacHex(signingKey.get(), whole).getBytes(StandardCharsets.US_ASCII))) {
                throw new InvalidArtifactException(InvalidArtifactException.Reason.BAD_SIGNATURE, "HMAC signature does not match the configured key");
            }
        }
        byte[] cardBytes = all.remove(CARD);
        if (cardBytes == null) {
            throw new InvalidArtifactException(InvalidArtifactException.Reason.TAMPERED, "artifact has no " + CARD);
        }
        try {
            return new ModelArtifact(JSON.readValue(cardBytes, ModelCard.class), all);
        } catch (IOException e) {
            throw new InvalidArtifactException(InvalidArtifactException.Reason.UNREADABLE, "unreadable " + CARD + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of the whole artifact's content, as hex (stable across re-serialisation). */
    public String digest() {
        Map<String, String> digests = new TreeMap<>();
        entries.forEach((name, bytes) -> digests.put(name, sha256Hex(bytes)));
        try {
            digests.put(CARD, sha256Hex(JSON.writeValueAsBytes(card)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digestOfDigests(digests);
    }

    private static String digestOfDigests(Map<String, String> sortedDigests) {
        StringBuilder sb = new StringBuilder();
        sortedDigests.forEach((name, d) -> sb.append(name).append('\n').append(d).append('\n'));
        return sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String hmacHex(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
