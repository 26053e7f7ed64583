package io.pagekeys.domain;

import static io.pagekeys.domain.Fixtures.ACME;
import static io.pagekeys.domain.Fixtures.ALICE;
import static io.pagekeys.domain.Fixtures.API_STATUS;
import static io.pagekeys.domain.Fixtures.BOB;
import static io.pagekeys.domain.Fixtures.GLOBEX;
import static io.pagekeys.domain.Fixtures.STATUS;
import static io.pagekeys.domain.Fixtures.atOrganization;
import static io.pagekeys.domain.Fixtures.onPage;
import static io.pagekeys.domain.Fixtures.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MembershipTest {

    @Test
    void billingExistsOnlyAtOrganizationLevel() {
        assertThat(atOrganization(Role.BILLING).role()).isEqualTo(Role.BILLING);
        assertThatThrownBy(() -> onPage(STATUS, Role.BILLING))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("role"));
        assertThatThrownBy(() -> onPage(STATUS, Role.VIEWER).withRole(Role.BILLING)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "BILLING", mode = EnumSource.Mode.EXCLUDE)
    void everyOtherRoleExistsOnAPage(Role role) {
        Membership membership = onPage(STATUS, role);

        assertThat(membership.isOrganizationLevel()).isFalse();
        assertThat(membership.page()).contains(STATUS);
    }

    @Test
    void pageLevelRoleOverridesTheOrganizationLevelOneOnItsPageOnly() {
        MemberRoles roles = roles(atOrganization(Role.ADMIN), onPage(STATUS, Role.VIEWER));

        assertThat(roles.roleOn(STATUS)).contains(Role.VIEWER);
        assertThat(roles.roleOn(API_STATUS)).contains(Role.ADMIN);
        assertThat(roles.organizationRole()).contains(Role.ADMIN);
        assertThat(roles.mayOnPage(Permission.PAGES_WRITE, STATUS)).isFalse();
        assertThat(roles.mayOnPage(Permission.PAGES_WRITE, API_STATUS)).isTrue();
    }

    @Test
    void pageOnlyMemberIsAMemberWithoutOrganizationRole() {
        MemberRoles roles = roles(onPage(STATUS, Role.EDITOR));

        assertThat(roles.isMember()).isTrue();
        assertThat(roles.organizationRole()).isEmpty();
        assertThat(roles.roleOn(STATUS)).contains(Role.EDITOR);
        assertThat(roles.roleOn(API_STATUS)).isEmpty();
    }

    @Test
    void noMembershipsIsNoMember() {
        assertThat(MemberRoles.none().isMember()).isFalse();
        assertThat(MemberRoles.of(List.of())).isEqualTo(MemberRoles.none());
        assertThat(MemberRoles.none().roleOn(STATUS)).isEmpty();
    }

    @Test
    void membershipsOfDifferentUsersAreRefused() {
        Membership bobs = Membership.organizationLevel(BOB, ACME, Role.OWNER);

        assertThatThrownBy(() -> MemberRoles.of(List.of(onPage(STATUS, Role.VIEWER), bobs)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void membershipsInDifferentOrganizationsAreRefused() {
        Membership inGlobex = Membership.organizationLevel(ALICE, GLOBEX, Role.OWNER);

        assertThatThrownBy(() -> MemberRoles.of(List.of(atOrganization(Role.VIEWER), inGlobex)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoMembershipsAtTheSameLevelAreRefused() {
        assertThatThrownBy(() -> roles(atOrganization(Role.VIEWER), atOrganization(Role.OWNER)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> roles(onPage(STATUS, Role.VIEWER), onPage(STATUS, Role.OWNER)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolesAreEqualByContent() {
        assertThat(roles(onPage(STATUS, Role.VIEWER), atOrganization(Role.ADMIN)))
                .isEqualTo(roles(atOrganization(Role.ADMIN), onPage(STATUS, Role.VIEWER)))
                .isNotEqualTo(roles(atOrganization(Role.ADMIN)));
    }
}
