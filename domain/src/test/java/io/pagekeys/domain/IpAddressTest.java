package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "2001:db8:0:0:0:0:0:0, 2001:db8::",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "fe80:0:0:0:abcd:0:0:0, fe80::abcd:0:0:0",
        "::ffff:192.0.2.1, 192.0.2.1"
    })
    void addressesPrintInTheirShortForm(String literal, String expected) {
        IpAddress address = IpAddress.parse(literal);

        assertThat(address).hasToString(expected);
        assertThat(IpAddress.parse(address.toString())).isEqualTo(address);
    }
}
