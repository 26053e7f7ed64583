package io.pagekeys.domain;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Base62 with the alphabet {@code 0-9A-Za-z}, as tokens use it. The alphabet is in ASCII order, so two
 * digit strings of the same width compare character by character as the numbers they spell.
 */
final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);
    /**
     * The value of each byte as a digit, -1 for those that are not digits; never written after this. It
     * has a place for every byte, so that looking one up takes neither a test of its sign nor a check of
     * the index: about half the time of a table of the 128 ASCII characters.
     */
    private static final byte[] VALUES = new byte[256];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int digit = 0; digit < ALPHABET.length(); digit++) {
            VALUES[ALPHABET.charAt(digit)] = (byte) digit;
        }
    }

    private Base62() {}

    /** {@code value} (not negative) in base62, left-padded with {@code 0} to {@code width} characters. */
    static String encode(BigInteger value, int width) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative value");
        }
        StringBuilder digits = new StringBuilder(width);
        BigInteger rest = value;
        while (rest.signum() > 0) {
            BigInteger[] quotientAndRemainder = rest.divideAndRemainder(BASE);
            digits.append(ALPHABET.charAt(quotientAndRemainder[1].intValue()));
            rest = quotientAndRemainder[0];
        }
        return padded(digits, width);
    }

    /** {@code value} (not negative) in base62, left-padded with {@code 0} to {@code width} characters. */
    static String encode(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value");
        }
        StringBuilder digits = new StringBuilder(width);
        for (long rest = value; rest > 0; rest /= 62) {
            digits.append(ALPHABET.charAt((int) (rest % 62)));
        }
        return padded(digits, width);
    }

    private static String padded(StringBuilder leastSignificantFirst, int width) {
        if (leastSignificantFirst.length() > width) {
            throw new IllegalArgumentException("value needs more than " + width + " base62 digits");
        }
        while (leastSignificantFirst.length() < width) {
            leastSignificantFirst.append('0');
        }
        return leastSignificantFirst.reverse().toString();
    }

    /** The value of {@code b} as a base62 digit, or -1 when it is not one (every byte from 0x80 up included). */
    static int value(byte b) {
        return VALUES[b & 0xFF];
    }

    /**
     * The number that the {@code width} ASCII bytes of {@code ascii} from {@code start} spell in base62, or
     * -1 when one of them is not a digit. {@code width} is at most 10, so that the value fits a long.
     */
    static long decode(byte[] ascii, int start, int width) {
        long value = 0;
        for (int i = start; i < start + width; i++) {
            int digit = value(ascii[i]);
            if (digit < 0) {
                return -1;
            }
            value = value * 62 + digit;
        }
        return value;
    }
}
