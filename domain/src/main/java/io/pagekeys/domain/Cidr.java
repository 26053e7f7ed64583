package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A block of client addresses, IPv4 or IPv6, such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}.
 * A bare address stands for itself ({@code /32} or {@code /128}). Host bits beyond the prefix must be
 * zero, so that what is stored is what was meant.
 */
public record Cidr(IpAddress network, int prefixLength) {

    public Cidr {
        requireNonNull(network, "network is null");
        int bits = network.bitLength();
        if (prefixLength < 0 || prefixLength > bits) {
            throw new InvalidValueException("allowed_ips", "prefix length must be between 0 and " + bits);
        }
        byte[] address = network.bytes();
        if (!Arrays.equals(address, masked(address, prefixLength))) {
            throw new InvalidValueException(
                    "allowed_ips",
                    "host bits are set beyond /" + prefixLength + "; the block starts at "
                            + IpAddress.fromBytes(masked(address, prefixLength)) + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code address} or {@code address/prefix}. Never resolves names: anything but an IPv4 or
     * IPv6 literal is refused.
     *
     * @throws InvalidValueException when the text is not a CIDR block
     */
    public static Cidr parse(String text) {
        requireNonNull(text, "cidr is null");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            IpAddress address = IpAddress.parse(trimmed);
            return new Cidr(address, address.bitLength());
        }
        IpAddress network = IpAddress.parse(trimmed.substring(0, slash));
        String prefix = trimmed.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("allowed_ips", "'" + text + "' has no valid prefix length");
        }
        return new Cidr(network, Integer.parseInt(prefix));
    }

    /** Whether {@code address} lies in this block; an address of the other family never does. */
    public boolean contains(IpAddress address) {
        requireNonNull(address, "address is null");
        if (address.bitLength() != network.bitLength()) {
            return false;
        }
        return Arrays.equals(masked(address.bytes(), prefixLength), network.bytes());
    }

    /**
     * Whether every address of this block lies in {@code block}: the same family, a prefix at least as
     * long, and the same leading bits. A block is within itself; a block of the other family never is.
     */
    public boolean within(Cidr block) {
        requireNonNull(block, "block is null");
        return network.bitLength() == block.network.bitLength()
                && prefixLength >= block.prefixLength
                && Arrays.equals(masked(network.bytes(), block.prefixLength), block.network.bytes());
    }

    private static byte[] masked(byte[] address, int prefixLength) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
            result[i] = (byte) (result[i] & (0xFF << (8 - bitsHere)));
        }
        return result;
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
