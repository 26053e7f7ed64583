package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.port.out.contract.ApiKeysContract;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqApiKeysTest extends ApiKeysContract {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static final Pattern WRITES_SELECTION = Pattern.compile("(?i)^\\s*(insert\\s+into|delete\\s+from)\\s+\"?api_key_pages\\b.*",
            Pattern.DOTALL);

    private static DrivenPorts ports;

    @Override
    protected DrivenPorts ports() {
        // One set of adapters for the class, as a server has: no test assumes an empty store.
        if (ports == null) {
            ports = JooqPorts.on(database.dataSource());
        }
        return ports;
    }

    @Test
    void revokingRotatingOrUsingAKeyLeavesItsStoredSelectionAlone() {
        InterceptedDataSource intercepted = new InterceptedDataSource(database.dataSource());
        DrivenPorts watched = JooqPorts.on(intercepted.dataSource());
        Organization organization = anOrganization();
        StatusPage first = aPageOf(organization);
        StatusPage second = aPageOf(organization);
        ApiKey key = organizationKey(organization,
                readOnlyEverywhere().withPageRule(PageRule.selected(Set.of(first.subdomain(), second.subdomain()))), at(1));
        watched.apiKeys().add(key);
        ApiKey.Rotated rotated = key.usedAt(at(2)).rotate(newKeyId(), newToken(KeyKind.ORGANIZATION), GracePeriod.ofSeconds(60),
                Actor.operator(), at(3));
        watched.apiKeys().add(rotated.replacement());
        intercepted.forget();

        watched.apiKeys().update(key.usedAt(at(2)));
        watched.apiKeys().update(rotated.old());
        watched.apiKeys().update(rotated.old().revoke(Actor.operator(), at(4)));

        assertThat(intercepted.statements()).hasSize(3).noneMatch(statement -> WRITES_SELECTION.matcher(statement).matches());
        assertThat(watched.apiKeys().findById(key.id())).contains(rotated.old().revoke(Actor.operator(), at(4)));
    }

    @Test
    void changingTheSelectionWritesOnlyThePagesThatComeAndGo() {
        InterceptedDataSource intercepted = new InterceptedDataSource(database.dataSource());
        DrivenPorts watched = JooqPorts.on(intercepted.dataSource());
        Organization organization = anOrganization();
        Subdomain kept = aPageOf(organization).subdomain();
        Subdomain leaving = aPageOf(organization).subdomain();
        Subdomain coming = aPageOf(organization).subdomain();
        ApiKey key = organizationKey(organization, readOnlyEverywhere().withPageRule(PageRule.selected(Set.of(kept, leaving))), at(1));
        watched.apiKeys().add(key);
        ApiKey reselected = withPageRule(key, PageRule.selected(Set.of(kept, coming)));
        intercepted.forget();

        watched.apiKeys().update(reselected);

        List<String> writes = intercepted.statements().stream().filter(statement -> WRITES_SELECTION.matcher(statement).matches()).toList();
        assertThat(writes).hasSize(2);
        assertThat(watched.apiKeys().findById(key.id())).contains(reselected);
        assertThat(database.dsl().fetch("SELECT subdomain FROM api_key_pages WHERE key_id = ? ORDER BY subdomain", key.id().value())
                .getValues(0, String.class))
                .containsExactlyInAnyOrder(kept.value(), coming.value());
    }

    @Test
    void aKeySelectingAPageThatIsGoneIsAConflictAndIsNotStored() {
        Organization organization = anOrganization();
        Subdomain gone = aPageOf(organization).subdomain();
        ApiKey key = organizationKey(organization, readOnlyEverywhere().withPageRule(PageRule.selected(Set.of(gone))), at(1));
        // Deleted between the check of the use case and the insert of the selection.
        statusPages().remove(gone);

        assertThatThrownBy(() -> unitOfWork().execute(() -> apiKeys().add(key)))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo("conflict");
                    assertThat(e).hasMessageContaining("api_key_pages_page_fkey");
                });
        assertThat(apiKeys().findById(key.id())).isEmpty();
    }

    private static ApiKey withPageRule(ApiKey key, PageRule rule) {
        return ApiKey.restore(key.id(), key.kind(), key.organization(), key.user(), key.settings().withPageRule(rule),
                key.fingerprint(), key.hint(), key.createdAt(), key.createdBy(), key.lastUsedAt(), key.revocation(),
                key.rotation());
    }
}
