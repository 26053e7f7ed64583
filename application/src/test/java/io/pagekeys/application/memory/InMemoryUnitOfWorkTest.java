package io.pagekeys.application.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.UnitOfWorkContract;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.Incident;
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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryUnitOfWorkTest extends UnitOfWorkContract {

    private static final Instant NOW = MutableClock.DEFAULT_START;

    @Override
    protected DrivenPorts ports() {
        return InMemoryPorts.ofNewStore();
    }

    @Test
    void aFailedUnitLeavesEveryTableExactlyAsItWas() {
        InMemoryStore store = new InMemoryStore();
        SequenceRandomSource random = new SequenceRandomSource();
        Organization organization = store.organizations().create("Before", NOW);
        User owner = store.users().findOrCreate(EmailAddress.of("owner@example.com"), NOW);
        StatusPage page = StatusPage.create(Subdomain.of("before"), organization.id(), "Before", NOW);
        store.statusPages().add(page);
        store.memberships().save(Membership.organizationLevel(owner.id(), organization.id(), Role.OWNER));
        store.memberships().save(Membership.pageLevel(owner.id(), organization.id(), page.subdomain(), Role.VIEWER));
        ApiKey key = userKey(random, organization, owner, PageRule.selected(List.of(page.subdomain())));
        store.apiKeys().add(key);
        store.keyEvents().append(KeyEvent.issued(key, Actor.operator(), NOW));
        Incident incident = store.incidents().add(Incident.open(page.subdomain(), "Before", IncidentType.MINOR, List.of(), NOW));
        List<Object> before = store.read(InMemoryStore.Tables::rows);

        assertThatThrownBy(() -> store.unitOfWork().execute(() -> {
            Organization doomed = store.organizations().create("Doomed", NOW);
            User newcomer = store.users().findOrCreate(EmailAddress.of("newcomer@example.com"), NOW);
            store.statusPages().add(StatusPage.create(Subdomain.of("doomed"), doomed.id(), "Doomed", NOW));
            store.memberships().save(Membership.organizationLevel(newcomer.id(), doomed.id(), Role.OWNER));
            store.memberships().removeAll(owner.id(), organization.id());
            ApiKey.Rotated rotated = key.rotate(ApiKeyId.generate(random.nextBytes(ApiKeyId.RANDOM_BYTES)),
                    Token.generate(KeyKind.USER, random.nextBytes(Token.SECRET_BYTES)),
                    GracePeriod.ofSeconds(60), Actor.operator(), NOW.plusSeconds(1));
            store.apiKeys().add(rotated.replacement());
            store.apiKeys().update(rotated.old());
            store.apiKeys().recordUse(key.id(), NOW.plusSeconds(2));
            store.keyEvents().append(KeyEvent.rotated(key, rotated.replacement().id(), Actor.operator(), NOW.plusSeconds(1)));
            store.incidents().update(incident.retitled("Renamed"));
            store.incidents().add(Incident.open(page.subdomain(), "Doomed", IncidentType.MAJOR, List.of(), NOW));
            store.statusPages().update(page.renamed("Renamed", NOW.plusSeconds(3)));
            store.apiKeys().forgetPage(page.subdomain());
            store.statusPages().remove(page.subdomain());
            throw new IllegalStateException("the work fails at the end");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store.read(InMemoryStore.Tables::rows)).isEqualTo(before);
    }

    @Test
    void aDeferredForeignKeyBrokenAtTheEndOfTheUnitUndoesTheUnit() {
        InMemoryStore store = new InMemoryStore();
        SequenceRandomSource random = new SequenceRandomSource();
        Organization organization = store.organizations().create("Org", NOW);
        User owner = store.users().findOrCreate(EmailAddress.of("owner@example.com"), NOW);
        ApiKey key = userKey(random, organization, owner, PageRule.allPages());
        store.apiKeys().add(key);
        ApiKey.Rotated rotated = key.rotate(ApiKeyId.generate(random.nextBytes(ApiKeyId.RANDOM_BYTES)),
                Token.generate(KeyKind.USER, random.nextBytes(Token.SECRET_BYTES)),
                GracePeriod.none(), Actor.operator(), NOW.plusSeconds(1));
        Subdomain page = Subdomain.of("in-the-same-unit");

        assertThatThrownBy(() -> store.unitOfWork().execute(() -> {
            store.statusPages().add(StatusPage.create(page, organization.id(), "Same unit", NOW));
            store.apiKeys().update(rotated.old());
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("foreign key");

        assertThat(store.apiKeys().findById(key.id())).contains(key);
        assertThat(store.statusPages().find(page)).isEmpty();
    }

    @Test
    void nestedUnitsWaitForTheOuterOneToCheckDeferredForeignKeys() {
        InMemoryStore store = new InMemoryStore();
        SequenceRandomSource random = new SequenceRandomSource();
        Organization organization = store.organizations().create("Org", NOW);
        User owner = store.users().findOrCreate(EmailAddress.of("owner@example.com"), NOW);
        ApiKey key = userKey(random, organization, owner, PageRule.allPages());
        store.apiKeys().add(key);
        ApiKey.Rotated rotated = key.rotate(ApiKeyId.generate(random.nextBytes(ApiKeyId.RANDOM_BYTES)),
                Token.generate(KeyKind.USER, random.nextBytes(Token.SECRET_BYTES)),
                GracePeriod.none(), Actor.operator(), NOW.plusSeconds(1));

        store.unitOfWork().execute(() -> {
            store.unitOfWork().execute(() -> store.apiKeys().update(rotated.old()));
            store.apiKeys().add(rotated.replacement());
        });

        assertThat(store.apiKeys().findById(key.id())).contains(rotated.old());
    }

    @Test
    void anIdDrawnInAFailedUnitIsNotHandedOutAgain() {
        InMemoryStore store = new InMemoryStore();

        assertThatThrownBy(() -> store.unitOfWork().execute(() -> {
            store.organizations().create("Doomed", NOW);
            throw new IllegalStateException("fails");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store.organizations().create("Second", NOW).id().value()).isEqualTo(2);
        assertThat(store.organizations().findById(OrganizationId.of(1))).isEmpty();
    }

    @Test
    void whatAnActionThrowsAfterTheCommitIsKeptForTestsToSee() {
        InMemoryStore store = new InMemoryStore();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");

        store.unitOfWork().execute(() -> store.unitOfWork().afterCommit(() -> {
            throw first;
        }));
        store.unitOfWork().execute(() -> {
            store.unitOfWork().afterCommit(() -> {
                throw second;
            });
            store.unitOfWork().afterCommit(() -> {});
        });

        assertThat(store.afterCommitFailures()).containsExactly(first, second);
    }

    private static ApiKey userKey(SequenceRandomSource random, Organization organization, User user, PageRule rule) {
        return ApiKey.issueUserKey(ApiKeyId.generate(random.nextBytes(ApiKeyId.RANDOM_BYTES)), organization.id(), user.id(),
                KeySettings.of(KeyName.of("key"), KeyScope.readOnly()).withPageRule(rule),
                Token.generate(KeyKind.USER, random.nextBytes(Token.SECRET_BYTES)), Actor.user(user.id()), NOW);
    }
}
