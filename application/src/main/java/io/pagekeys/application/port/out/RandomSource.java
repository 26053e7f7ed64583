package io.pagekeys.application.port.out;

/** Where secrets and ids get their randomness: a cryptographically strong source in production. */
public interface RandomSource {

    /** {@code count} fresh random bytes; never null. */
    byte[] nextBytes(int count);
}
