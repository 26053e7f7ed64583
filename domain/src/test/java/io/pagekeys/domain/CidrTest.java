package io.pagekeys.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static boolean contains(String block, String address) {
        return Cidr.parse(block).contains(IpAddress.parse(address));
    }

    private static boolean within(String block, String other) {
        return Cidr.parse(block).within(Cidr.parse(other));
    }

    @Test
    void aBlockIsWithinTheBlocksThatHoldAllOfItsAddresses() {
        assertThat(within("10.1.0.0/16", "10.0.0.0/8")).isTrue();
        assertThat(within("10.0.0.0/8", "10.0.0.0/8")).isTrue();
        assertThat(within("10.255.255.255", "10.0.0.0/8")).isTrue();
        assertThat(within("203.0.113.128/25", "203.0.113.0/24")).isTrue();
        assertThat(within("203.0.113.7", "0.0.0.0/0")).isTrue();
        assertThat(within("2001:db8:1::/48", "2001:db8::/32")).isTrue();
        assertThat(within("2001:db8::1", "2001:db8::1")).isTrue();
        assertThat(within("2001:db8::/32", "::/0")).isTrue();
    }

    @Test
    void aWiderOrElsewhereBlockIsNotWithin() {
        assertThat(within("10.0.0.0/8", "10.1.0.0/16")).isFalse();
        assertThat(within("10.0.0.0/7", "10.0.0.0/8")).isFalse();
        assertThat(within("11.0.0.0/8", "10.0.0.0/8")).isFalse();
        assertThat(within("203.0.113.0/24", "203.0.113.128/25")).isFalse();
        assertThat(within("203.0.112.0/24", "203.0.113.0/24")).isFalse();
        assertThat(within("0.0.0.0/0", "203.0.113.7")).isFalse();
        assertThat(within("2001:db9::/48", "2001:db8::/32")).isFalse();
    }

    @Test
    void aBlockOfTheOtherFamilyIsNeverWithin() {
        assertThat(within("::/0", "0.0.0.0/0")).isFalse();
        assertThat(within("0.0.0.0/0", "::/0")).isFalse();
        assertThat(within("203.0.113.7", "::/0")).isFalse();
        assertThat(within("::ffff:203.0.113.7", "::/0")).as("an IPv4-mapped address is IPv4").isFalse();
        assertThat(within("::ffff:203.0.113.7", "203.0.113.0/24")).isTrue();
    }

    @Test
    void ipv4BlockContainsExactlyItsAddresses() {
        assertThat(contains("203.0.113.0/24", "203.0.113.0")).isTrue();
        assertThat(contains("203.0.113.0/24", "203.0.113.200")).isTrue();
        assertThat(contains("203.0.113.0/24", "203.0.113.255")).isTrue();
        assertThat(contains("203.0.113.0/24", "203.0.112.255")).isFalse();
        assertThat(contains("203.0.113.0/24", "203.0.114.0")).isFalse();
        assertThat(contains("10.0.0.0/8", "10.255.255.255")).isTrue();
        assertThat(contains("10.0.0.0/8", "11.0.0.0")).isFalse();
        assertThat(contains("192.168.0.0/23", "192.168.1.9")).isTrue();
        assertThat(contains("192.168.0.0/23", "192.168.2.9")).isFalse();
        assertThat(contains("198.51.100.128/25", "198.51.100.127")).isFalse();
        assertThat(contains("198.51.100.128/25", "198.51.100.128")).isTrue();
    }

    @Test
    void ipv6BlockContainsExactlyItsAddresses() {
        assertThat(contains("2001:db8::/32", "2001:db8::1")).isTrue();
        assertThat(contains("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains("2001:db8::/32", "2001:db9::")).isFalse();
        assertThat(contains("2001:db8::/32", "2001:db7:ffff::")).isFalse();
        assertThat(contains("2001:db8:0:8000::/49", "2001:db8:0:8000::1")).isTrue();
        assertThat(contains("2001:db8:0:8000::/49", "2001:db8:0:7fff::1")).isFalse();
        assertThat(contains("2001:DB8::/32", "2001:db8::abcd")).isTrue();
    }

    @Test
    void addressOfTheOtherFamilyIsNeverInside() {
        assertThat(contains("0.0.0.0/0", "::")).isFalse();
        assertThat(contains("0.0.0.0/0", "2001:db8::1")).isFalse();
        assertThat(contains("::/0", "0.0.0.0")).isFalse();
        assertThat(contains("::/0", "203.0.113.1")).isFalse();
        assertThat(contains("::/96", "0.0.0.1")).isFalse();
    }

    @Test
    void zeroPrefixContainsTheWholeFamily() {
        assertThat(contains("0.0.0.0/0", "0.0.0.0")).isTrue();
        assertThat(contains("0.0.0.0/0", "255.255.255.255")).isTrue();
        assertThat(contains("::/0", "::")).isTrue();
        assertThat(contains("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    }

    @Test
    void bareAddressIsABlockOfOne() {
        Cidr ipv4 = Cidr.parse("198.51.100.7");
        Cidr ipv6 = Cidr.parse("2001:db8::7");

        assertThat(ipv4).isEqualTo(Cidr.parse("198.51.100.7/32"));
        assertThat(ipv4.prefixLength()).isEqualTo(32);
        assertThat(ipv4.toString()).isEqualTo("198.51.100.7/32");
        assertThat(ipv6).isEqualTo(Cidr.parse("2001:db8::7/128"));
        assertThat(ipv6.prefixLength()).isEqualTo(128);
        assertThat(contains("198.51.100.7", "198.51.100.7")).isTrue();
        assertThat(contains("198.51.100.7", "198.51.100.6")).isFalse();
        assertThat(contains("198.51.100.7", "198.51.100.8")).isFalse();
        assertThat(contains("2001:db8::7", "2001:db8::7")).isTrue();
        assertThat(contains("2001:db8::7", "2001:db8::6")).isFalse();
    }

    @Test
    void surroundingBlanksAndBracketsAreAccepted() {
        assertThat(Cidr.parse(" 10.0.0.0/8 ")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("[2001:db8::]/32")).isEqualTo(Cidr.parse("2001:db8::/32"));
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0/0, 0", "10.0.0.0/8, 8", "203.0.113.0/24, 24", "198.51.100.7/32, 32", "::/0, 0",
        "2001:db8::/32, 32", "2001:db8::1/128, 128"})
    void prefixLengthsFromZeroToTheAddressWidthAreAccepted(String text, int prefix) {
        assertThat(Cidr.parse(text).prefixLength()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/64", "10.0.0.0/128", "::/129", "::/200", "10.0.0.0/-1", "10.0.0.0/",
        "10.0.0.0/a", "10.0.0.0/8/8", "10.0.0.0/+8", "10.0.0.0/ 8", "10.0.0.0/1000", "/8", "::/-0"})
    void prefixLengthsOutOfRangeOrUnreadableAreRefused(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("allowed_ips"));
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1/8, 10.0.0.0/8",
        "192.168.1.77/24, 192.168.1.0/24",
        "198.51.100.129/25, 198.51.100.128/25",
        "0.0.0.1/0, 0.0.0.0/0",
        "2001:db8::1/32, 2001:db8::/32",
        "2001:db8:0:ffff::/49, 2001:db8:0:8000::/49"
    })
    void hostBitsBeyondThePrefixAreRefusedNamingTheBlock(String text, String block) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("host bits")
                .hasMessageEndingWith("the block starts at " + block);
    }

    @Test
    void theTestJvmResolvesNamesFromItsOwnHostsFile() throws Exception {
        // The surefire argLine points the JVM at src/test/resources/hosts. Without it, a refused host name
        // below might only be refused because its lookup failed.
        assertThat(InetAddress.getByName("example.com").getHostAddress()).isEqualTo("192.0.2.7");
        assertThat(InetAddress.getByName(".::1").getHostAddress()).isEqualTo("192.0.2.8");
        assertThat(InetAddress.getByName("localhost").getHostAddress()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "localhost/32", "example.com/24", "LOCALHOST", ".::1", "[.::1]",
        ".::1/128", "[example.com]"})
    void hostNamesAreRefusedWithoutBeingLookedUp(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("allowed_ips"));
        assertThatThrownBy(() -> IpAddress.parse(text.replaceAll("/\\d+$", ""))).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.-4", "0x7f.0.0.1",
        "2130706433", "1::2::3", "12345::", "2001:db8::g", ":", "fe80::1%eth0", "1.2.3.4:80", "::ffff:999.0.0.1", "*",
        "10.0.0.0-10.0.0.255"})
    void textsThatAreNoAddressLiteralAreRefused(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void ipv4MappedIpv6AddressIsTheIpv4AddressItCarries() {
        assertThat(IpAddress.parse("::ffff:192.0.2.1")).isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(contains("192.0.2.0/24", "::ffff:192.0.2.1")).isTrue();
    }

    @Test
    void addressesPrintInTheirUsualForm() {
        assertThat(IpAddress.parse("203.0.113.9").toString()).isEqualTo("203.0.113.9");
        assertThat(Cidr.parse("10.0.0.0/8").toString()).isEqualTo("10.0.0.0/8");
    }
}
