package io.pagekeys.domain;

import java.util.Locale;
import java.util.Optional;

/** The two kinds of key, and the token prefix that tells them apart at a glance. */
public enum KeyKind {
    /** Acts for one person, never beyond that person's current role. */
    USER("uk"),
    /** Acts as the organization itself, for automated integrations. */
    ORGANIZATION("ok");

    private final String prefix;

    KeyKind(String prefix) {
        this.prefix = prefix;
    }

    /** The two letters a token of this kind starts with, without the underscore. */
    public String prefix() {
        return prefix;
    }

    /** The lower-case wire name: {@code user} or {@code organization}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyKind> fromPrefix(String prefix) {
        for (KeyKind kind : values()) {
            if (kind.prefix.equals(prefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    public static Optional<KeyKind> fromCode(String code) {
        for (KeyKind kind : values()) {
            if (kind.code().equals(code)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
