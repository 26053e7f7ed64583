package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link io.pagekeys.application.port.out.Memberships}, for every adapter.
 *
 * <p>Where the port's javadoc leaves a choice, this contract makes it: {@code organizationMembers} and
 * {@code pageMembers} are by ascending user id; {@code of(user, organization)} promises no order (the
 * in-memory store lists the organization-level membership first, then pages by subdomain). A page-level
 * membership names a page of its own organization (the schema's composite foreign key).
 */
public abstract class MembershipsContract extends PortContract {

    @ParameterizedTest
    @EnumSource(Role.class)
    void anOrganizationLevelMembershipIsFoundAtOrganizationLevelOnly(Role role) {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        User user = aUser();
        Membership membership = Membership.organizationLevel(user.id(), organization.id(), role);

        memberships().save(membership);

        assertThat(memberships().organizationLevel(user.id(), organization.id())).contains(membership);
        assertThat(memberships().pageLevel(user.id(), page)).isEmpty();
        assertThat(memberships().of(user.id(), organization.id())).containsExactly(membership);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "BILLING", mode = EnumSource.Mode.EXCLUDE)
    void aPageLevelMembershipIsFoundOnItsPageOnly(Role role) {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        Subdomain otherPage = aPageOf(organization).subdomain();
        User user = aUser();
        Membership membership = Membership.pageLevel(user.id(), organization.id(), page, role);

        memberships().save(membership);

        assertThat(memberships().pageLevel(user.id(), page)).contains(membership);
        assertThat(memberships().pageLevel(user.id(), otherPage)).isEmpty();
        assertThat(memberships().organizationLevel(user.id(), organization.id())).isEmpty();
        assertThat(memberships().of(user.id(), organization.id())).containsExactly(membership);
    }

    @Test
    void savingAgainReplacesTheRoleAtThatLevelOnly() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        User user = aUser();
        memberships().save(Membership.organizationLevel(user.id(), organization.id(), Role.VIEWER));
        memberships().save(Membership.pageLevel(user.id(), organization.id(), page, Role.EDITOR));

        memberships().save(Membership.organizationLevel(user.id(), organization.id(), Role.ADMIN));
        memberships().save(Membership.pageLevel(user.id(), organization.id(), page, Role.VIEWER));

        assertThat(memberships().of(user.id(), organization.id())).containsExactlyInAnyOrder(
                Membership.organizationLevel(user.id(), organization.id(), Role.ADMIN),
                Membership.pageLevel(user.id(), organization.id(), page, Role.VIEWER));
        assertThat(memberships().organizationMembers(organization.id())).hasSize(1);
        assertThat(memberships().pageMembers(page)).hasSize(1);
    }

    @Test
    void ofListsBothLevelsOfOneUserInOneOrganization() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        Subdomain first = aPageOf(organization).subdomain();
        Subdomain second = aPageOf(organization).subdomain();
        Subdomain elsewhere = aPageOf(other).subdomain();
        User user = aUser();
        User someoneElse = aUser();
        Membership atOrganization = Membership.organizationLevel(user.id(), organization.id(), Role.ADMIN);
        Membership onFirst = Membership.pageLevel(user.id(), organization.id(), first, Role.VIEWER);
        Membership onSecond = Membership.pageLevel(user.id(), organization.id(), second, Role.OWNER);
        List.of(onSecond, atOrganization, onFirst,
                Membership.organizationLevel(user.id(), other.id(), Role.OWNER),
                Membership.pageLevel(user.id(), other.id(), elsewhere, Role.EDITOR),
                Membership.organizationLevel(someoneElse.id(), organization.id(), Role.OWNER),
                Membership.pageLevel(someoneElse.id(), organization.id(), first, Role.OWNER))
                .forEach(memberships()::save);

        assertThat(memberships().of(user.id(), organization.id()))
                .containsExactlyInAnyOrder(atOrganization, onFirst, onSecond);
    }

    @Test
    void organizationMembersAreTheOrganizationLevelMembershipsByUserId() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        List<User> users = List.of(aUser(), aUser(), aUser());
        User pageOnly = aUser();
        for (int i = users.size() - 1; i >= 0; i--) {
            memberships().save(Membership.organizationLevel(users.get(i).id(), organization.id(), Role.EDITOR));
        }
        memberships().save(Membership.pageLevel(pageOnly.id(), organization.id(), page, Role.EDITOR));
        memberships().save(Membership.organizationLevel(pageOnly.id(), other.id(), Role.OWNER));

        assertThat(memberships().organizationMembers(organization.id()))
                .extracting(Membership::user)
                .containsExactlyElementsOf(byId(users));
        assertThat(memberships().organizationMembers(organization.id())).allMatch(Membership::isOrganizationLevel);
    }

    @Test
    void pageMembersAreThePageLevelMembershipsOnThatPageByUserId() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        Subdomain otherPage = aPageOf(organization).subdomain();
        List<User> users = List.of(aUser(), aUser(), aUser());
        for (int i = users.size() - 1; i >= 0; i--) {
            memberships().save(Membership.pageLevel(users.get(i).id(), organization.id(), page, Role.VIEWER));
        }
        User elsewhere = aUser();
        memberships().save(Membership.pageLevel(elsewhere.id(), organization.id(), otherPage, Role.VIEWER));
        memberships().save(Membership.organizationLevel(elsewhere.id(), organization.id(), Role.OWNER));

        assertThat(memberships().pageMembers(page))
                .extracting(Membership::user)
                .containsExactlyElementsOf(byId(users));
    }

    @Test
    void removingAtOrganizationLevelLeavesThePageLevel() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        User user = aUser();
        Membership onPage = Membership.pageLevel(user.id(), organization.id(), page, Role.EDITOR);
        memberships().save(Membership.organizationLevel(user.id(), organization.id(), Role.VIEWER));
        memberships().save(onPage);

        assertThat(memberships().remove(user.id(), organization.id(), Optional.empty())).isTrue();
        assertThat(memberships().remove(user.id(), organization.id(), Optional.empty())).isFalse();

        assertThat(memberships().of(user.id(), organization.id())).containsExactly(onPage);
    }

    @Test
    void removingAtPageLevelLeavesTheOtherMemberships() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        Subdomain otherPage = aPageOf(organization).subdomain();
        User user = aUser();
        Membership atOrganization = Membership.organizationLevel(user.id(), organization.id(), Role.VIEWER);
        Membership onOtherPage = Membership.pageLevel(user.id(), organization.id(), otherPage, Role.VIEWER);
        memberships().save(atOrganization);
        memberships().save(Membership.pageLevel(user.id(), organization.id(), page, Role.EDITOR));
        memberships().save(onOtherPage);

        assertThat(memberships().remove(user.id(), organization.id(), Optional.of(page))).isTrue();
        assertThat(memberships().remove(user.id(), organization.id(), Optional.of(page))).isFalse();

        assertThat(memberships().of(user.id(), organization.id())).containsExactlyInAnyOrder(atOrganization, onOtherPage);
    }

    @Test
    void removingWhatWasNeverThereRemovesNothing() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        User user = aUser();

        assertThat(memberships().remove(user.id(), organization.id(), Optional.empty())).isFalse();
        assertThat(memberships().remove(user.id(), organization.id(), Optional.of(page))).isFalse();
        assertThat(memberships().removeAll(user.id(), organization.id())).isZero();
    }

    @Test
    void removeAllRemovesBothLevelsInThatOrganizationOnlyAndCountsThem() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        Subdomain first = aPageOf(organization).subdomain();
        Subdomain second = aPageOf(organization).subdomain();
        User user = aUser();
        User colleague = aUser();
        Membership elsewhere = Membership.organizationLevel(user.id(), other.id(), Role.OWNER);
        Membership colleagues = Membership.organizationLevel(colleague.id(), organization.id(), Role.OWNER);
        memberships().save(Membership.organizationLevel(user.id(), organization.id(), Role.VIEWER));
        memberships().save(Membership.pageLevel(user.id(), organization.id(), first, Role.EDITOR));
        memberships().save(Membership.pageLevel(user.id(), organization.id(), second, Role.ADMIN));
        memberships().save(elsewhere);
        memberships().save(colleagues);

        assertThat(memberships().removeAll(user.id(), organization.id())).isEqualTo(3);
        assertThat(memberships().removeAll(user.id(), organization.id())).isZero();

        assertThat(memberships().of(user.id(), organization.id())).isEmpty();
        assertThat(memberships().of(user.id(), other.id())).containsExactly(elsewhere);
        assertThat(memberships().organizationMembers(organization.id())).containsExactly(colleagues);
    }

    @Test
    void removingAPageRemovesItsPageLevelMembershipsOnly() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        Subdomain otherPage = aPageOf(organization).subdomain();
        User user = aUser();
        Membership atOrganization = Membership.organizationLevel(user.id(), organization.id(), Role.VIEWER);
        Membership onOtherPage = Membership.pageLevel(user.id(), organization.id(), otherPage, Role.EDITOR);
        memberships().save(atOrganization);
        memberships().save(Membership.pageLevel(user.id(), organization.id(), page, Role.OWNER));
        memberships().save(onOtherPage);

        statusPages().remove(page);

        assertThat(memberships().pageLevel(user.id(), page)).isEmpty();
        assertThat(memberships().pageMembers(page)).isEmpty();
        assertThat(memberships().of(user.id(), organization.id())).containsExactlyInAnyOrder(atOrganization, onOtherPage);
    }

    @Test
    void strangersHaveNoMemberships() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        User stranger = aUser();

        assertThat(memberships().of(stranger.id(), organization.id())).isEmpty();
        assertThat(memberships().organizationLevel(stranger.id(), organization.id())).isEmpty();
        assertThat(memberships().pageLevel(stranger.id(), page)).isEmpty();
        assertThat(memberships().organizationMembers(organization.id())).isEmpty();
        assertThat(memberships().pageMembers(page)).isEmpty();
    }

    private static List<UserId> byId(List<User> users) {
        return users.stream().map(User::id).sorted(Comparator.comparingLong(UserId::value)).toList();
    }
}
