package io.pagekeys.benchmarks;

import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Token;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a presented token (shape, checksum, body below 2^256) against one SHA-256 of its text, the
 * floor of any lookup by fingerprint; and the fingerprint itself, which is that SHA-256.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBenchmark {

    private String presented;
    private byte[] presentedBytes;
    private Token parsed;
    private MessageDigest sha256;

    @Setup
    public void token() throws NoSuchAlgorithmException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        presented = Token.generate(KeyKind.ORGANIZATION, secret).reveal();
        presentedBytes = presented.getBytes(StandardCharsets.US_ASCII);
        parsed = Token.parse(presented).orElseThrow();
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public Optional<Token> parse() {
        return Token.parse(presented);
    }

    @Benchmark
    public byte[] sha256OfTheToken() {
        return sha256.digest(presentedBytes);
    }

    @Benchmark
    public Object fingerprint() {
        return parsed.fingerprint();
    }
}
