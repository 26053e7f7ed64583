package io.pagekeys.application.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the in-memory store does beyond the contracts: the database's rules it mimics, and its switch. */
class InMemoryStoreTest {

    private static final Instant NOW = MutableClock.DEFAULT_START;

    private final InMemoryStore store = new InMemoryStore();
    private final SequenceRandomSource random = new SequenceRandomSource();

    @Test
    void idsCountFromOneAsInAFreshDatabase() {
        Organization organization = store.organizations().create("First", NOW);
        User user = store.users().findOrCreate(EmailAddress.of("first@example.com"), NOW);
        store.statusPages().add(StatusPage.create(Subdomain.of("first"), organization.id(), "First", NOW));
        Incident incident = store.incidents().add(
                Incident.open(Subdomain.of("first"), "First", IncidentType.MINOR, List.of(), NOW));

        assertThat(organization.id()).isEqualTo(OrganizationId.of(1));
        assertThat(user.id()).isEqualTo(UserId.of(1));
        assertThat(incident.id()).contains(IncidentId.of(1));
        assertThat(store.organizations().create("Second", NOW).id()).isEqualTo(OrganizationId.of(2));
    }

    @Test
    void whileSwitchedOffEveryPortMethodThrowsStoreUnavailable() {
        Fixture fixture = new Fixture();
        store.failAll(true);

        for (Executable call : fixture.everyPortCall()) {
            assertThatThrownBy(call::execute).isInstanceOf(StoreUnavailableException.class);
        }
        assertThatThrownBy(() -> store.unitOfWork().run(() -> "never runs"))
                .isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.code()).isEqualTo("store_unavailable"));
    }

    @Test
    void switchedOnAgainTheStoreHasItsDataBack() {
        Fixture fixture = new Fixture();
        store.failAll(true);
        store.failAll(false);

        assertThat(store.apiKeys().findById(fixture.key.id())).contains(fixture.key);
        assertThat(store.statusPages().find(fixture.page.subdomain())).contains(fixture.page);
    }

    @Test
    void switchingOffDuringAUnitOfWorkFailsItsNextCallAndUndoesIt() {
        Fixture fixture = new Fixture();

        assertThatThrownBy(() -> store.unitOfWork().execute(() -> {
            store.apiKeys().recordUse(fixture.key.id(), NOW.plusSeconds(5));
            store.failAll(true);
            store.apiKeys().findById(fixture.key.id());
        })).isInstanceOf(StoreUnavailableException.class);
        store.failAll(false);

        assertThat(store.apiKeys().findById(fixture.key.id()).orElseThrow().lastUsedAt()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignKeyViolations")
    void aRowThatRefersToNothingIsRefusedAsTheDatabaseWouldRefuseIt(String what, ForeignKeyViolation violation) {
        Fixture fixture = new Fixture();
        List<Object> before = store.read(InMemoryStore.Tables::rows);

        assertThatThrownBy(() -> violation.attempt(fixture))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("foreign key");
        assertThat(store.read(InMemoryStore.Tables::rows)).isEqualTo(before);
    }

    static Stream<Arguments> foreignKeyViolations() {
        return Stream.of(
                violation("a page of an unknown organization", f -> f.store().statusPages()
                        .add(StatusPage.create(Subdomain.of("orphan"), OrganizationId.of(999), "Orphan", NOW))),
                violation("a membership of an unknown user", f -> f.store().memberships()
                        .save(Membership.organizationLevel(UserId.of(999), f.organization.id(), Role.VIEWER))),
                violation("a membership of an unknown organization", f -> f.store().memberships()
                        .save(Membership.organizationLevel(f.owner.id(), OrganizationId.of(999), Role.VIEWER))),
                violation("a membership on a page of another organization", f -> f.store().memberships()
                        .save(Membership.pageLevel(f.owner.id(), f.organization.id(), f.otherPage.subdomain(), Role.VIEWER))),
                violation("a key of an unknown user", f -> f.store().apiKeys()
                        .add(f.userKey(UserId.of(999), PageRule.allPages()))),
                violation("a key selecting a page of another organization", f -> f.store().apiKeys()
                        .add(f.userKey(f.owner.id(), PageRule.selected(List.of(f.otherPage.subdomain()))))),
                violation("a key updated to select an unknown page", f -> f.store().apiKeys().update(ApiKey.restore(
                        f.key.id(), f.key.kind(), f.key.organization(), f.key.user(),
                        f.key.settings().withPageRule(PageRule.selected(List.of(Subdomain.of("nowhere")))),
                        f.key.fingerprint(), f.key.hint(), f.key.createdAt(), f.key.createdBy(), f.key.lastUsedAt(),
                        f.key.revocation(), f.key.rotation()))),
                violation("a key rotated to an unknown replacement", f -> f.store().apiKeys().update(f.key.rotate(
                        ApiKeyId.generate(f.random().nextBytes(ApiKeyId.RANDOM_BYTES)),
                        Token.generate(KeyKind.USER, f.random().nextBytes(Token.SECRET_BYTES)),
                        GracePeriod.none(), Actor.operator(), NOW.plusSeconds(1)).old())),
                violation("an incident on an unknown page", f -> f.store().incidents()
                        .add(Incident.open(Subdomain.of("nowhere"), "Lost", IncidentType.MINOR, List.of(), NOW))),
                violation("an event of an unknown key", f -> f.store().keyEvents().append(new KeyEvent(
                        ApiKeyId.generate(new byte[ApiKeyId.RANDOM_BYTES]), f.organization.id(), KeyEvent.Type.ISSUED,
                        Actor.operator(), NOW, Optional.empty()))),
                violation("an event of a key filed under another organization", f -> f.store().keyEvents().append(
                        new KeyEvent(f.key.id(), f.otherOrganization.id(), KeyEvent.Type.ISSUED, Actor.operator(), NOW,
                                Optional.empty()))),
                violation("an event naming an unknown related key", f -> f.store().keyEvents().append(
                        new KeyEvent(f.key.id(), f.organization.id(), KeyEvent.Type.ROTATED, Actor.operator(), NOW,
                                Optional.of(ApiKeyId.generate(new byte[ApiKeyId.RANDOM_BYTES]))))));
    }

    @Test
    void anInstantFinerThanAMicrosecondIsRefusedAsTheDatabaseWouldNotKeepIt() {
        Fixture fixture = new Fixture();
        Instant finer = NOW.plusNanos(1);

        assertThatThrownBy(() -> store.organizations().create("Too fine", finer)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.users().findOrCreate(EmailAddress.of("fine@example.com"), finer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.apiKeys().recordUse(fixture.key.id(), finer))
                .hasMessageContaining("microsecond");
        assertThatThrownBy(() -> store.statusPages().update(fixture.page.renamed("Renamed", finer)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.keyEvents().append(KeyEvent.revoked(fixture.key, Actor.operator(), finer)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removingAPageTakesItOutOfEverySelectionAsTheSchemaCascades() {
        Fixture fixture = new Fixture();
        StatusPage second = StatusPage.create(Subdomain.of("second"), fixture.organization.id(), "Second", NOW);
        store.statusPages().add(second);
        PageRule both = PageRule.selected(List.of(fixture.page.subdomain(), second.subdomain()));
        ApiKey key = fixture.userKey(fixture.owner.id(), both);
        store.apiKeys().add(key);

        store.statusPages().remove(fixture.page.subdomain());

        assertThat(store.apiKeys().findById(key.id()).orElseThrow().pageRule())
                .isEqualTo(PageRule.selected(List.of(second.subdomain())));
    }

    @Test
    void aNewIncidentMustNotHaveAnIdYet() {
        Fixture fixture = new Fixture();
        Incident withId = Incident.open(fixture.page.subdomain(), "Has an id", IncidentType.MINOR, List.of(), NOW)
                .withId(IncidentId.of(7));

        assertThatThrownBy(() -> store.incidents().add(withId)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Arguments violation(String what, ForeignKeyViolation violation) {
        return Arguments.of(what, violation);
    }

    @FunctionalInterface
    interface ForeignKeyViolation {
        void attempt(Fixture fixture);
    }

    /** An organization with an owner, a page and a key of the owner; and another organization with a page. */
    final class Fixture {

        final Organization organization = store.organizations().create("Org", NOW);
        final Organization otherOrganization = store.organizations().create("Other", NOW);
        final User owner = store.users().findOrCreate(EmailAddress.of("owner@example.com"), NOW);
        final StatusPage page = StatusPage.create(Subdomain.of("page"), organization.id(), "Page", NOW);
        final StatusPage otherPage = StatusPage.create(Subdomain.of("other-page"), otherOrganization.id(), "Other", NOW);
        final ApiKey key;

        Fixture() {
            store.statusPages().add(page);
            store.statusPages().add(otherPage);
            store.memberships().save(Membership.organizationLevel(owner.id(), organization.id(), Role.OWNER));
            key = userKey(owner.id(), PageRule.allPages());
            store.apiKeys().add(key);
        }

        InMemoryStore store() {
            return store;
        }

        SequenceRandomSource random() {
            return random;
        }

        ApiKey userKey(UserId user, PageRule rule) {
            return ApiKey.issueUserKey(ApiKeyId.generate(random.nextBytes(ApiKeyId.RANDOM_BYTES)), organization.id(), user,
                    KeySettings.of(KeyName.of("key"), KeyScope.readOnly()).withPageRule(rule),
                    Token.generate(KeyKind.USER, random.nextBytes(Token.SECRET_BYTES)), Actor.user(owner.id()), NOW);
        }

        List<Executable> everyPortCall() {
            return List.of(
                    () -> store.apiKeys().add(userKey(owner.id(), PageRule.allPages())),
                    () -> store.apiKeys().update(key),
                    () -> store.apiKeys().findById(key.id()),
                    () -> store.apiKeys().lockById(key.id()),
                    () -> store.apiKeys().findByFingerprint(key.fingerprint()),
                    () -> store.apiKeys().organizationKeys(organization.id()),
                    () -> store.apiKeys().userKeys(organization.id()),
                    () -> store.apiKeys().userKeys(organization.id(), owner.id()),
                    () -> store.apiKeys().recordUse(key.id(), NOW),
                    () -> store.apiKeys().forgetPage(page.subdomain()),
                    () -> store.memberships().of(owner.id(), organization.id()),
                    () -> store.memberships().organizationLevel(owner.id(), organization.id()),
                    () -> store.memberships().pageLevel(owner.id(), page.subdomain()),
                    () -> store.memberships().organizationMembers(organization.id()),
                    () -> store.memberships().pageMembers(page.subdomain()),
                    () -> store.memberships().save(Membership.organizationLevel(owner.id(), organization.id(), Role.ADMIN)),
                    () -> store.memberships().remove(owner.id(), organization.id(), Optional.empty()),
                    () -> store.memberships().removeAll(owner.id(), organization.id()),
                    () -> store.organizations().create("New", NOW),
                    () -> store.organizations().findById(organization.id()),
                    () -> store.organizations().lockById(organization.id()),
                    () -> store.users().findOrCreate(EmailAddress.of("new@example.com"), NOW),
                    () -> store.users().findById(owner.id()),
                    () -> store.users().findByEmail(owner.email()),
                    () -> store.statusPages().add(StatusPage.create(Subdomain.of("new"), organization.id(), "New", NOW)),
                    () -> store.statusPages().update(page),
                    () -> store.statusPages().find(page.subdomain()),
                    () -> store.statusPages().of(organization.id()),
                    () -> store.statusPages().remove(page.subdomain()),
                    () -> store.incidents().add(Incident.open(page.subdomain(), "New", IncidentType.MINOR, List.of(), NOW)),
                    () -> store.incidents().update(Incident.open(page.subdomain(), "New", IncidentType.MINOR, List.of(), NOW)
                            .withId(IncidentId.of(1))),
                    () -> store.incidents().findById(IncidentId.of(1)),
                    () -> store.incidents().lockById(IncidentId.of(1)),
                    () -> store.incidents().of(page.subdomain()),
                    () -> store.keyEvents().append(KeyEvent.issued(key, Actor.operator(), NOW)),
                    () -> store.keyEvents().of(organization.id()),
                    () -> store.keyEvents().of(key.id()));
        }
    }
}
