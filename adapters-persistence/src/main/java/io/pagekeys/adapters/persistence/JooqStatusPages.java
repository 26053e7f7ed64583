package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.STATUS_PAGES;
import static java.util.Objects.requireNonNull;
import static org.jooq.impl.DSL.collation;

import io.pagekeys.adapters.persistence.jooq.tables.records.StatusPagesRecord;
import io.pagekeys.application.ConflictException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link StatusPages} on PostgreSQL: a row of {@code status_pages} per page, the subdomain its primary
 * key. Removing a page removes its page-level memberships, incidents and selections by cascade.
 */
public final class JooqStatusPages implements StatusPages {

    private final Transactions transactions;
    private final DecisionView view;

    /** The read of the store behind the view, made once. */
    private final Function<Subdomain, Optional<StatusPage>> load;

    @Inject
    public JooqStatusPages(Transactions transactions, DecisionView view) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.view = requireNonNull(view, "view is null");
        this.load = this::select;
    }

    @Override
    public void add(StatusPage page) {
        requireNonNull(page, "page is null");
        // Not a failing statement: a refusal must leave the caller's transaction usable.
        int inserted = transactions.statement(sql -> sql.insertInto(STATUS_PAGES)
                .set(STATUS_PAGES.SUBDOMAIN, page.subdomain().value())
                .set(STATUS_PAGES.ORGANIZATION_ID, page.organization().value())
                .set(STATUS_PAGES.NAME, page.name())
                .set(STATUS_PAGES.CREATED_AT, page.createdAt())
                .set(STATUS_PAGES.UPDATED_AT, page.updatedAt())
                .onConflictDoNothing()
                .execute());
        if (inserted == 0) {
            throw new ConflictException(ConflictException.SUBDOMAIN_TAKEN, "the subdomain " + page.subdomain() + " is taken");
        }
        view.changedPage(page.subdomain(), false);
    }

    @Override
    public void update(StatusPage page) {
        requireNonNull(page, "page is null");
        int updated = transactions.statement(sql -> sql.update(STATUS_PAGES)
                .set(STATUS_PAGES.NAME, page.name())
                .set(STATUS_PAGES.UPDATED_AT, page.updatedAt())
                .where(STATUS_PAGES.SUBDOMAIN.eq(page.subdomain().value()))
                .execute());
        if (updated == 0) {
            throw new NotFoundException("no status page " + page.subdomain());
        }
        view.changedPage(page.subdomain(), false);
    }

    @Override
    public Optional<StatusPage> find(Subdomain subdomain) {
        requireNonNull(subdomain, "subdomain is null");
        return view.page(subdomain, load);
    }

    private Optional<StatusPage> select(Subdomain subdomain) {
        return transactions.statement(sql -> sql.selectFrom(STATUS_PAGES)
                .where(STATUS_PAGES.SUBDOMAIN.eq(subdomain.value()))
                .fetchOptional(JooqStatusPages::toPage));
    }

    @Override
    public List<StatusPage> of(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return transactions.statement(sql -> sql.selectFrom(STATUS_PAGES)
                .where(STATUS_PAGES.ORGANIZATION_ID.eq(organization.value()))
                // Code-point order, as Subdomain compares: a linguistic collation would ignore hyphens.
                .orderBy(STATUS_PAGES.SUBDOMAIN.collate(collation("C")))
                .fetch(JooqStatusPages::toPage));
    }

    @Override
    public boolean remove(Subdomain subdomain) {
        requireNonNull(subdomain, "subdomain is null");
        int removed = transactions.statement(sql -> sql.deleteFrom(STATUS_PAGES)
                .where(STATUS_PAGES.SUBDOMAIN.eq(subdomain.value()))
                .execute());
        // Its page-level memberships and its place in selections went with it, by cascade.
        view.changedPage(subdomain, true);
        return removed > 0;
    }

    private static StatusPage toPage(StatusPagesRecord row) {
        return StoredRows.restore("status_pages", row.getSubdomain(), () -> new StatusPage(Subdomain.of(row.getSubdomain()),
                OrganizationId.of(row.getOrganizationId()), row.getName(), row.getCreatedAt(), row.getUpdatedAt()));
    }
}
