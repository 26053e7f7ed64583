package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The secret a client presents: {@code <prefix>_<body><checksum>}. The prefix ({@code uk} or
 * {@code ok}) names the kind, the body is 32 random bytes in base62 (43 characters), the checksum is the
 * CRC32 of {@code <prefix>_<body>} in base62 (6 characters). The checksum lets a malformed or mistyped
 * token be refused without any lookup, and lets secret scanners recognise a real one.
 *
 * <p>A token is shown once and stored only as its {@link #fingerprint() fingerprint}; {@link #toString()}
 * shows the {@link #hint() hint}, never the secret.
 */
public final class Token {

    /**
     * A SHA-256 digest per thread, with the array its digests are written into: MessageDigest is not
     * thread-safe, getting a new one costs about as much as hashing a token, and the fingerprint keeps
     * the digest as four longs, so the bytes need not outlive the call.
     */
    private static final ThreadLocal<Hasher> SHA_256 = ThreadLocal.withInitial(Hasher::new);

    private static final class Hasher {
        final MessageDigest digest;
        final byte[] out = new byte[TokenFingerprint.BYTES];

        Hasher() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        TokenFingerprint fingerprintOf(byte[] ascii) {
            digest.update(ascii);
            try {
                // digest() resets the digest for the next use on this thread.
                digest.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException("a SHA-256 digest is " + out.length + " bytes", e);
            }
            return TokenFingerprint.of(out);
        }
    }

    public static final int SECRET_BYTES = 32;
    static final int BODY_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;
    private static final int BODY_START = 3;
    private static final int CHECKSUM_START = BODY_START + BODY_LENGTH;
    public static final int LENGTH = CHECKSUM_START + CHECKSUM_LENGTH;
    /**
     * 2^256 in base62 on 43 digits: the least body that no 32-byte secret gives. Bodies have this width
     * too, so comparing characters compares the numbers (the alphabet is in ASCII order), without
     * arithmetic on every parse.
     */
    static final String BODY_LIMIT = "yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp2";
    private static final byte[] BODY_LIMIT_ASCII = BODY_LIMIT.getBytes(StandardCharsets.US_ASCII);
    /**
     * The kind of each prefix by the prefix's first byte, and the second byte that the prefix needs then:
     * the prefixes of the kinds begin with different letters.
     */
    private static final KeyKind[] KIND_BY_FIRST_BYTE = new KeyKind[256];
    private static final byte[] SECOND_BYTE = new byte[256];

    static {
        for (KeyKind kind : KeyKind.values()) {
            int first = kind.prefix().charAt(0);
            if (kind.prefix().length() != BODY_START - 1 || KIND_BY_FIRST_BYTE[first] != null) {
                throw new IllegalStateException("prefixes are two letters, each kind's first its own: " + kind.prefix());
            }
            KIND_BY_FIRST_BYTE[first] = kind;
            SECOND_BYTE[first] = (byte) kind.prefix().charAt(1);
        }
    }

    private final KeyKind kind;
    private final String value;
    /** The token's characters as ASCII bytes, which the fingerprint hashes. Never written after the constructor, never handed out. */
    private final byte[] ascii;

    private Token(KeyKind kind, String value, byte[] ascii) {
        this.kind = kind;
        this.value = value;
        this.ascii = ascii;
    }

    /**
     * The token of a key of {@code kind} made from {@code secret}, 32 bytes that the caller took from a
     * cryptographically strong source.
     */
    public static Token generate(KeyKind kind, byte[] secret) {
        requireNonNull(kind, "kind is null");
        requireNonNull(secret, "secret is null");
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("a token needs " + SECRET_BYTES + " random bytes, not " + secret.length);
        }
        String head = kind.prefix() + "_" + Base62.encode(new BigInteger(1, secret), BODY_LENGTH);
        String value = head + Base62.encode(checksum(head.getBytes(StandardCharsets.US_ASCII)), CHECKSUM_LENGTH);
        return new Token(kind, value, value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The token that {@code text} spells, or empty when it is not a well-formed token with a matching
     * checksum. Does no I/O and throws nothing, whatever the input (null included).
     */
    public static Optional<Token> parse(String text) {
        if (text == null || text.length() != LENGTH) {
            return Optional.empty();
        }
        // One copy of the characters as bytes, which the checks below read and the fingerprint hashes
        // (reading bytes costs about half what reading the characters of a String one by one does). A
        // character above U+00FF becomes '?', which, like every byte from 0x80 up, is neither a digit, the
        // underscore nor a letter of a prefix: a text that is not ASCII is refused, never read as another.
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        if (ascii[BODY_START - 1] != '_') {
            return Optional.empty();
        }
        KeyKind kind = kindNamedAtTheStartOf(ascii);
        if (kind == null || !bodyIsBelowTheLimit(ascii)) {
            return Optional.empty();
        }
        // A byte of the body that is not a digit (value -1) leaves the sign bit set in the OR of all.
        int digits = 0;
        for (int i = BODY_START; i < CHECKSUM_START; i++) {
            digits |= Base62.value(ascii[i]);
        }
        // The checksum decodes to -1 when one of its characters is not a digit, which no CRC32 equals;
        // otherwise, as both have 6 digits, equal numbers are equal spellings.
        if (digits < 0 || Base62.decode(ascii, CHECKSUM_START, CHECKSUM_LENGTH) != checksum(ascii)) {
            return Optional.empty();
        }
        return Optional.of(new Token(kind, text, ascii));
    }

    /** The kind whose prefix the bytes start with, or null. */
    private static KeyKind kindNamedAtTheStartOf(byte[] ascii) {
        int first = ascii[0] & 0xFF;
        KeyKind kind = KIND_BY_FIRST_BYTE[first];
        return kind != null && ascii[1] == SECOND_BYTE[first] ? kind : null;
    }

    /**
     * Whether the 43 bytes of the body, if they are all digits, spell a number below 2^256: they compare
     * with the limit's spelling one by one (the alphabet is in ASCII order). A byte that is not a digit
     * may answer either way; the caller refuses it.
     */
    private static boolean bodyIsBelowTheLimit(byte[] ascii) {
        int i = 0;
        // While the body spells the limit's leading digits, it is not yet known to be below it.
        while (i < BODY_LENGTH && ascii[BODY_START + i] == BODY_LIMIT_ASCII[i]) {
            i++;
        }
        return i < BODY_LENGTH && ascii[BODY_START + i] < BODY_LIMIT_ASCII[i];
    }

    /**
     * The CRC32 (IEEE) of the first 46 bytes of {@code ascii}, the prefix, underscore and body, by
     * {@link CRC32}, which the JVM computes with the processor's carry-less multiplication: about a fifth
     * of the time of a table-driven loop over the same bytes.
     */
    private static long checksum(byte[] ascii) {
        CRC32 crc = new CRC32();
        crc.update(ascii, 0, CHECKSUM_START);
        return crc.getValue();
    }

    public KeyKind kind() {
        return kind;
    }

    /** The secret itself, to be shown once to the person who asked for the key and then forgotten. */
    public String reveal() {
        return value;
    }

    /** The SHA-256 of the whole token: what is stored and looked up instead of the token. */
    public TokenFingerprint fingerprint() {
        return SHA_256.get().fingerprintOf(ascii);
    }

    /** What listings show: prefix, underscore, the first 4 body characters, an ellipsis, the last 4 characters. */
    public String hint() {
        return value.substring(0, 7) + "…" + value.substring(LENGTH - 4);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Token that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Token[" + hint() + "]";
    }
}
