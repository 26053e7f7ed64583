package io.pagekeys.domain;

import static io.pagekeys.domain.Fixtures.filled;
import static io.pagekeys.domain.Fixtures.organizationToken;
import static io.pagekeys.domain.Fixtures.secret;
import static io.pagekeys.domain.Fixtures.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TokenTest {

    /** Written out here rather than taken from the production code. */
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Characters a mistyped or tampered token might hold that are not base62 digits. */
    private static final String OTHER_CHARACTERS = "_-+/=.~ \t\n\0…éß\u00A0\u200B";

    static Stream<Token> someTokens() {
        return Stream.of(userToken(1), organizationToken(2), userToken(3),
                Token.generate(KeyKind.USER, filled(0)), Token.generate(KeyKind.ORGANIZATION, filled(0xFF)));
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void generatedTokenRoundTripsThroughItsText(KeyKind kind) {
        Token token = Token.generate(kind, secret(42));

        Token parsed = Token.parse(token.reveal()).orElseThrow();

        assertThat(parsed).isEqualTo(token);
        assertThat(parsed.kind()).isEqualTo(kind);
        assertThat(parsed.reveal()).isEqualTo(token.reveal());
        assertThat(parsed.fingerprint()).isEqualTo(token.fingerprint());
        assertThat(parsed.hashCode()).isEqualTo(token.hashCode());
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void tokenIsPrefixBodyAndChecksum(Token token) {
        String text = token.reveal();

        assertThat(text).hasSize(52).hasSize(Token.LENGTH);
        assertThat(text).startsWith(token.kind().prefix() + "_");
        assertThat(text.substring(3)).matches("[0-9A-Za-z]{49}");
        assertThat(text.substring(46)).isEqualTo(independentChecksum(text.substring(0, 46)));
    }

    @Test
    void prefixNamesTheKind() {
        assertThat(userToken(1).reveal()).startsWith("uk_");
        assertThat(organizationToken(1).reveal()).startsWith("ok_");
        assertThat(userToken(1).kind()).isEqualTo(KeyKind.USER);
        assertThat(organizationToken(1).kind()).isEqualTo(KeyKind.ORGANIZATION);
    }

    @Test
    void bodyIsTheSecretInBase62() {
        byte[] secret = secret(5);

        String body = userToken(5).reveal().substring(3, 46);

        assertThat(body).isEqualTo(independentBase62(new BigInteger(1, secret), 43));
    }

    @Test
    void allZeroSecretGivesABodyOfZeros() {
        Token token = Token.generate(KeyKind.USER, filled(0));

        assertThat(token.reveal().substring(3, 46)).isEqualTo("0".repeat(43));
        assertThat(Token.parse(token.reveal())).contains(token);
    }

    @Test
    void allOnesSecretFitsTheBody() {
        Token token = Token.generate(KeyKind.ORGANIZATION, filled(0xFF));
        BigInteger largest = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

        assertThat(token.reveal().substring(3, 46)).isEqualTo(independentBase62(largest, 43));
        assertThat(Token.parse(token.reveal())).contains(token);
    }

    @Test
    void bodyBeyondThirtyTwoBytesIsRefusedEvenWithAValidChecksum() {
        // 43 base62 digits hold a little more than 256 bits; a body above 2^256 - 1 came from no secret.
        String head = "uk_" + independentBase62(BigInteger.ONE.shiftLeft(256), 43);

        assertThat(Token.parse(head + independentChecksum(head))).isEmpty();
        assertThat(Token.parse("ok_" + "z".repeat(43) + independentChecksum("ok_" + "z".repeat(43)))).isEmpty();
    }

    @Test
    void theLimitTheParserComparesBodiesWithIsTwoToThe256() {
        assertThat(Token.BODY_LIMIT).isEqualTo(independentBase62(TWO_TO_THE_256, 43));
    }

    @Test
    void bodiesBelowTwoToThe256AreAcceptedAndFromItOnRefused() {
        for (long offset : new long[] {-62, -2, -1}) {
            String text = withChecksum("uk_" + independentBase62(TWO_TO_THE_256.add(BigInteger.valueOf(offset)), 43));
            assertThat(Token.parse(text)).as("2^256 %d", offset).map(Token::reveal).contains(text);
        }
        for (long offset : new long[] {0, 1, 2, 61, 62}) {
            String text = withChecksum("ok_" + independentBase62(TWO_TO_THE_256.add(BigInteger.valueOf(offset)), 43));
            assertThat(Token.parse(text)).as("2^256 + %d", offset).isEmpty();
        }
    }

    @Test
    void aBodyThatSpellsTheLimitUpToADigitIsJudgedByThatDigit() {
        // The parser compares characters, not numbers: every digit at every place where a body can first
        // part from the spelling of 2^256, followed by the least and by the greatest rest.
        int accepted = 0;
        int refused = 0;
        for (int position = 0; position < 43; position++) {
            for (char digit : BASE62.toCharArray()) {
                for (char rest : new char[] {'0', 'z'}) {
                    String body = Token.BODY_LIMIT.substring(0, position) + digit + String.valueOf(rest).repeat(42 - position);
                    String text = withChecksum("uk_" + body);
                    boolean belowTheLimit = independentValue(body).compareTo(TWO_TO_THE_256) < 0;

                    assertThat(Token.parse(text).isPresent()).as(body).isEqualTo(belowTheLimit);
                    if (belowTheLimit) {
                        accepted++;
                    } else {
                        refused++;
                    }
                }
            }
        }
        assertThat(accepted).isGreaterThan(1000);
        assertThat(refused).isGreaterThan(1000);
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void everyWrongChecksumCharacterAtEveryChecksumPositionIsRefused(Token token) {
        String text = token.reveal();
        int tried = 0;

        for (int position = 46; position < 52; position++) {
            for (char replacement : BASE62.toCharArray()) {
                if (replacement != text.charAt(position)) {
                    String changed = text.substring(0, position) + replacement + text.substring(position + 1);
                    assertThat(Token.parse(changed)).as("checksum changed at %d to '%s'", position, replacement).isEmpty();
                    tried++;
                }
            }
        }
        assertThat(tried).isEqualTo(6 * 61);
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void everyOtherCharacterAtEveryPositionIsRefused(KeyKind kind) {
        // Every char, not only ASCII: one whose low byte is a digit or the underscore (U+0130, U+015F) must
        // not pass for it.
        char[] text = Token.generate(kind, secret(kind.ordinal())).reveal().toCharArray();
        int tried = 0;

        for (int position = 0; position < text.length; position++) {
            char original = text[position];
            for (int replacement = Character.MIN_VALUE; replacement <= Character.MAX_VALUE; replacement++) {
                if (replacement != original) {
                    text[position] = (char) replacement;
                    if (Token.parse(new String(text)).isPresent()) {
                        throw new AssertionError("accepted with U+%04X at %d".formatted(replacement, position));
                    }
                    tried++;
                }
            }
            text[position] = original;
        }
        assertThat(tried).isEqualTo(52 * 65535);
        assertThat(Token.parse(new String(text))).isPresent();
    }

    @Test
    void secretMustBeThirtyTwoBytes() {
        assertThatThrownBy(() -> Token.generate(KeyKind.USER, new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Token.generate(KeyKind.USER, new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void checksumCatchesEverySingleCharacterChange(Token token) {
        String text = token.reveal();
        String candidates = BASE62 + OTHER_CHARACTERS + "uokUOK";
        int tried = 0;

        for (int position = 0; position < text.length(); position++) {
            for (char replacement : candidates.toCharArray()) {
                if (replacement == text.charAt(position)) {
                    continue;
                }
                String changed = text.substring(0, position) + replacement + text.substring(position + 1);
                assertThat(Token.parse(changed)).as("%s changed at %d to '%s'", token, position, replacement).isEmpty();
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(52 * 70);
    }

    /**
     * A character that is not ASCII but whose low byte, or whose low seven bits, are those of the
     * character it replaces (U+0175 for {@code u}, U+00E1 for {@code a}): read as bytes, such a text could
     * pass for the token itself. Each is refused, at every position.
     */
    @ParameterizedTest
    @MethodSource("someTokens")
    void aCharacterThatOnlyLooksLikeTheOneItReplacesInItsLowBitsIsRefused(Token token) {
        String text = token.reveal();

        for (int position = 0; position < text.length(); position++) {
            char original = text.charAt(position);
            for (int high : new int[] {0x80, 0x100, 0x1000, 0xFF00}) {
                char lookalike = (char) (original | high);
                String changed = text.substring(0, position) + lookalike + text.substring(position + 1);
                assertThat(Token.parse(changed)).as("%s with U+%04X at %d", token, (int) lookalike, position).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void checksumCatchesSwappedNeighboursAndLostOrExtraCharacters(Token token) {
        String text = token.reveal();

        for (int position = 0; position + 1 < 46; position++) {
            if (text.charAt(position) != text.charAt(position + 1)) {
                String swapped = text.substring(0, position) + text.charAt(position + 1) + text.charAt(position)
                        + text.substring(position + 2);
                assertThat(Token.parse(swapped)).as("swapped at %d", position).isEmpty();
            }
        }
        for (int position = 0; position < text.length(); position++) {
            String shorter = text.substring(0, position) + text.substring(position + 1);
            String longer = text.substring(0, position) + "0" + text.substring(position);
            assertThat(Token.parse(shorter)).as("without %d", position).isEmpty();
            assertThat(Token.parse(longer)).as("with 0 at %d", position).isEmpty();
        }
    }

    @Test
    void tokenOfOneKindDoesNotPassAsTheOther() {
        String text = userToken(1).reveal();

        assertThat(Token.parse("ok" + text.substring(2))).isEmpty();
    }

    @Test
    void surroundingTextIsNotPartOfAToken() {
        String text = userToken(1).reveal();

        assertThat(Token.parse(" " + text)).isEmpty();
        assertThat(Token.parse(text + "\n")).isEmpty();
        assertThat(Token.parse("Bearer " + text)).isEmpty();
        assertThat(Token.parse(text.toUpperCase())).isEmpty();
        assertThat(Token.parse(null)).isEmpty();
        assertThat(Token.parse("")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void fingerprintIsTheSha256OfTheWholeToken(Token token) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.reveal().getBytes(StandardCharsets.UTF_8));

        assertThat(token.fingerprint().hex()).isEqualTo(HexFormat.of().formatHex(digest)).hasSize(64);
    }

    @Test
    void fingerprintIsStable() {
        Token token = userToken(8);

        assertThat(token.fingerprint()).isEqualTo(token.fingerprint());
        assertThat(userToken(8).fingerprint()).isEqualTo(token.fingerprint());
        assertThat(Token.parse(token.reveal()).orElseThrow().fingerprint()).isEqualTo(token.fingerprint());
    }

    @Test
    void differentTokensHaveDifferentFingerprints() {
        Set<TokenFingerprint> fingerprints = new HashSet<>();
        IntStream.range(0, 200).forEach(seed -> {
            fingerprints.add(userToken(seed).fingerprint());
            fingerprints.add(organizationToken(seed).fingerprint());
        });

        // the same secret under the other prefix is another token, with another fingerprint
        assertThat(fingerprints).hasSize(400);
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void hintShowsPrefixFourBodyCharactersAndTheLastFour(Token token) {
        String text = token.reveal();

        String expected = text.substring(0, 3) + text.substring(3, 7) + "…" + text.substring(48, 52);

        assertThat(token.hint()).isEqualTo(expected).hasSize(12).startsWith(token.kind().prefix() + "_");
    }

    @ParameterizedTest
    @MethodSource("someTokens")
    void toStringNeverShowsTheSecret(Token token) {
        String text = token.reveal();
        String shown = token.toString();

        assertThat(shown).doesNotContain(text);
        assertThat(shown).contains(token.hint());
        // no run of 8 consecutive characters of the body appears
        for (int start = 3; start + 8 <= 46; start++) {
            assertThat(shown).doesNotContain(text.substring(start, start + 8));
        }
    }

    @Test
    void tokensOfTheSameTextAreEqual() {
        assertThat(userToken(4)).isEqualTo(userToken(4)).isNotEqualTo(userToken(5)).isNotEqualTo(organizationToken(4));
        assertThat(List.of(userToken(4))).contains(Token.parse(userToken(4).reveal()).orElseThrow());
    }

    static final BigInteger TWO_TO_THE_256 = BigInteger.ONE.shiftLeft(256);

    static String withChecksum(String head) {
        return head + independentChecksum(head);
    }

    static BigInteger independentValue(String base62) {
        BigInteger value = BigInteger.ZERO;
        for (char digit : base62.toCharArray()) {
            value = value.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(BASE62.indexOf(digit)));
        }
        return value;
    }

    /** CRC32 of the ASCII of {@code head}, in base62, left-padded to 6: DESIGN.md's checksum, restated. */
    static String independentChecksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.US_ASCII));
        return independentBase62(BigInteger.valueOf(crc.getValue()), 6);
    }

    static String independentBase62(BigInteger value, int width) {
        StringBuilder digits = new StringBuilder();
        BigInteger rest = value;
        BigInteger base = BigInteger.valueOf(62);
        while (rest.signum() > 0) {
            digits.insert(0, BASE62.charAt(rest.mod(base).intValue()));
            rest = rest.divide(base);
        }
        while (digits.length() < width) {
            digits.insert(0, '0');
        }
        return digits.toString();
    }
}
