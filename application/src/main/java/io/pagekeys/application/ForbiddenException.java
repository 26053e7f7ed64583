package io.pagekeys.application;

/**
 * A call that the access rule would allow but a management rule forbids: {@code escalation} (a key
 * making a key beyond itself), {@code page_not_readable} (a user key selecting a page its user cannot
 * read), {@code user_key_required} (an organization key on a person's own keys), {@code owner_protected}
 * (a page-level membership of an organization owner changed without {@code members.manage} at
 * organization level).
 */
public final class ForbiddenException extends ApplicationException {

    public static final String ESCALATION = "escalation";
    public static final String PAGE_NOT_READABLE = "page_not_readable";
    public static final String USER_KEY_REQUIRED = "user_key_required";
    public static final String OWNER_PROTECTED = "owner_protected";

    public ForbiddenException(String code, String message) {
        super(code, message);
    }
}
