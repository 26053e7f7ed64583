package io.pagekeys.domain;

import static io.pagekeys.domain.Fixtures.ALICE;
import static io.pagekeys.domain.Fixtures.API_STATUS;
import static io.pagekeys.domain.Fixtures.STATUS;
import static io.pagekeys.domain.Fixtures.only;
import static io.pagekeys.domain.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access rule over the whole product of holder (organization-level role or none x page-level role
 * on the target page or none) x key kind x scope preset x page rule x permission, against an oracle
 * that restates DESIGN.md here, as data, without asking the production code what a role grants.
 */
class AccessRuleTableTest {

    /** DESIGN.md's role-to-permission table, copied as it is written there. */
    private static final String ROLE_TABLE = """
            | permission            | OWNER | ADMIN | EDITOR | BILLING | VIEWER |
            |-----------------------|:-----:|:-----:|:------:|:-------:|:------:|
            | pages.read            |   x   |   x   |   x    |         |   x    |
            | incidents.write       |   x   |   x   |   x    |         |        |
            | pages.write           |   x   |   x   |        |         |        |
            | pages.delete          |   x   |       |        |         |        |
            | page_members.manage   |   x   |       |        |         |        |
            | pages.create (org)    |   x   |   x   |        |         |        |
            | members.manage (org)  |   x   |       |        |         |        |
            | billing.read (org)    |   x   |       |        |    x    |        |
            | api_keys.manage (org) |   x   |       |        |         |        |
            | own_api_keys.manage   |   x   |   x   |   x    |    x    |   x    |
            """;

    private static final Set<String> PAGE_SCOPED =
            Set.of("pages.read", "incidents.write", "pages.write", "pages.delete", "page_members.manage");

    private static final String OWN_API_KEYS = "own_api_keys.manage";

    private static final Map<String, Set<String>> PRESETS = Map.of(
            "read_only", Set.of("pages.read"),
            "read_write", Set.of("pages.read", "incidents.write", "pages.write", "pages.create", "pages.delete"),
            "full", Set.of("pages.read", "incidents.write", "pages.write", "pages.delete", "page_members.manage",
                    "pages.create", "members.manage", "billing.read", "api_keys.manage", OWN_API_KEYS));

    /** Role name to the permission codes it grants, read from {@link #ROLE_TABLE}. */
    private static final Map<String, Set<String>> GRANTS = grantsFrom(ROLE_TABLE);

    private static final List<String> ROLES = List.of("OWNER", "ADMIN", "EDITOR", "BILLING", "VIEWER");
    private static final List<String> PAGE_ROLES = List.of("OWNER", "ADMIN", "EDITOR", "VIEWER");

    /** Which pages the key admits, relative to the target page {@link Fixtures#STATUS}. */
    enum Pages {
        ALL,
        SELECTED_WITH_TARGET,
        SELECTED_WITHOUT_TARGET;

        PageRule rule() {
            return switch (this) {
                case ALL -> PageRule.allPages();
                case SELECTED_WITH_TARGET -> only(STATUS, API_STATUS);
                case SELECTED_WITHOUT_TARGET -> only(API_STATUS);
            };
        }
    }

    /** Alice's memberships in the key's organization: at organization level, on the target page, both or none. */
    record Holder(Optional<String> organizationRole, Optional<String> pageRole) {

        MemberRoles roles() {
            List<Membership> memberships = new ArrayList<>();
            organizationRole.ifPresent(role -> memberships.add(Fixtures.atOrganization(Role.valueOf(role))));
            pageRole.ifPresent(role -> memberships.add(Fixtures.onPage(STATUS, Role.valueOf(role))));
            return MemberRoles.of(memberships);
        }

        @Override
        public String toString() {
            if (organizationRole.isEmpty() && pageRole.isEmpty()) {
                return "no membership";
            }
            return organizationRole.map(role -> "org " + role.toLowerCase()).orElse("")
                    + (organizationRole.isPresent() && pageRole.isPresent() ? " + " : "")
                    + pageRole.map(role -> "page " + role.toLowerCase()).orElse("");
        }
    }

    record Case(Holder holder, KeyKind kind, String preset, Pages pages, Permission permission) {

        ApiKey key() {
            KeySettings settings = settings(KeyScope.parse(preset), pages.rule());
            return kind == KeyKind.USER ? Fixtures.userKey(ALICE, settings) : Fixtures.organizationKey(settings);
        }

        /** The target the oracle reads from the permission: the page for page-scoped ones, else the organization. */
        AccessTarget target() {
            return PAGE_SCOPED.contains(permission.code())
                    ? AccessTarget.page(Fixtures.ACME, STATUS)
                    : AccessTarget.organization(Fixtures.ACME);
        }

        @Override
        public String toString() {
            return kind.code() + " key, " + preset + ", " + pages.name().toLowerCase() + ", " + holder + ": " + permission.code();
        }
    }

    /** What the oracle expects: allowed, or the reason of the first failing rule. */
    record Expected(Optional<DenialReason> reason) {

        @Override
        public String toString() {
            return reason.map(r -> "denied " + r.name()).orElse("allowed");
        }
    }

    static Stream<Arguments> everyCombination() {
        return cases().stream().map(c -> Arguments.of(c, oracle(c)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyCombination")
    void decisionFollowsTheDesignTable(Case c, Expected expected) {
        AccessRequest request = new AccessRequest(
                PresentedKey.found(c.key()), c.holder().roles(), c.target(), c.permission(), Optional.empty(), Fixtures.NOW);

        AccessDecision decision = AccessRule.decide(request);

        Optional<DenialReason> actual = decision instanceof AccessDecision.Denied denied
                ? Optional.of(denied.reason())
                : Optional.empty();
        assertThat(new Expected(actual)).isEqualTo(expected);
        assertThat(decision.isAllowed()).as("isAllowed of %s", decision).isEqualTo(expected.reason().isEmpty());
    }

    @Test
    void theTableCoversEveryCombinationOnce() {
        List<Case> cases = cases();

        // (1 + 5 organization roles) x (1 + 4 page roles) x 2 kinds x 3 presets x 3 page rules x 10 permissions
        assertThat(cases).hasSize(6 * 5 * 2 * 3 * 3 * 10).doesNotHaveDuplicates();
        assertThat(cases).extracting(Case::permission).containsOnly(Permission.values());
    }

    @Test
    void theRestatedTableNamesExactlyTheCatalogue() {
        Set<String> catalogue = Arrays.stream(Permission.values()).map(Permission::code).collect(Collectors.toSet());

        assertThat(GRANTS).containsOnlyKeys(ROLES);
        assertThat(GRANTS.get("OWNER")).isEqualTo(catalogue);
        assertThat(PRESETS.get("full")).isEqualTo(catalogue);
        assertThat(catalogue).containsAll(PAGE_SCOPED);
    }

    @Test
    void everyOutcomeOccursInTheTable() {
        Set<Expected> outcomes = cases().stream().map(AccessRuleTableTest::oracle).collect(Collectors.toSet());

        // The product reaches each of rules 6-8 and the allowed answer, so no branch of the rule goes untested.
        assertThat(outcomes).containsExactlyInAnyOrder(
                new Expected(Optional.empty()),
                new Expected(Optional.of(DenialReason.SCOPE_EXCLUDES)),
                new Expected(Optional.of(DenialReason.PAGE_NOT_IN_KEY)),
                new Expected(Optional.of(DenialReason.NO_MEMBERSHIP)),
                new Expected(Optional.of(DenialReason.ROLE_EXCLUDES)));
    }

    private static List<Case> cases() {
        List<Holder> holders = new ArrayList<>();
        for (Optional<String> organizationRole : withNone(ROLES)) {
            for (Optional<String> pageRole : withNone(PAGE_ROLES)) {
                holders.add(new Holder(organizationRole, pageRole));
            }
        }
        List<Case> cases = new ArrayList<>();
        for (Holder holder : holders) {
            for (KeyKind kind : KeyKind.values()) {
                for (String preset : List.of("read_only", "read_write", "full")) {
                    for (Pages pages : Pages.values()) {
                        for (Permission permission : Permission.values()) {
                            cases.add(new Case(holder, kind, preset, pages, permission));
                        }
                    }
                }
            }
        }
        return cases;
    }

    private static List<Optional<String>> withNone(List<String> roles) {
        List<Optional<String>> result = new ArrayList<>();
        result.add(Optional.empty());
        roles.forEach(role -> result.add(Optional.of(role)));
        return result;
    }

    /**
     * DESIGN.md's access rule, rules 6 to 8 (the key is usable, unrestricted by address, and of the
     * target's organization in every case of the table).
     */
    private static Expected oracle(Case c) {
        String permission = c.permission().code();
        boolean pageScoped = PAGE_SCOPED.contains(permission);

        // 6. the permission is in the key's scope
        if (!PRESETS.get(c.preset()).contains(permission)) {
            return denied(DenialReason.SCOPE_EXCLUDES);
        }
        // 7. the page rule admits the page; org-scoped permissions but own_api_keys.manage need all pages
        boolean pageAdmitted = pageScoped
                ? c.pages() != Pages.SELECTED_WITHOUT_TARGET
                : c.pages() == Pages.ALL || permission.equals(OWN_API_KEYS);
        if (!pageAdmitted) {
            return denied(DenialReason.PAGE_NOT_IN_KEY);
        }
        // 8. user keys only: the effective role exists and grants the permission
        if (c.kind() == KeyKind.ORGANIZATION) {
            return new Expected(Optional.empty());
        }
        List<String> counting = new ArrayList<>();
        if (permission.equals(OWN_API_KEYS)) {
            // any membership in the organization
            c.holder().organizationRole().ifPresent(counting::add);
            c.holder().pageRole().ifPresent(counting::add);
        } else if (pageScoped) {
            // the page-level role if any, else the organization-level one
            c.holder().pageRole().or(() -> c.holder().organizationRole()).ifPresent(counting::add);
        } else {
            // organization level only
            c.holder().organizationRole().ifPresent(counting::add);
        }
        if (counting.isEmpty()) {
            return denied(DenialReason.NO_MEMBERSHIP);
        }
        boolean granted = counting.stream().anyMatch(role -> GRANTS.get(role).contains(permission));
        return granted ? new Expected(Optional.empty()) : denied(DenialReason.ROLE_EXCLUDES);
    }

    private static Expected denied(DenialReason reason) {
        return new Expected(Optional.of(reason));
    }

    private static Map<String, Set<String>> grantsFrom(String table) {
        List<String[]> rows = table.lines()
                .filter(line -> !line.isBlank() && !line.contains("---"))
                .map(line -> line.strip().split("\\|", -1))
                .toList();
        String[] header = rows.get(0);
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        for (int column = 2; column < header.length - 1; column++) {
            String role = header[column].strip();
            Set<String> permissions = new java.util.HashSet<>();
            for (String[] row : rows.subList(1, rows.size())) {
                if (row[column].strip().equals("x")) {
                    permissions.add(row[1].replace("(org)", "").strip());
                }
            }
            grants.put(role, Set.copyOf(permissions));
        }
        return grants;
    }
}
