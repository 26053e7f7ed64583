package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The ceiling of what a key may do: a non-empty set of permissions. A scope is never a grant: a user
 * key still needs its user's role for each permission at each use.
 */
public record KeyScope(Set<Permission> permissions) {

    /** The named scopes offered to people who do not want to pick permissions one by one. */
    public enum Preset {
        READ_ONLY(EnumSet.of(Permission.PAGES_READ)),
        READ_WRITE(EnumSet.of(
                Permission.PAGES_READ,
                Permission.INCIDENTS_WRITE,
                Permission.PAGES_WRITE,
                Permission.PAGES_CREATE,
                Permission.PAGES_DELETE)),
        FULL(EnumSet.allOf(Permission.class));

        private final KeyScope scope;
        private final Set<Permission> permissions;

        Preset(Set<Permission> permissions) {
            this.scope = new KeyScope(permissions);
            this.permissions = scope.permissions();
        }

        /** The scope of this preset: one instance, which every scope of these permissions made here shares. */
        public KeyScope scope() {
            return scope;
        }

        /** The lower-case wire name, such as {@code read_only}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Preset> fromCode(String code) {
            for (Preset preset : values()) {
                if (preset.code().equals(code)) {
                    return Optional.of(preset);
                }
            }
            return Optional.empty();
        }
    }

    public KeyScope {
        requireNonNull(permissions, "permissions is null");
        if (permissions.isEmpty()) {
            throw new InvalidValueException("scope", "must name at least one permission");
        }
        permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }

    public static KeyScope of(Permission first, Permission... more) {
        return shared(EnumSet.of(first, more));
    }

    public static KeyScope of(Collection<Permission> permissions) {
        requireNonNull(permissions, "permissions is null");
        if (permissions.isEmpty()) {
            throw new InvalidValueException("scope", "must name at least one permission");
        }
        return shared(EnumSet.copyOf(permissions));
    }

    /**
     * The scope of {@code permissions}: a preset's own instance when they are a preset's, so that the
     * keys read from the store share a few scopes rather than each holding its own sets (less memory
     * for a large view, and fewer objects to reach on every decision). Scopes are values: sharing one
     * changes nothing else.
     */
    private static KeyScope shared(EnumSet<Permission> permissions) {
        Optional<Preset> preset = presetOf(permissions);
        return preset.isPresent() ? preset.get().scope : new KeyScope(permissions);
    }

    public static KeyScope readOnly() {
        return Preset.READ_ONLY.scope();
    }

    public static KeyScope readWrite() {
        return Preset.READ_WRITE.scope();
    }

    public static KeyScope full() {
        return Preset.FULL.scope();
    }

    /**
     * A preset name or a comma-separated list of permission names, as an operator types it.
     *
     * @throws InvalidValueException for an unknown name or an empty list
     */
    public static KeyScope parse(String text) {
        requireNonNull(text, "scope is null");
        Optional<Preset> preset = Preset.fromCode(text.strip());
        if (preset.isPresent()) {
            return preset.get().scope();
        }
        EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String part : text.split(",", -1)) {
            String code = part.strip();
            permissions.add(Permission.fromCode(code).orElseThrow(() -> new InvalidValueException(
                    "scope", "'" + code + "' is neither a preset (read_only, read_write, full) nor a permission")));
        }
        return shared(permissions);
    }

    public boolean contains(Permission permission) {
        return permissions.contains(permission);
    }

    /** Whether every permission of {@code other} is in this scope. */
    public boolean covers(KeyScope other) {
        return permissions.containsAll(other.permissions);
    }

    /** The preset with exactly these permissions, if there is one. */
    public Optional<Preset> preset() {
        return presetOf(permissions);
    }

    private static Optional<Preset> presetOf(Set<Permission> permissions) {
        for (Preset preset : Preset.values()) {
            if (preset.permissions.equals(permissions)) {
                return Optional.of(preset);
            }
        }
        return Optional.empty();
    }
}
