package io.pagekeys.application.memory;

import static io.pagekeys.application.memory.InMemoryStore.stored;
import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.out.Users;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/** {@link Users} in an {@link InMemoryStore}: one per e-mail address, ids from a sequence starting at 1. */
public final class InMemoryUsers implements Users {

    private final InMemoryStore store;

    InMemoryUsers(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public User findOrCreate(EmailAddress email, Instant now) {
        requireNonNull(email, "email is null");
        stored("now", now);
        return store.write(tables -> {
            UserId existing = tables.usersByEmail.get(email);
            if (existing != null) {
                return tables.users.get(existing);
            }
            User user = new User(UserId.of(store.nextUserId()), email, now);
            tables.users.put(user.id(), user);
            tables.usersByEmail.put(email, user.id());
            return user;
        });
    }

    @Override
    public Optional<User> findById(UserId id) {
        requireNonNull(id, "id is null");
        return store.read(tables -> Optional.ofNullable(tables.users.get(id)));
    }

    @Override
    public Optional<User> findByEmail(EmailAddress email) {
        requireNonNull(email, "email is null");
        return store.read(tables -> Optional.ofNullable(tables.usersByEmail.get(email)).map(tables.users::get));
    }
}
