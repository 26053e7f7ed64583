package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyNameTest {

    @Test
    void namesOfOneToOneHundredCharactersAreKept() {
        assertThat(KeyName.of("x").value()).isEqualTo("x");
        assertThat(KeyName.of("n".repeat(100)).value()).hasSize(100);
        assertThat(KeyName.of("Deploy bot — CI (prod)").value()).isEqualTo("Deploy bot — CI (prod)");
    }

    @Test
    void namesLongerThanOneHundredCharactersAreRefused() {
        assertThatThrownBy(() -> KeyName.of("n".repeat(101)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String hundredEmoji = "🔑".repeat(100);

        assertThat(KeyName.of(hundredEmoji).value()).isEqualTo(hundredEmoji);
        assertThatThrownBy(() -> KeyName.of(hundredEmoji + "🔑")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void surroundingBlanksAreStripped() {
        assertThat(KeyName.of("  ci key \t").value()).isEqualTo("ci key");
        assertThat(KeyName.of(" " + "n".repeat(100) + " ").value()).hasSize(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n", "\u2003"})
    void blankNamesAreRefused(String value) {
        assertThatThrownBy(() -> KeyName.of(value)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\tb", "a\rb", "a\u0000b", "a\u0007b", "a\u001Bb", "a\u007Fb", "a\u0085b"})
    void controlCharactersAreRefused(String value) {
        assertThatThrownBy(() -> KeyName.of(value))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("control characters");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> KeyName.of(null)).isInstanceOf(NullPointerException.class);
    }
}
