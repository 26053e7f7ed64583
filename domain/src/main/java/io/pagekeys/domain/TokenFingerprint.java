package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** The SHA-256 of a token, in lower-case hexadecimal: what is stored in place of the secret. */
public record TokenFingerprint(String hex) {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{64}");

    public TokenFingerprint {
        requireNonNull(hex, "hex is null");
        if (!SHAPE.matcher(hex).matches()) {
            throw new IllegalArgumentException("a fingerprint is 64 lower-case hexadecimal digits");
        }
    }
}
