package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.KeyEvent;
import java.time.Instant;

/** Revoking a key, the one way every use case does it: once, with its event in the audit trail. */
final class KeyRevocation {

    private final ApiKeys apiKeys;
    private final KeyEvents keyEvents;

    KeyRevocation(ApiKeys apiKeys, KeyEvents keyEvents) {
        this.apiKeys = requireNonNull(apiKeys, "api keys is null");
        this.keyEvents = requireNonNull(keyEvents, "key events is null");
    }

    /**
     * Revokes {@code locked}, which the caller read with {@code ApiKeys.lockById} in the current unit of
     * work, so that a concurrent rotation or revocation waits. A key revoked already is answered as it is,
     * and records no second event.
     *
     * @return the key as it is stored now
     */
    ApiKey revoke(ApiKey locked, Actor by, Instant now) {
        if (locked.revocation().isPresent()) {
            return locked;
        }
        ApiKey revoked = locked.revoke(by, now);
        apiKeys.update(revoked);
        keyEvents.append(KeyEvent.revoked(revoked, by, now));
        return revoked;
    }
}
