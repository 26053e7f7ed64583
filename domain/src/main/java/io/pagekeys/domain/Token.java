package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
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
    private static final int BODY_START = 3;
    private static final int CHECKSUM_START = BODY_START + BODY_LENGTH;
    public static final int LENGTH = CHECKSUM_START + CHECKSUM_LENGTH;
    /**
     * 2^256 in base62 on 43 digits: the least body that no 32-byte secret gives. Bodies have this width
     * too, so comparing characters compares the numbers (the alphabet is in ASCII order), without
     * arithmetic on every parse.
     */
    static final String BODY_LIMIT = "yhjskwdA6OZ1AL1YmHWZWm8LLG7HjnuCA2j5rOw8Xp2";
    private static final List<KeyKind> KINDS = List.of(KeyKind.values());

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
        return new Token(kind, head + Base62.encode(checksum(head), CHECKSUM_LENGTH));
    }

    /**
     * The token that {@code text} spells, or empty when it is not a well-formed token with a matching
     * checksum. Does no I/O and throws nothing, whatever the input (null included).
     */
    public static Optional<Token> parse(String text) {
        if (text == null || text.length() != LENGTH || text.charAt(BODY_START - 1) != '_') {
            return Optional.empty();
        }
        Optional<KeyKind> kind = kindNamedAtTheStartOf(text);
        if (kind.isEmpty() || !bodyIsASecret(text)) {
            return Optional.empty();
        }
        // -1 for a checksum with a non-digit, which no CRC32 equals; otherwise, as both have 6 digits,
        // equal numbers are equal spellings.
        if (Base62.decode(text, CHECKSUM_START, CHECKSUM_LENGTH) != checksum(text)) {
            return Optional.empty();
        }
        return Optional.of(new Token(kind.get(), text));
    }

    private static Optional<KeyKind> kindNamedAtTheStartOf(String text) {
        for (int i = 0; i < KINDS.size(); i++) {
            if (text.startsWith(KINDS.get(i).prefix())) {
                return Optional.of(KINDS.get(i));
            }
        }
        return Optional.empty();
    }

    /** Whether the 43 characters of the body are base62 digits spelling a number below 2^256. */
    private static boolean bodyIsASecret(String text) {
        int i = 0;
        // While the body spells the limit's leading digits, it is not yet known to be below it.
        while (i < BODY_LENGTH && text.charAt(BODY_START + i) == BODY_LIMIT.charAt(i)) {
            i++;
        }
        if (i == BODY_LENGTH || text.charAt(BODY_START + i) > BODY_LIMIT.charAt(i)) {
            return false;
        }
        for (; i < BODY_LENGTH; i++) {
            if (!Base62.isDigit(text.charAt(BODY_START + i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The CRC32 of the ASCII of the first 46 characters of {@code text}, the prefix, underscore and body.
     * Fed a character at a time so that no bytes are copied; only the prefix, the underscore and digits get here, whose
     * characters are their own ASCII bytes.
     */
    private static long checksum(CharSequence text) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < CHECKSUM_START; i++) {
            crc.update(text.charAt(i));
        }
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
        try {
            // A new digest each time: MessageDigest is not thread-safe, and getInstance is cheap next to hashing.
            return TokenFingerprint.of(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
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
