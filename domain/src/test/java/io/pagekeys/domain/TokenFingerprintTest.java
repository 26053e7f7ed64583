package io.pagekeys.domain;

import static io.pagekeys.domain.Fixtures.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFingerprintTest {

    static Stream<Token> someTokens() {
        return TokenTest.someTokens();
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void hexIsTheSha256OfTheTokensAsciiInLowerCase(Token token) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.reveal().getBytes(StandardCharsets.US_ASCII));

        assertThat(token.fingerprint().hex()).isEqualTo(HexFormat.of().formatHex(digest));
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void aStoredFingerprintReadBackIsTheTokensOwn(Token token) {
        TokenFingerprint stored = new TokenFingerprint(token.fingerprint().hex());

        assertThat(stored).isEqualTo(token.fingerprint()).hasSameHashCodeAs(token.fingerprint());
        assertThat(stored.hex()).isEqualTo(token.fingerprint().hex());
    }

    @Test
    void everyHexDigitAtEveryPositionReadsBackAsWritten() {
        // The extremes set and clear the sign bit of every word the digest is kept in.
        for (char filler : new char[] {'0', 'f'}) {
            for (int position = 0; position < 64; position++) {
                for (char digit : "0123456789abcdef".toCharArray()) {
                    String hex = String.valueOf(filler).repeat(position) + digit + String.valueOf(filler).repeat(63 - position);

                    assertThat(new TokenFingerprint(hex).hex()).isEqualTo(hex);
                }
            }
        }
    }

    @Test
    void fingerprintsOfTheSameBytesAreEqualAndOfOtherBytesAreNot() {
        byte[] digest = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210");
        TokenFingerprint fingerprint = TokenFingerprint.of(digest);

        assertThat(fingerprint).isEqualTo(TokenFingerprint.of(digest.clone())).hasSameHashCodeAs(TokenFingerprint.of(digest.clone()));
        assertThat(fingerprint).isEqualTo(new TokenFingerprint(HexFormat.of().formatHex(digest)));
        assertThat(fingerprint.hex()).isEqualTo(HexFormat.of().formatHex(digest));
        for (int bit = 0; bit < 256; bit++) {
            byte[] other = digest.clone();
            other[bit / 8] ^= (byte) (1 << (bit % 8));

            assertThat(TokenFingerprint.of(other)).as("bit %d flipped", bit).isNotEqualTo(fingerprint);
            assertThat(TokenFingerprint.of(other).hex()).isEqualTo(HexFormat.of().formatHex(other));
        }
        assertThat(fingerprint).isNotEqualTo(fingerprint.hex()).isNotEqualTo(null);
    }

    @Test
    void hashCodesOfDifferentFingerprintsAreSpread() {
        // A lookup key: fingerprints of different tokens should rarely share a hash.
        Set<Integer> hashes = new HashSet<>();
        IntStream.range(0, 1000).forEach(seed -> hashes.add(userToken(seed).fingerprint().hashCode()));

        assertThat(hashes).hasSizeGreaterThan(995);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 32, 63, 65, 128})
    void aFingerprintOfAnotherLengthIsRefused(int length) {
        String hex = "a".repeat(length);

        assertThatThrownBy(() -> new TokenFingerprint(hex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void upperCaseHexIsRefused() {
        String hex = userToken(1).fingerprint().hex();

        assertThatThrownBy(() -> new TokenFingerprint(hex.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenFingerprint("A" + hex.substring(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyCharacterThatIsNotALowerCaseHexDigitIsRefusedAtEveryPosition() {
        String hex = userToken(2).fingerprint().hex();
        // Arabic-Indic and full-width digits count as digits to Character.digit; they do not here.
        String others = "gGzAF-+ x_\0\u0660\uFF10\uFF41é";

        for (int position = 0; position < 64; position++) {
            for (char other : others.toCharArray()) {
                String changed = hex.substring(0, position) + other + hex.substring(position + 1);

                assertThatThrownBy(() -> new TokenFingerprint(changed)).as("'%s' at %d", other, position)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("a fingerprint is 64 lower-case hexadecimal digits");
            }
        }
    }

    @Test
    void noHexIsRefused() {
        assertThatThrownBy(() -> new TokenFingerprint(null)).isInstanceOf(NullPointerException.class).hasMessage("hex is null");
    }
}
