package io.pagekeys.application;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.DenialReason;

/**
 * The access rule denied the call. The code is the reason's ({@code scope_excludes}, {@code revoked},
 * ...); {@link DenialReason#kind()} tells an unusable key (authentication) from a key that may not do
 * this (authorization).
 */
public final class AccessDeniedException extends ApplicationException {

    private final DenialReason reason;

    public AccessDeniedException(DenialReason reason) {
        super(requireNonNull(reason, "reason is null").code(), "access denied: " + reason.code());
        this.reason = reason;
    }

    public DenialReason reason() {
        return reason;
    }
}
