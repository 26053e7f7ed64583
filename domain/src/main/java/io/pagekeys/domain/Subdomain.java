package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The globally unique name of a status page: 2 to 63 lower-case letters, digits and hyphens, neither
 * starting nor ending with a hyphen (a DNS label).
 */
public record Subdomain(String value) implements Comparable<Subdomain> {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    public Subdomain {
        requireNonNull(value, "subdomain is null");
        if (value.length() < 2 || value.length() > 63) {
            throw new InvalidValueException("subdomain", "must be 2 to 63 characters long");
        }
        if (!LABEL.matcher(value).matches()) {
            throw new InvalidValueException(
                    "subdomain",
                    "must consist of lower-case letters, digits and hyphens, and must not start or end with a hyphen");
        }
    }

    public static Subdomain of(String value) {
        return new Subdomain(value);
    }

    @Override
    public int compareTo(Subdomain other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
