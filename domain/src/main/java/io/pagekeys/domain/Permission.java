package io.pagekeys.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The closed catalogue of what a key may be allowed to do. A page-scoped permission is judged on one
 * status page; an organization-scoped one on the organization.
 */
public enum Permission {
    PAGES_READ("pages.read", Level.PAGE),
    INCIDENTS_WRITE("incidents.write", Level.PAGE),
    PAGES_WRITE("pages.write", Level.PAGE),
    PAGES_DELETE("pages.delete", Level.PAGE),
    PAGE_MEMBERS_MANAGE("page_members.manage", Level.PAGE),
    PAGES_CREATE("pages.create", Level.ORGANIZATION),
    MEMBERS_MANAGE("members.manage", Level.ORGANIZATION),
    BILLING_READ("billing.read", Level.ORGANIZATION),
    API_KEYS_MANAGE("api_keys.manage", Level.ORGANIZATION),
    OWN_API_KEYS_MANAGE("own_api_keys.manage", Level.ORGANIZATION);

    /** Whether a permission is judged on a status page or on the organization. */
    public enum Level {
        PAGE,
        ORGANIZATION
    }

    private final String code;
    private final Level level;

    Permission(String code, Level level) {
        this.code = code;
        this.level = level;
    }

    /** The stable wire name, such as {@code pages.read}. */
    public String code() {
        return code;
    }

    public Level level() {
        return level;
    }

    public boolean isPageScoped() {
        return level == Level.PAGE;
    }

    /** The permission of that wire name, or empty for an unknown name. */
    public static Optional<Permission> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /**
     * The permission of that wire name.
     *
     * @throws InvalidValueException for an unknown name
     */
    public static Permission parse(String code) {
        return fromCode(code).orElseThrow(() -> new InvalidValueException("permission", "unknown permission '" + code + "'"));
    }

    @Override
    public String toString() {
        return code;
    }
}
