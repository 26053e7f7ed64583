package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The public, opaque identifier of a key, such as {@code key_4Fj...}. Not a secret: it appears in URLs
 * and listings, and knowing it grants nothing.
 */
public record ApiKeyId(String value) {

    public static final int RANDOM_BYTES = 12;
    private static final Pattern SHAPE = Pattern.compile("key_[0-9A-Za-z]{17}");

    public ApiKeyId {
        requireNonNull(value, "key id is null");
        if (!SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("key_id", "is not a key id");
        }
    }

    /** A new identifier from {@value #RANDOM_BYTES} random bytes. */
    public static ApiKeyId generate(byte[] random) {
        requireNonNull(random, "random is null");
        if (random.length != RANDOM_BYTES) {
            throw new IllegalArgumentException("a key id needs " + RANDOM_BYTES + " random bytes");
        }
        return new ApiKeyId("key_" + Base62.encode(new BigInteger(1, random), 17));
    }

    public static ApiKeyId of(String value) {
        return new ApiKeyId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
