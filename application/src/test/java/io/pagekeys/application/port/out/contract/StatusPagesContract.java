package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.pagekeys.application.port.out.StatusPages}, for every adapter.
 *
 * <p>Where the port's javadoc leaves a choice, this contract makes it: {@code of} lists pages by
 * subdomain in code-point order, the order of {@link Subdomain#compareTo} ({@code a-b < a0 < aa}; in
 * SQL, {@code COLLATE "C"}, since a linguistic collation ignores the hyphen); {@code update} writes the
 * name and update instant only, the organization and creation instant stay as added; a removed page's
 * subdomain is free again, for any organization.
 */
public abstract class StatusPagesContract extends PortContract {

    @Test
    void anAddedPageIsFoundBySubdomain() {
        Organization organization = anOrganization();
        StatusPage page = StatusPage.create(uniqueSubdomain(), organization.id(), "Ünïcødé status ☀", at(1));

        statusPages().add(page);

        assertThat(statusPages().find(page.subdomain())).contains(page);
    }

    @Test
    void aSubdomainTakenInTheSameOrganizationIsRefused() {
        Organization organization = anOrganization();
        StatusPage page = aPageOf(organization);

        assertThatThrownBy(() -> statusPages().add(StatusPage.create(page.subdomain(), organization.id(), "Other", at(2))))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.SUBDOMAIN_TAKEN));
        assertThat(statusPages().find(page.subdomain())).contains(page);
    }

    @Test
    void aSubdomainTakenInAnotherOrganizationIsRefused() {
        StatusPage page = aPageOf(anOrganization());
        Organization other = anOrganization();

        assertThatThrownBy(() -> statusPages().add(StatusPage.create(page.subdomain(), other.id(), "Other", at(2))))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.SUBDOMAIN_TAKEN));
        assertThat(statusPages().find(page.subdomain())).contains(page);
        assertThat(statusPages().of(other.id())).isEmpty();
    }

    @Test
    void updateReplacesTheNameAndUpdateInstant() {
        StatusPage page = aPageOf(anOrganization());
        StatusPage renamed = page.renamed("Renamed ✓", at(5));

        statusPages().update(renamed);

        assertThat(statusPages().find(page.subdomain())).contains(renamed);
    }

    @Test
    void updateLeavesTheOrganizationAndCreationAsAdded() {
        StatusPage page = aPageOf(anOrganization());
        Organization other = anOrganization();

        statusPages().update(new StatusPage(page.subdomain(), other.id(), "Renamed", at(3), at(5)));

        assertThat(statusPages().find(page.subdomain())).contains(page.renamed("Renamed", at(5)));
        assertThat(statusPages().of(other.id())).isEmpty();
    }

    @Test
    void updatingAPageThatDoesNotExistThrowsNotFound() {
        Organization organization = anOrganization();
        StatusPage page = StatusPage.create(uniqueSubdomain(), organization.id(), "Never added", at(1));

        assertThatThrownBy(() -> statusPages().update(page)).isInstanceOf(NotFoundException.class);
        assertThat(statusPages().find(page.subdomain())).isEmpty();
    }

    @Test
    void anUnknownSubdomainFindsNothing() {
        assertThat(statusPages().find(uniqueSubdomain())).isEmpty();
    }

    @Test
    void ofListsThePagesOfThatOrganizationBySubdomainInCodePointOrder() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        String stem = uniqueStem();
        StatusPage letter = aPageOf(organization, Subdomain.of(stem + "a"));
        StatusPage hyphen = aPageOf(organization, Subdomain.of(stem + "-z"));
        StatusPage digit = aPageOf(organization, Subdomain.of(stem + "0"));
        aPageOf(other, Subdomain.of(stem + "b"));

        assertThat(statusPages().of(organization.id())).containsExactly(hyphen, digit, letter);
    }

    @Test
    void anOrganizationWithoutPagesListsNone() {
        assertThat(statusPages().of(anOrganization().id())).isEmpty();
    }

    @Test
    void removeDeletesThePageOnce() {
        Organization organization = anOrganization();
        StatusPage page = aPageOf(organization);
        StatusPage kept = aPageOf(organization);

        assertThat(statusPages().remove(page.subdomain())).isTrue();
        assertThat(statusPages().remove(page.subdomain())).isFalse();

        assertThat(statusPages().find(page.subdomain())).isEmpty();
        assertThat(statusPages().of(organization.id())).containsExactly(kept);
    }

    @Test
    void removingAPageThatNeverExistedRemovesNothing() {
        assertThat(statusPages().remove(uniqueSubdomain())).isFalse();
    }

    @Test
    void removeDeletesThePageLevelMembershipsAndIncidentsOfThatPageOnly() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        Subdomain kept = aPageOf(organization).subdomain();
        User user = aUser();
        Membership atOrganization = Membership.organizationLevel(user.id(), organization.id(), Role.ADMIN);
        Membership onKept = Membership.pageLevel(user.id(), organization.id(), kept, Role.VIEWER);
        memberships().save(atOrganization);
        memberships().save(Membership.pageLevel(user.id(), organization.id(), page, Role.OWNER));
        memberships().save(onKept);
        Incident gone = incidents().add(Incident.open(page, "Outage", IncidentType.MAJOR, List.of(), at(2)));
        Incident stays = incidents().add(Incident.open(kept, "Outage", IncidentType.MINOR, List.of(), at(2)));

        statusPages().remove(page);

        assertThat(memberships().of(user.id(), organization.id())).containsExactlyInAnyOrder(atOrganization, onKept);
        assertThat(incidents().findById(gone.id().orElseThrow())).isEmpty();
        assertThat(incidents().of(page)).isEmpty();
        assertThat(incidents().of(kept)).containsExactly(stays);
    }

    @Test
    void aRemovedSubdomainIsFreeAgainForAnyOrganization() {
        StatusPage page = aPageOf(anOrganization());
        statusPages().remove(page.subdomain());
        Organization other = anOrganization();
        StatusPage again = StatusPage.create(page.subdomain(), other.id(), "Second life", at(9));

        statusPages().add(again);

        assertThat(statusPages().find(page.subdomain())).contains(again);
        assertThat(memberships().pageMembers(page.subdomain())).isEmpty();
        assertThat(statusPages().of(other.id())).containsExactly(again);
    }
}
