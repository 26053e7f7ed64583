package io.pagekeys.domain;

import java.util.Locale;

/** Where a key is in its life at a given instant. */
public enum KeyState {
    ACTIVE,
    /** Replaced by rotation: usable until its grace deadline, dead after it. */
    ROTATED,
    REVOKED,
    EXPIRED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
