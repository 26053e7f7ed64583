package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubdomainTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "ab", "a1", "00", "status", "my-status", "a--b", "x9-y8-z7",
        "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0" // 63
    })
    void dnsLabelsOfLowerCaseLettersDigitsAndHyphensAreSubdomains(String value) {
        assertThat(Subdomain.of(value).value()).isEqualTo(value);
        assertThat(Subdomain.of(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "-",
        "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01" // 64
    })
    void subdomainsOutsideTwoToSixtyThreeCharactersAreRefused(String value) {
        assertThatThrownBy(() -> Subdomain.of(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("subdomain");
                    assertThat(e.code()).isEqualTo("invalid_value");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-ab", "ab-", "-ab-", "Status", "STATUS", "staTus", "my_status", "my.status", "my status", " ab", "ab ",
        "ab\n", "stätus", "straße", "ñandu", "\u0441tatus" /* Cyrillic es */, "ab\u200B", "ab/cd", "ab:80", "@b"
    })
    void subdomainsWithOtherCharactersOrEdgeHyphensAreRefused(String value) {
        assertThatThrownBy(() -> Subdomain.of(value)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "a1"})
    void subdomainsAreEqualByValue(String value) {
        assertThat(Subdomain.of(value)).isEqualTo(Subdomain.of(value)).hasSameHashCodeAs(Subdomain.of(value));
        assertThat(Subdomain.of(value)).isNotEqualTo(Subdomain.of(value + "x"));
    }
}
