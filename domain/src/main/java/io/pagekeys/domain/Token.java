package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    public static final int SECRET_BYTES = 32;
    static final int BODY_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = 3 + BODY_LENGTH + CHECKSUM_LENGTH;
    private static final BigInteger BODY_LIMIT = BigInteger.ONE.shiftLeft(SECRET_BYTES * 8);

    private final KeyKind kind;
    private final String value;

    private Token(KeyKind kind, String value) {
        this.kind = kind;
        this.value = value;
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
        return new Token(kind, head + checksum(head));
    }

    /**
     * The token that {@code text} spells, or empty when it is not a well-formed token with a matching
     * checksum. Does no I/O and throws nothing, whatever the input (null included).
     */
    public static Optional<Token> parse(String text) {
        if (text == null || text.length() != LENGTH || text.charAt(2) != '_') {
            return Optional.empty();
        }
        Optional<KeyKind> kind = KeyKind.fromPrefix(text.substring(0, 2));
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 3; i < LENGTH; i++) {
            if (!Base62.isDigit(text.charAt(i))) {
                return Optional.empty();
            }
        }
        String head = text.substring(0, 3 + BODY_LENGTH);
        if (!checksum(head).equals(text.substring(3 + BODY_LENGTH))) {
            return Optional.empty();
        }
        if (Base62.decode(head.substring(3)).compareTo(BODY_LIMIT) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Token(kind.get(), text));
    }

    private static String checksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return new TokenFingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
