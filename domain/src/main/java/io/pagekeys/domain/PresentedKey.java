package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/**
 * What a request's credential turned out to be: not a token at all, a token no key has, or a stored key.
 * Finding out takes a parse (no I/O) and, for a well-formed token, one lookup by fingerprint.
 */
public sealed interface PresentedKey {

    static PresentedKey malformed() {
        return Malformed.INSTANCE;
    }

    static PresentedKey unknown() {
        return Unknown.INSTANCE;
    }

    static PresentedKey found(ApiKey key) {
        return new Found(key);
    }

    /** Missing, malformed, or with a checksum that does not match. */
    enum Malformed implements PresentedKey {
        INSTANCE
    }

    /** Well formed, but no key has it. */
    enum Unknown implements PresentedKey {
        INSTANCE
    }

    /** The stored key whose fingerprint matches. */
    record Found(ApiKey key) implements PresentedKey {

        public Found {
            requireNonNull(key, "key is null");
        }
    }
}
