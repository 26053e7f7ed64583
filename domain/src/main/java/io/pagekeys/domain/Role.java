package io.pagekeys.domain;

import static io.pagekeys.domain.Permission.BILLING_READ;
import static io.pagekeys.domain.Permission.INCIDENTS_WRITE;
import static io.pagekeys.domain.Permission.OWN_API_KEYS_MANAGE;
import static io.pagekeys.domain.Permission.PAGES_CREATE;
import static io.pagekeys.domain.Permission.PAGES_READ;
import static io.pagekeys.domain.Permission.PAGES_WRITE;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A member's role, at organization level or on one page, and the permissions it grants there. */
public enum Role {
    OWNER(EnumSet.allOf(Permission.class)),
    ADMIN(EnumSet.of(PAGES_READ, INCIDENTS_WRITE, PAGES_WRITE, PAGES_CREATE, OWN_API_KEYS_MANAGE)),
    EDITOR(EnumSet.of(PAGES_READ, INCIDENTS_WRITE, OWN_API_KEYS_MANAGE)),
    BILLING(EnumSet.of(BILLING_READ, OWN_API_KEYS_MANAGE)),
    VIEWER(EnumSet.of(PAGES_READ, OWN_API_KEYS_MANAGE));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Collections.unmodifiableSet(permissions);
    }

    /** The permissions this role grants at the level of its membership; never null. */
    public Set<Permission> permissions() {
        return permissions;
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    /** Billing is an organization matter: it has no meaning on a single page. */
    public boolean allowedOnPage() {
        return this != BILLING;
    }

    /** The lower-case wire name, such as {@code editor}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }

    /**
     * The role of that wire name.
     *
     * @throws InvalidValueException for an unknown name
     */
    public static Role parse(String code) {
        return fromCode(code).orElseThrow(() -> new InvalidValueException("role", "unknown role '" + code + "'"));
    }
}
