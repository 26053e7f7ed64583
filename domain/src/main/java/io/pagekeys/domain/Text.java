package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

/** The one rule for free text fields of the model: stripped, not blank, bounded, no control characters. */
final class Text {

    private Text() {}

    /** A name or title: no control characters at all. */
    static String line(String field, String value, int maxLength) {
        return checked(field, value, maxLength, false);
    }

    /** A description: line breaks and tabs allowed, other control characters not. */
    static String paragraph(String field, String value, int maxLength) {
        return checked(field, value, maxLength, true);
    }

    private static String checked(String field, String value, int maxLength, boolean multiLine) {
        requireNonNull(value, field + " is null");
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new InvalidValueException(field, "must not be blank");
        }
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw new InvalidValueException(field, "must be at most " + maxLength + " characters long");
        }
        boolean forbidden = stripped.codePoints()
                .anyMatch(c -> Character.isISOControl(c) && !(multiLine && (c == '\n' || c == '\r' || c == '\t')));
        if (forbidden) {
            throw new InvalidValueException(field, "must not contain control characters");
        }
        return stripped;
    }
}
