package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.UserId;
import java.util.Optional;

/**
 * Who is calling a use case. Either a person acting directly (a host service that has authenticated its
 * user itself, or the operator CLI acting for a member): held to that person's roles only; or a request
 * authenticated by a key: held to the whole access rule, and to no-escalation when it manages keys.
 */
public sealed interface Principal {

    /** Who the audit trail and {@code created_by} record for this principal's changes. */
    Actor actor();

    static Principal person(UserId user) {
        return new Person(user);
    }

    static Principal key(ApiKey key, Optional<IpAddress> clientIp) {
        return new ViaKey(key, clientIp);
    }

    /** A person acting directly, limited by their roles. */
    record Person(UserId user) implements Principal {

        public Person {
            requireNonNull(user, "user is null");
        }

        @Override
        public Actor actor() {
            return Actor.user(user);
        }
    }

    /**
     * A request that presented {@code key} (as it was when authenticated) from {@code clientIp} (empty
     * when unknown).
     */
    record ViaKey(ApiKey key, Optional<IpAddress> clientIp) implements Principal {

        public ViaKey {
            requireNonNull(key, "key is null");
            requireNonNull(clientIp, "client ip is null");
        }

        @Override
        public Actor actor() {
            return Actor.key(key.id());
        }
    }
}
