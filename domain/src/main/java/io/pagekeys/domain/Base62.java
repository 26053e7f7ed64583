package io.pagekeys.domain;

import java.math.BigInteger;

/** Base62 with the alphabet {@code 0-9A-Za-z}, as tokens use it. */
final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);

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
        if (digits.length() > width) {
            throw new IllegalArgumentException("value needs more than " + width + " base62 digits");
        }
        while (digits.length() < width) {
            digits.append('0');
        }
        return digits.reverse().toString();
    }

    static String encode(long value, int width) {
        return encode(BigInteger.valueOf(value), width);
    }

    static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** The value of base62 {@code text}, which must hold only base62 digits. */
    static BigInteger decode(CharSequence text) {
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not a base62 digit at " + i);
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        return value;
    }
}
