package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.ORGANIZATIONS;
import static java.util.Objects.requireNonNull;

import io.pagekeys.adapters.persistence.jooq.tables.records.OrganizationsRecord;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** {@link Organizations} on PostgreSQL; ids come from the identity column of {@code organizations}. */
public final class JooqOrganizations implements Organizations {

    private final Transactions transactions;

    private final DecisionView view;

    /** The read of the store behind the view, made once. */
    private final Function<OrganizationId, Optional<Organization>> load;

    @Inject
    public JooqOrganizations(Transactions transactions, DecisionView view) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.view = requireNonNull(view, "view is null");
        this.load = this::select;
    }

    @Override
    public Organization create(String name, Instant createdAt) {
        requireNonNull(name, "name is null");
        requireNonNull(createdAt, "created at is null");
        Organization created = transactions.statement(sql -> sql.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, name)
                .set(ORGANIZATIONS.CREATED_AT, createdAt)
                .returning()
                .fetchOne(JooqOrganizations::toOrganization));
        view.changedOrganization(created.id());
        return created;
    }

    @Override
    public Optional<Organization> findById(OrganizationId id) {
        requireNonNull(id, "id is null");
        return view.organization(id, load);
    }

    private Optional<Organization> select(OrganizationId id) {
        return transactions.statement(sql -> sql.selectFrom(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(id.value()))
                .fetchOptional(JooqOrganizations::toOrganization));
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code SELECT ... FOR NO KEY UPDATE}: lockers of one organization take turns, while rows that
     * merely refer to it (a key issued, an event appended) are not held up by the lock.
     */
    @Override
    public Optional<Organization> lockById(OrganizationId id) {
        requireNonNull(id, "id is null");
        return transactions.statement(sql -> sql.selectFrom(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(id.value()))
                .forNoKeyUpdate()
                .fetchOptional(JooqOrganizations::toOrganization));
    }

    private static Organization toOrganization(OrganizationsRecord row) {
        return StoredRows.restore("organizations", row.getId(),
                () -> new Organization(OrganizationId.of(row.getId()), row.getName(), row.getCreatedAt()));
    }
}
