package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
