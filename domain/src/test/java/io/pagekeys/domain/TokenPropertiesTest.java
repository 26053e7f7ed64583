package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

class TokenPropertiesTest {

    @Property(tries = 2000)
    void anyStringParsesToNothingWithoutThrowing(@ForAll String text) {
        assertThat(Token.parse(text)).isEmpty();
    }

    @Property(tries = 2000)
    void randomStringsOfTokenLengthWithAPrefixParseToNothing(@ForAll("tokenLengthStrings") String text) {
        assertThat(text).hasSize(Token.LENGTH);

        assertThat(Token.parse(text)).isEmpty();
    }

    @Property(tries = 2000)
    void randomBase62StringsOfTokenShapeParseToNothing(@ForAll("tokenShapedStrings") String text) {
        assertThat(text).matches("(uk|ok)_[0-9A-Za-z]{49}");

        // a random checksum matches about once in 4 * 10^9 tries
        assertThat(Token.parse(text)).isEmpty();
    }

    @Property(tries = 1000)
    void everyThirtyTwoByteSecretRoundTrips(@ForAll @Size(32) byte[] secret, @ForAll KeyKind kind) {
        Token token = Token.generate(kind, secret);

        Optional<Token> parsed = Token.parse(token.reveal());

        assertThat(parsed).contains(token);
        assertThat(parsed.orElseThrow().kind()).isEqualTo(kind);
        assertThat(token.reveal()).hasSize(Token.LENGTH).startsWith(kind.prefix() + "_");
        assertThat(token.reveal().substring(46)).isEqualTo(TokenTest.independentChecksum(token.reveal().substring(0, 46)));
    }

    @Property(tries = 2000)
    void aGeneratedTokenWithOneCharacterReplacedParsesToNothing(
            @ForAll @Size(32) byte[] secret,
            @ForAll KeyKind kind,
            @ForAll("positions") int position,
            @ForAll("anyCharacter") char replacement) {
        String text = Token.generate(kind, secret).reveal();
        Assume.that(text.charAt(position) != replacement);
        String changed = text.substring(0, position) + replacement + text.substring(position + 1);

        assertThat(Token.parse(changed)).isEmpty();
    }

    @Property(tries = 5000)
    void theParserAgreesWithAReferenceThatSpellsTheRulesOut(@ForAll("nearlyTokens") String text) {
        Optional<KeyKind> expected = referenceParse(text);

        Optional<Token> parsed = Token.parse(text);

        assertThat(parsed.map(Token::kind)).isEqualTo(expected);
        parsed.ifPresent(token -> assertThat(token.reveal()).isEqualTo(text));
        Statistics.label("outcome").collect(expected.isPresent() ? "accepted" : refusalOf(text));
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p > 15);
            coverage.check("body of 2^256 or more").percentage(p -> p > 5);
            coverage.check("checksum does not match").percentage(p -> p > 8);
            coverage.check("not shaped like a token").percentage(p -> p > 5);
        });
    }

    /** The rules of DESIGN.md, spelled out with a regular expression and BigInteger. */
    private static Optional<KeyKind> referenceParse(String text) {
        if (!text.matches("(uk|ok)_[0-9A-Za-z]{49}")) {
            return Optional.empty();
        }
        if (!TokenTest.independentChecksum(text.substring(0, 46)).equals(text.substring(46))) {
            return Optional.empty();
        }
        if (TokenTest.independentValue(text.substring(3, 46)).compareTo(TokenTest.TWO_TO_THE_256) >= 0) {
            return Optional.empty();
        }
        return Optional.of(text.startsWith("uk") ? KeyKind.USER : KeyKind.ORGANIZATION);
    }

    private static String refusalOf(String text) {
        if (!text.matches("(uk|ok)_[0-9A-Za-z]{49}")) {
            return "not shaped like a token";
        }
        if (!TokenTest.independentChecksum(text.substring(0, 46)).equals(text.substring(46))) {
            return "checksum does not match";
        }
        return "body of 2^256 or more";
    }

    /**
     * Texts near a token: mostly the right shape, bodies spread over all 43-digit numbers and crowded
     * around 2^256, checksums mostly right, and now and then one character of any kind out of place.
     */
    @Provide
    Arbitrary<String> nearlyTokens() {
        Arbitrary<String> prefix = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of("uk", "ok")),
                Tuple.of(1, Arbitraries.strings().withChars("uokUOK_z\u0175").ofLength(2)));
        Arbitrary<String> separator = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("_")),
                Tuple.of(1, Arbitraries.chars().all().map(String::valueOf)));
        BigInteger largestBody = BigInteger.valueOf(62).pow(43).subtract(BigInteger.ONE);
        BigInteger near = BigInteger.ONE.shiftLeft(64);
        Arbitrary<String> body = Arbitraries.oneOf(
                        Arbitraries.bigIntegers().between(BigInteger.ZERO, largestBody),
                        Arbitraries.bigIntegers().between(TokenTest.TWO_TO_THE_256.subtract(near), TokenTest.TWO_TO_THE_256.add(near))
                                .withDistribution(RandomDistribution.uniform()))
                .map(value -> TokenTest.independentBase62(value, 43));
        Arbitrary<String> head = Combinators.combine(prefix, separator, body).as((p, s, b) -> p + s + b);
        Arbitrary<String> text = head.flatMap(h -> Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(TokenTest.independentChecksum(h))),
                Tuple.of(2, Arbitraries.strings().withChars(TokenTest.BASE62.toCharArray()).ofLength(6)))
                .map(checksum -> h + checksum));
        return Arbitraries.frequencyOf(
                Tuple.of(8, text),
                Tuple.of(1, Combinators.combine(text, positions(), Arbitraries.chars().all())
                        .as((t, position, c) -> t.substring(0, position) + c + t.substring(position + 1))));
    }

    @Provide
    Arbitrary<String> tokenLengthStrings() {
        Arbitrary<String> prefix = Arbitraries.of("uk_", "ok_");
        Arbitrary<String> rest = Arbitraries.strings().all().ofLength(Token.LENGTH - 3);
        return Combinators.combine(prefix, rest).as(String::concat);
    }

    @Provide
    Arbitrary<String> tokenShapedStrings() {
        Arbitrary<String> prefix = Arbitraries.of("uk_", "ok_");
        Arbitrary<String> rest = Arbitraries.strings().withChars(TokenTest.BASE62.toCharArray()).ofLength(Token.LENGTH - 3);
        return Combinators.combine(prefix, rest).as(String::concat);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, Token.LENGTH - 1);
    }

    @Provide
    Arbitrary<Character> anyCharacter() {
        return Arbitraries.oneOf(Arbitraries.chars().with(TokenTest.BASE62.toCharArray()), Arbitraries.chars().all());
    }
}
