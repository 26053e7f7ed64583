package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/**
 * The SHA-256 of a token: what is stored in place of the secret. Kept as the 32 bytes of the digest, in
 * four big-endian words, so that it is cheap to make, compare and hash as a lookup key; its lower-case
 * hexadecimal spelling, the stored form, is made only when asked for.
 */
public final class TokenFingerprint {

    static final int BYTES = 32;
    private static final int HEX_LENGTH = 2 * BYTES;
    private static final String HEX_DIGITS = "0123456789abcdef";

    private final long first;
    private final long second;
    private final long third;
    private final long fourth;

    private TokenFingerprint(long first, long second, long third, long fourth) {
        this.first = first;
        this.second = second;
        this.third = third;
        this.fourth = fourth;
    }

    /**
     * The fingerprint that {@code hex}, as stored, spells.
     *
     * @throws IllegalArgumentException when it is not 64 lower-case hexadecimal digits
     * @throws NullPointerException when it is null
     */
    public TokenFingerprint(String hex) {
        this(word(requireNonNull(hex, "hex is null"), 0), word(hex, 1), word(hex, 2), word(hex, 3));
    }

    /** The fingerprint whose digest is {@code digest}, 32 bytes. */
    static TokenFingerprint of(byte[] digest) {
        if (digest.length != BYTES) {
            throw new IllegalArgumentException("a fingerprint is " + BYTES + " bytes, not " + digest.length);
        }
        return new TokenFingerprint(word(digest, 0), word(digest, 1), word(digest, 2), word(digest, 3));
    }

    private static long word(byte[] digest, int index) {
        long word = 0;
        for (int i = index * Long.BYTES; i < (index + 1) * Long.BYTES; i++) {
            word = word << 8 | (digest[i] & 0xFF);
        }
        return word;
    }

    private static long word(String hex, int index) {
        if (hex.length() != HEX_LENGTH) {
            throw notAFingerprint();
        }
        long word = 0;
        for (int i = index * 16; i < (index + 1) * 16; i++) {
            char c = hex.charAt(i);
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else {
                throw notAFingerprint();
            }
            word = word << 4 | digit;
        }
        return word;
    }

    private static IllegalArgumentException notAFingerprint() {
        return new IllegalArgumentException("a fingerprint is 64 lower-case hexadecimal digits");
    }

    /** The 64 lower-case hexadecimal digits of the digest, as stored. */
    public String hex() {
        char[] digits = new char[HEX_LENGTH];
        long[] words = {first, second, third, fourth};
        for (int w = 0; w < words.length; w++) {
            for (int i = 0; i < 16; i++) {
                digits[w * 16 + i] = HEX_DIGITS.charAt((int) (words[w] >>> (60 - 4 * i)) & 0xF);
            }
        }
        return new String(digits);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenFingerprint that
                && first == that.first && second == that.second && third == that.third && fourth == that.fourth;
    }

    @Override
    public int hashCode() {
        // The words are digest bits, already evenly spread: folding them is enough.
        return Long.hashCode(first ^ second ^ third ^ fourth);
    }

    @Override
    public String toString() {
        return "TokenFingerprint[hex=" + hex() + "]";
    }
}
