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
    // InetAddress parses a text as a literal only when it starts with a hex digit or a colon; anything
    // else (".::1") it would hand to the name service.
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

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

    /** The address in its usual short form: dotted quad, or IPv6 with the longest run of zero groups as {@code ::}. */
    @Override
    public String toString() {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
