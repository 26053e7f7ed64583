package io.pagekeys.application.memory;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.memory.InMemoryStore.MembershipKey;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link Memberships} in an {@link InMemoryStore}. {@link #of(UserId, OrganizationId)} lists the
 * organization-level membership first, then the page-level ones by subdomain.
 */
public final class InMemoryMemberships implements Memberships {

    private static final Comparator<Membership> BY_USER = Comparator.comparingLong(membership -> membership.user().value());
    private static final Comparator<Membership> ORGANIZATION_LEVEL_FIRST = Comparator.comparing(
            (Membership membership) -> membership.page().map(Subdomain::value).orElse(""));

    private final InMemoryStore store;

    InMemoryMemberships(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public List<Membership> of(UserId user, OrganizationId organization) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        return store.read(tables -> tables.memberships.values().stream()
                .filter(membership -> membership.user().equals(user) && membership.organization().equals(organization))
                .sorted(ORGANIZATION_LEVEL_FIRST)
                .toList());
    }

    @Override
    public Optional<Membership> organizationLevel(UserId user, OrganizationId organization) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        return store.read(tables ->
                Optional.ofNullable(tables.memberships.get(new MembershipKey(user, organization, Optional.empty()))));
    }

    @Override
    public Optional<Membership> pageLevel(UserId user, Subdomain page) {
        requireNonNull(user, "user is null");
        requireNonNull(page, "page is null");
        return store.read(tables -> tables.memberships.values().stream()
                .filter(membership -> membership.user().equals(user) && membership.page().equals(Optional.of(page)))
                .findFirst());
    }

    @Override
    public List<Membership> organizationMembers(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return store.read(tables -> tables.memberships.values().stream()
                .filter(membership -> membership.isOrganizationLevel() && membership.organization().equals(organization))
                .sorted(BY_USER)
                .toList());
    }

    @Override
    public List<Membership> pageMembers(Subdomain page) {
        requireNonNull(page, "page is null");
        return store.read(tables -> tables.memberships.values().stream()
                .filter(membership -> membership.page().equals(Optional.of(page)))
                .sorted(BY_USER)
                .toList());
    }

    @Override
    public void save(Membership membership) {
        requireNonNull(membership, "membership is null");
        store.write(tables -> {
            String referrer = "the membership of user " + membership.user();
            tables.requireUser(membership.user(), referrer);
            tables.requireOrganization(membership.organization(), referrer);
            membership.page().ifPresent(page -> tables.requirePageOf(membership.organization(), page, referrer));
            tables.memberships.put(MembershipKey.of(membership), membership);
            return null;
        });
    }

    @Override
    public boolean remove(UserId user, OrganizationId organization, Optional<Subdomain> page) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(page, "page is null");
        return store.write(tables -> tables.memberships.remove(new MembershipKey(user, organization, page)) != null);
    }

    @Override
    public int removeAll(UserId user, OrganizationId organization) {
        requireNonNull(user, "user is null");
        requireNonNull(organization, "organization is null");
        return store.write(tables -> {
            int before = tables.memberships.size();
            tables.memberships.keySet().removeIf(key -> key.user().equals(user) && key.organization().equals(organization));
            return before - tables.memberships.size();
        });
    }
}
