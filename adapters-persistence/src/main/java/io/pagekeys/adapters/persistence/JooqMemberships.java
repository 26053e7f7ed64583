package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.MEMBERSHIPS;
import static java.util.Objects.requireNonNull;
import static org.jooq.impl.DSL.excluded;

import io.pagekeys.adapters.persistence.jooq.tables.records.MembershipsRecord;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;

/**
 * {@link Memberships} on PostgreSQL: a row of {@code memberships} per membership, with a null subdomain
 * at organization level. Two partial unique indexes keep one membership per level, and saving is an
 * upsert on the one of its level.
 */
public final class JooqMemberships implements Memberships {

    private final Transactions transactions;
    private final DecisionView view;

    /** The read of the store behind the view, made once. */
    private final Function<DecisionView.MembershipsOf, List<Membership>> load;

    @Inject
    public JooqMemberships(Transactions transactions, DecisionView view) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.view = requireNonNull(view, "view is null");
        this.load = this::select;
    }

    @Override
    public List<Membership> of(UserId user, OrganizationId organization) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        return view.memberships(new DecisionView.MembershipsOf(user, organization), load);
    }

    private List<Membership> select(DecisionView.MembershipsOf of) {
        return transactions.statement(sql -> sql.selectFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.USER_ID.eq(of.user().value()))
                .and(MEMBERSHIPS.ORGANIZATION_ID.eq(of.organization().value()))
                .orderBy(MEMBERSHIPS.SUBDOMAIN.asc().nullsFirst())
                .fetch(JooqMemberships::toMembership));
    }

    @Override
    public Optional<Membership> organizationLevel(UserId user, OrganizationId organization) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        return transactions.statement(sql -> sql.selectFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.USER_ID.eq(user.value()))
                .and(MEMBERSHIPS.ORGANIZATION_ID.eq(organization.value()))
                .and(MEMBERSHIPS.SUBDOMAIN.isNull())
                .fetchOptional(JooqMemberships::toMembership));
    }

    @Override
    public Optional<Membership> pageLevel(UserId user, Subdomain page) {
        requireNonNull(user, "user is null");
        requireNonNull(page, "page is null");
        return transactions.statement(sql -> sql.selectFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.USER_ID.eq(user.value()))
                .and(MEMBERSHIPS.SUBDOMAIN.eq(page.value()))
                .fetchOptional(JooqMemberships::toMembership));
    }

    @Override
    public List<Membership> organizationMembers(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return byUser(MEMBERSHIPS.ORGANIZATION_ID.eq(organization.value()).and(MEMBERSHIPS.SUBDOMAIN.isNull()));
    }

    @Override
    public List<Membership> pageMembers(Subdomain page) {
        requireNonNull(page, "page is null");
        return byUser(MEMBERSHIPS.SUBDOMAIN.eq(page.value()));
    }

    @Override
    public void save(Membership membership) {
        requireNonNull(membership, "membership is null");
        transactions.statement(sql -> {
            var insert = sql.insertInto(MEMBERSHIPS)
                    .set(MEMBERSHIPS.USER_ID, membership.user().value())
                    .set(MEMBERSHIPS.ORGANIZATION_ID, membership.organization().value())
                    .set(MEMBERSHIPS.SUBDOMAIN, membership.page().map(Subdomain::value).orElse(null))
                    .set(MEMBERSHIPS.ROLE, membership.role().code());
            // The conflict target names the partial unique index of the membership's level.
            var onConflict = membership.isOrganizationLevel()
                    ? insert.onConflict(MEMBERSHIPS.USER_ID, MEMBERSHIPS.ORGANIZATION_ID).where(MEMBERSHIPS.SUBDOMAIN.isNull())
                    : insert.onConflict(MEMBERSHIPS.USER_ID, MEMBERSHIPS.SUBDOMAIN).where(MEMBERSHIPS.SUBDOMAIN.isNotNull());
            return onConflict.doUpdate().set(MEMBERSHIPS.ROLE, excluded(MEMBERSHIPS.ROLE)).execute();
        });
        view.changedMemberships(membership.user(), membership.organization());
    }

    @Override
    public boolean remove(UserId user, OrganizationId organization, Optional<Subdomain> page) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(page, "page is null");
        Condition level = page.map(p -> MEMBERSHIPS.SUBDOMAIN.eq(p.value())).orElse(MEMBERSHIPS.SUBDOMAIN.isNull());
        int removed = transactions.statement(sql -> sql.deleteFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.USER_ID.eq(user.value()))
                .and(MEMBERSHIPS.ORGANIZATION_ID.eq(organization.value()))
                .and(level)
                .execute());
        view.changedMemberships(user, organization);
        return removed > 0;
    }

    @Override
    public int removeAll(UserId user, OrganizationId organization) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        int removed = transactions.statement(sql -> sql.deleteFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.USER_ID.eq(user.value()))
                .and(MEMBERSHIPS.ORGANIZATION_ID.eq(organization.value()))
                .execute());
        view.changedMemberships(user, organization);
        return removed;
    }

    private List<Membership> byUser(Condition condition) {
        return transactions.statement(sql -> sql.selectFrom(MEMBERSHIPS)
                .where(condition)
                .orderBy(MEMBERSHIPS.USER_ID)
                .fetch(JooqMemberships::toMembership));
    }

    private static Membership toMembership(MembershipsRecord row) {
        return StoredRows.restore("memberships", row.getId(), () -> restore(row));
    }

    private static Membership restore(MembershipsRecord row) {
        Role role = Role.fromCode(row.getRole())
                .orElseThrow(() -> new IllegalStateException("the store holds an unknown role: " + row.getRole()));
        return new Membership(
                UserId.of(row.getUserId()),
                OrganizationId.of(row.getOrganizationId()),
                Optional.ofNullable(row.getSubdomain()).map(Subdomain::of),
                role);
    }
}
