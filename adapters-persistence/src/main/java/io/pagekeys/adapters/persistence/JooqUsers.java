package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.USERS;
import static java.util.Objects.requireNonNull;

import io.pagekeys.adapters.persistence.jooq.tables.records.UsersRecord;
import io.pagekeys.application.port.out.Users;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/** {@link Users} on PostgreSQL: one row of {@code users} per (lower-case) e-mail address. */
public final class JooqUsers implements Users {

    private final Transactions transactions;

    @Inject
    public JooqUsers(Transactions transactions) {
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code INSERT ... ON CONFLICT DO NOTHING}, then a read when another caller's row won: the insert
     * waits for a concurrent insert of the same address to commit, and the read (read committed) sees it.
     */
    @Override
    public User findOrCreate(EmailAddress email, Instant now) {
        requireNonNull(email, "email is null");
        requireNonNull(now, "now is null");
        return transactions.atomically(sql -> sql.insertInto(USERS)
                .set(USERS.EMAIL, email.value())
                .set(USERS.CREATED_AT, now)
                .onConflict(USERS.EMAIL)
                .doNothing()
                .returning()
                .fetchOptional(JooqUsers::toUser)
                .or(() -> sql.selectFrom(USERS).where(USERS.EMAIL.eq(email.value())).fetchOptional(JooqUsers::toUser))
                .orElseThrow(() -> new IllegalStateException("the user of an address seen taken is gone")));
    }

    @Override
    public Optional<User> findById(UserId id) {
        requireNonNull(id, "id is null");
        return transactions.statement(sql -> sql.selectFrom(USERS).where(USERS.ID.eq(id.value())).fetchOptional(JooqUsers::toUser));
    }

    @Override
    public Optional<User> findByEmail(EmailAddress email) {
        requireNonNull(email, "email is null");
        return transactions.statement(sql -> sql.selectFrom(USERS).where(USERS.EMAIL.eq(email.value())).fetchOptional(JooqUsers::toUser));
    }

    private static User toUser(UsersRecord row) {
        // Named by id only: the address is personal data.
        return StoredRows.restore("users", row.getId(),
                () -> new User(UserId.of(row.getId()), EmailAddress.of(row.getEmail()), row.getCreatedAt()));
    }
}
