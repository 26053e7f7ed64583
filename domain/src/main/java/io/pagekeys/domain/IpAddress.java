package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A client's IPv4 or IPv6 address. Parsing accepts literals only and never asks a name server. An
 * IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is the IPv4 address it carries.
 */
public record IpAddress(InetAddress address) {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public IpAddress {
        requireNonNull(address, "address is null");
    }

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @throws InvalidValueException when the text is not an address literal
     */
    public static IpAddress parse(String text) {
        requireNonNull(text, "address is null");
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        boolean looksLikeIpv4 = IPV4.matcher(literal).matches();
        boolean looksLikeIpv6 = literal.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(literal).matches();
        if (!looksLikeIpv4 && !looksLikeIpv6) {
            throw new InvalidValueException("allowed_ips", "'" + text + "' is not an IP address");
        }
        try {
            // A literal of these characters is parsed, not looked up.
            return new IpAddress(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            throw new InvalidValueException("allowed_ips", "'" + text + "' is not an IP address");
        }
    }

    static IpAddress fromBytes(byte[] bytes) {
        try {
            return new IpAddress(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    byte[] bytes() {
        return address.getAddress();
    }

    int bitLength() {
        return address instanceof Inet4Address ? 32 : 128;
    }

    @Override
    public String toString() {
        return address.getHostAddress();
    }
}
