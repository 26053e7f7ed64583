package io.pagekeys.bootstrap;

import io.pagekeys.application.port.out.RandomSource;
import java.security.SecureRandom;

/** The production source of randomness for tokens and key ids: the platform's strong {@link SecureRandom}. */
final class SecureRandomSource implements RandomSource {

    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] nextBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
