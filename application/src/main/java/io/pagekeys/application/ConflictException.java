package io.pagekeys.application;

/**
 * A change that conflicts with the data as it is: {@code subdomain_taken}, {@code already_member},
 * {@code key_not_active}, {@code last_owner}, {@code duplicate}.
 */
public final class ConflictException extends ApplicationException {

    public static final String SUBDOMAIN_TAKEN = "subdomain_taken";
    public static final String ALREADY_MEMBER = "already_member";
    public static final String KEY_NOT_ACTIVE = "key_not_active";
    public static final String LAST_OWNER = "last_owner";
    public static final String DUPLICATE = "duplicate";

    public ConflictException(String code, String message) {
        super(code, message);
    }
}
