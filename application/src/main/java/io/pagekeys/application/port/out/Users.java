package io.pagekeys.application.port.out;

import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * The people known to pagekeys, one per e-mail address. Every method may throw
 * {@link io.pagekeys.application.StoreUnavailableException}, and never returns null.
 */
public interface Users {

    /**
     * The user of that address, created under a fresh id if there is none yet. Safe against two callers
     * creating the same address at once: both get the same user.
     */
    User findOrCreate(EmailAddress email, Instant now);

    /** The user of that id, or empty. */
    Optional<User> findById(UserId id);

    /** The user of that address, or empty. */
    Optional<User> findByEmail(EmailAddress email);
}
