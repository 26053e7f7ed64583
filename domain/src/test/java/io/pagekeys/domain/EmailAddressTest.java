package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice@example.com      | alice@example.com",
        "Alice@Example.COM      | alice@example.com",
        "'  bob@example.org  '  | bob@example.org",
        "first.last+tag@mail.example.co.uk | first.last+tag@mail.example.co.uk",
        "o'neil@x-y.example     | o'neil@x-y.example",
        "a@b.c                  | a@b.c"
    })
    void addressesAreKeptInLowerCase(String given, String kept) {
        assertThat(EmailAddress.of(given).value()).isEqualTo(kept);
        assertThat(EmailAddress.of(given).toString()).isEqualTo(kept);
    }

    @Test
    void oneAddressWhateverItsCase() {
        assertThat(EmailAddress.of("ALICE@EXAMPLE.COM")).isEqualTo(EmailAddress.of("alice@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "alice", "alice@", "@example.com", "alice@example", "alice@@example.com", "alice@bob@example.com",
        "al ice@example.com", "alice@exa mple.com", "alice@-example.com", "alice@example-.com", "alice@example..com",
        "alice@.example.com", "alice@example.com.", "alice@exam_ple.com", "alice@例え.jp", "ali\tce@example.com",
        "ali\u0000ce@example.com", "ali\u007Fce@example.com", "alice\r\nbcc@example.com", "<alice@example.com>"
    })
    void junkIsRefused(String value) {
        assertThatThrownBy(() -> EmailAddress.of(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("email"));
    }

    @Test
    void localPartIsAtMostSixtyFourCharacters() {
        assertThat(EmailAddress.of("a".repeat(64) + "@example.com").value()).hasSize(64 + 12);
        assertThatThrownBy(() -> EmailAddress.of("a".repeat(65) + "@example.com")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void addressIsAtMost254Characters() {
        String domain = ("a".repeat(60) + ".").repeat(3) + "example.com"; // 194
        String at254 = "b".repeat(254 - 1 - domain.length()) + "@" + domain;
        assertThat(at254).hasSize(254);

        assertThat(EmailAddress.of(at254).value()).isEqualTo(at254);
        assertThatThrownBy(() -> EmailAddress.of("b" + at254)).isInstanceOf(InvalidValueException.class);
    }
}
