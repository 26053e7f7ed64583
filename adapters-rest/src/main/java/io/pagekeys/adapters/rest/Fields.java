package io.pagekeys.adapters.rest;

import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks of request fields that the JSON reader cannot make: presence, and values named in the model;
 * and what each field expects, which is all that a refusal of its value says.
 */
final class Fields {

    private static final String SUBDOMAIN = "2 to 63 lower-case letters, digits and hyphens, neither first nor last a hyphen";

    /**
     * What a valid value of each field is, by the last name of its path ({@code description} for
     * {@code updates[0].description}). A refusal says this, never the value refused: a value may be
     * anything a client pasted, a secret included.
     */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("name", "must be 1 to " + Math.max(KeyName.MAX_LENGTH, StatusPage.MAX_NAME_LENGTH)
                    + " characters on one line, not blank"),
            Map.entry("title", "must be 1 to " + Incident.MAX_TITLE_LENGTH + " characters on one line, not blank"),
            Map.entry("description", "must be 1 to " + IncidentUpdate.MAX_DESCRIPTION_LENGTH
                    + " characters, not blank, without control characters but line breaks and tabs"),
            Map.entry("type", "must be major, minor or scheduled"),
            Map.entry("update_type", "must be investigating, identified, monitoring, update or resolved"),
            Map.entry("status", "must be open or resolved"),
            Map.entry("subdomain", "must be " + SUBDOMAIN + ", and cannot change once created"),
            Map.entry("status_page", "must be the subdomain of a status page: " + SUBDOMAIN),
            Map.entry("status_pages", "must name at least one status page of the organization, by subdomain ("
                    + SUBDOMAIN + "); leave it out for all pages"),
            Map.entry("email", "must be an e-mail address"),
            Map.entry("role", "must be one of " + codes(Role.values(), role -> role.code())
                    + "; billing only at organization level"),
            Map.entry("scope", "must be read_only, read_write, full, or an array of at least one permission of "
                    + codes(Permission.values(), Permission::code)),
            Map.entry("permission", "must be one of " + codes(Permission.values(), Permission::code)
                    + ", asked of a status_page when page-scoped and of an organization_id otherwise"),
            Map.entry("allowed_ips", "must hold IPv4 or IPv6 addresses or CIDR blocks without host bits, such as"
                    + " 203.0.113.7 or 10.0.0.0/8"),
            Map.entry("client_ip", "must be an IPv4 or IPv6 address"),
            Map.entry("expires_at", "must be an ISO-8601 date and time with an offset, such as 2030-01-01T00:00:00Z,"
                    + " in the future and before the year 10000"),
            Map.entry("grace_period_seconds", "must be a whole number of seconds from 0 to "
                    + GracePeriod.MAXIMUM.toSeconds()),
            Map.entry("organization_id", "must be a positive integer"));

    private Fields() {}

    /** {@code value}, which the request must have. */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw HttpProblem.unprocessable("missing_field", field, field + " is required");
        }
        return value;
    }

    /**
     * {@code parse} applied to {@code value}; an invalid value is reported on {@code field}, whatever name
     * the model gives it (a subdomain in a key's {@code status_pages}, an address in {@code client_ip}).
     */
    static <T> T parsed(String value, String field, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (InvalidValueException e) {
            throw invalid(field, "refused by the model as " + e.field());
        }
    }

    /** Every element of a list parsed; a null element is the wrong type. */
    static <T> List<T> each(List<String> values, String field, Function<String, T> parse) {
        return values.stream().map(value -> {
            if (value == null) {
                throw HttpProblem.unprocessable("wrong_type", field, field + " must hold strings only");
            }
            return parsed(value, field, parse);
        }).toList();
    }

    static InvalidValueException invalid(String field, String message) {
        return new InvalidValueException(field, message);
    }

    /**
     * What the refusal of {@code field}'s value says: the field and what it expects, without the value.
     * {@code field} is a path such as {@code updates[0].type}.
     */
    static String expectation(String field) {
        String last = field.substring(field.lastIndexOf('.') + 1).replaceAll("\\[\\d+]", "");
        // An update's type is not an incident's.
        String key = last.equals("type") && field.contains(".") ? "update_type" : last;
        return field + " " + EXPECTED.getOrDefault(key, "has a value that is not accepted");
    }

    private static <E> String codes(E[] values, Function<E, String> code) {
        return Arrays.stream(values).map(code).collect(Collectors.joining(", "));
    }
}
