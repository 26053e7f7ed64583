package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Revocation;
import io.pagekeys.domain.Rotation;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of {@link io.pagekeys.application.port.out.ApiKeys}, for every adapter.
 *
 * <p>Where the port's javadoc leaves a choice, this contract makes it:
 *
 * <ul>
 *   <li>A key comes back equal ({@link ApiKey#equals}) to what was stored, every field included: page
 *       selection, allowed blocks (IPv4 and IPv6, bare addresses as /32 and /128), expiry, last use,
 *       revocation and rotation, instants to the microsecond.
 *   <li>{@code update} writes what can change after issue: settings, last use (as given: only
 *       {@code recordUse} keeps the later instant), revocation and rotation. Id, kind, organization,
 *       user, fingerprint, hint, creation instant and creator stay as added.
 *   <li>A rotated key's {@code replacedBy} must name a stored key by the end of the unit of work; within
 *       one, the old key may be updated before its replacement is added.
 *   <li>Lists are oldest first by creation instant; keys created at the same instant come by id in
 *       code-point order ({@code A < B < a < b}; in SQL, {@code COLLATE "C"}), so that lists are the same
 *       on every store.
 *   <li>A selection that loses its last page stays a selection, of no page
 *       ({@code new PageRule.SelectedPages(new TreeSet<>())}); it never becomes "all pages". A key may also be
 *       stored with such a selection.
 * </ul>
 */
public abstract class ApiKeysContract extends PortContract {

    // ---- round trips -------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void aKeyWithNoOptionalFieldComesBackAsItWasAdded(KeyKind kind) {
        Organization organization = anOrganization();
        ApiKey key = newKey(kind, organization, aUser(), readOnlyEverywhere(), at(1));

        apiKeys().add(key);

        assertFoundAsStored(key);
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void aKeyWithEveryOptionalFieldComesBackAsItWasAdded(KeyKind kind) {
        Organization organization = anOrganization();
        StatusPage first = aPageOf(organization);
        StatusPage second = aPageOf(organization);
        User user = aUser();
        KeySettings settings = everySetting(first, second);
        ApiKey replacement = newKey(kind, organization, user, settings, at(40));
        apiKeys().add(replacement);
        ApiKey template = newKey(kind, organization, user, settings, at(1));
        ApiKey key = ApiKey.restore(template.id(), kind, organization.id(), template.user(), settings,
                template.fingerprint(), template.hint(), template.createdAt(), Actor.key(newKeyId()),
                Optional.of(at(Duration.ofMillis(30_500))),
                Optional.of(new Revocation(at(Duration.ofNanos(50_000_001_000L)), Actor.operator())),
                Optional.of(new Rotation(at(40), Actor.user(user.id()), replacement.id(), at(40 + 3_600))));

        apiKeys().add(key);

        assertFoundAsStored(key);
        assertFoundAsStored(replacement);
    }

    @Test
    void aRotationIsStoredOnTheOldKeyAndPointsToItsReplacement() {
        Organization organization = anOrganization();
        User user = aUser();
        ApiKey old = userKey(organization, user, readOnlyEverywhere(), at(1));
        apiKeys().add(old);
        ApiKey.Rotated rotated = old.rotate(newKeyId(), newToken(KeyKind.USER), GracePeriod.ofSeconds(3_600),
                Actor.user(user.id()), at(60));

        apiKeys().add(rotated.replacement());
        apiKeys().update(rotated.old());

        assertFoundAsStored(rotated.old());
        assertFoundAsStored(rotated.replacement());
        assertThat(apiKeys().findById(old.id()).orElseThrow().rotation().orElseThrow().replacedBy())
                .isEqualTo(rotated.replacement().id());
    }

    @Test
    void aUnitOfWorkMayUpdateTheRotatedKeyBeforeAddingItsReplacement() {
        Organization organization = anOrganization();
        ApiKey old = anOrganizationKeyOf(organization, at(1));
        ApiKey.Rotated rotated = old.rotate(newKeyId(), newToken(KeyKind.ORGANIZATION), GracePeriod.none(),
                Actor.operator(), at(60));

        unitOfWork().execute(() -> {
            apiKeys().update(rotated.old());
            apiKeys().add(rotated.replacement());
        });

        assertFoundAsStored(rotated.old());
        assertFoundAsStored(rotated.replacement());
    }

    @Test
    void aRevokedKeyComesBackRevoked() {
        Organization organization = anOrganization();
        ApiKey key = anOrganizationKeyOf(organization, at(1));
        ApiKey revoked = key.revoke(Actor.key(newKeyId()), at(Duration.ofMillis(2_001)));

        apiKeys().update(revoked);

        assertFoundAsStored(revoked);
    }

    @Test
    void aKeyStoredWithASelectionOfNoPageComesBackSo() {
        Organization organization = anOrganization();
        PageRule noPage = new PageRule.SelectedPages(new TreeSet<>());
        ApiKey key = organizationKey(organization, readOnlyEverywhere().withPageRule(noPage), at(1));

        apiKeys().add(key);

        assertFoundAsStored(key);
        assertThat(apiKeys().findById(key.id()).orElseThrow().pageRule().code()).isEqualTo("selected");
    }

    // ---- update ------------------------------------------------------------------------------------

    @Test
    void updateReplacesTheSettingsWhetherOptionalFieldsComeOrGo() {
        Organization organization = anOrganization();
        StatusPage first = aPageOf(organization);
        StatusPage second = aPageOf(organization);
        StatusPage third = aPageOf(organization);
        ApiKey key = organizationKey(organization, everySetting(first, second), at(1));
        apiKeys().add(key);

        ApiKey plain = withSettings(key, KeySettings.of(KeyName.of("renamed"), KeyScope.readWrite()));
        apiKeys().update(plain);
        assertFoundAsStored(plain);

        ApiKey reselected = withSettings(key, new KeySettings(KeyName.of("again"), KeyScope.of(Permission.PAGES_READ),
                PageRule.selected(List.of(second.subdomain(), third.subdomain())),
                List.of(Cidr.parse("2001:db8:1::/48")), Optional.of(at(7_200))));
        apiKeys().update(reselected);
        assertFoundAsStored(reselected);
    }

    @Test
    void updateLeavesWhatIsFixedAtIssueAsItWasAdded() {
        Organization organization = anOrganization();
        User user = aUser();
        ApiKey key = userKey(organization, user, readOnlyEverywhere(), at(1));
        apiKeys().add(key);
        Token otherToken = newToken(KeyKind.USER);
        ApiKey tampered = ApiKey.restore(key.id(), KeyKind.USER, organization.id(), Optional.of(aUser().id()),
                key.settings(), otherToken.fingerprint(), otherToken.hint(), at(5), Actor.operator(),
                Optional.of(at(9)), Optional.empty(), Optional.empty());

        apiKeys().update(tampered);

        assertFoundAsStored(key.usedAt(at(9)));
        assertThat(apiKeys().findByFingerprint(otherToken.fingerprint())).isEmpty();
    }

    @Test
    void updateStoresTheLastUseAsGivenEvenWhenEarlier() {
        Organization organization = anOrganization();
        ApiKey key = anOrganizationKeyOf(organization, at(1));
        apiKeys().recordUse(key.id(), at(20));

        apiKeys().update(key.usedAt(at(10)));

        assertThat(apiKeys().findById(key.id()).orElseThrow().lastUsedAt()).contains(at(10));
    }

    @Test
    void updatingAKeyThatWasNeverAddedThrowsNotFound() {
        Organization organization = anOrganization();
        ApiKey key = organizationKey(organization, readOnlyEverywhere(), at(1));

        assertThatThrownBy(() -> apiKeys().update(key)).isInstanceOf(NotFoundException.class);
        assertThat(apiKeys().findById(key.id())).isEmpty();
    }

    // ---- uniqueness --------------------------------------------------------------------------------

    @Test
    void aTakenIdIsRefusedAsADuplicate() {
        Organization organization = anOrganization();
        ApiKey key = anOrganizationKeyOf(organization, at(1));
        ApiKey other = organizationKey(organization, readOnlyEverywhere(), at(2));
        ApiKey sameId = ApiKey.restore(key.id(), other.kind(), other.organization(), other.user(), other.settings(),
                other.fingerprint(), other.hint(), other.createdAt(), other.createdBy(), Optional.empty(),
                Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> apiKeys().add(sameId))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.DUPLICATE));
        assertFoundAsStored(key);
        assertThat(apiKeys().findByFingerprint(other.fingerprint())).isEmpty();
    }

    @Test
    void aTakenFingerprintIsRefusedAsADuplicate() {
        Organization organization = anOrganization();
        ApiKey key = anOrganizationKeyOf(organization, at(1));
        ApiKey sameToken = ApiKey.restore(newKeyId(), key.kind(), key.organization(), key.user(), key.settings(),
                key.fingerprint(), key.hint(), at(2), key.createdBy(), Optional.empty(), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> apiKeys().add(sameToken))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.DUPLICATE));
        assertThat(apiKeys().findById(sameToken.id())).isEmpty();
        assertThat(apiKeys().findByFingerprint(key.fingerprint())).contains(key);
    }

    // ---- finding -----------------------------------------------------------------------------------

    @Test
    void unknownIdsAndFingerprintsFindNothing() {
        ApiKeyId unknown = newKeyId();

        assertThat(apiKeys().findById(unknown)).isEmpty();
        assertThat(apiKeys().findByFingerprint(newToken(KeyKind.USER).fingerprint())).isEmpty();
        assertThat(apiKeys().findToDecide(newToken(KeyKind.USER).fingerprint())).isEmpty();
        assertThat(unitOfWork().run(() -> apiKeys().lockById(unknown))).isEmpty();
    }

    @Test
    void lockByIdFindsTheKeyInsideAUnitOfWork() {
        ApiKey key = anOrganizationKeyOf(anOrganization(), at(1));

        assertThat(unitOfWork().run(() -> apiKeys().lockById(key.id()))).contains(key);
    }

    // ---- lists -------------------------------------------------------------------------------------

    @Test
    void organizationKeysAreTheOrganizationKeysOfThatOrganizationInEveryStateOldestFirst() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        User member = aUser();
        ApiKey third = anOrganizationKeyOf(organization, at(30));
        ApiKey first = anOrganizationKeyOf(organization, at(10));
        ApiKey second = organizationKey(organization, readOnlyEverywhere().withExpiry(at(21)), at(20));
        apiKeys().add(second);
        apiKeys().add(userKey(organization, member, readOnlyEverywhere(), at(5)));
        anOrganizationKeyOf(other, at(15));
        ApiKey revokedFirst = first.revoke(Actor.operator(), at(40));
        apiKeys().update(revokedFirst);

        assertThat(apiKeys().organizationKeys(organization.id())).containsExactly(revokedFirst, second, third);
    }

    @Test
    void userKeysOfAnOrganizationAreEveryMembersKeysThereOldestFirst() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        User alice = aUser();
        User bob = aUser();
        ApiKey aliceLater = storedUserKey(organization, alice, at(30));
        ApiKey bobFirst = storedUserKey(organization, bob, at(10));
        ApiKey aliceFirst = storedUserKey(organization, alice, at(20));
        storedUserKey(other, alice, at(5));
        anOrganizationKeyOf(organization, at(1));
        ApiKey revoked = aliceFirst.revoke(Actor.user(alice.id()), at(40));
        apiKeys().update(revoked);

        assertThat(apiKeys().userKeys(organization.id())).containsExactly(bobFirst, revoked, aliceLater);
    }

    @Test
    void userKeysOfOneUserAreTheirKeysInThatOrganizationOnlyOldestFirst() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        User alice = aUser();
        User bob = aUser();
        ApiKey later = storedUserKey(organization, alice, at(30));
        ApiKey earlier = storedUserKey(organization, alice, at(10));
        storedUserKey(organization, bob, at(20));
        storedUserKey(other, alice, at(15));

        assertThat(apiKeys().userKeys(organization.id(), alice.id())).containsExactly(earlier, later);
        assertThat(apiKeys().userKeys(other.id(), bob.id())).isEmpty();
    }

    @Test
    void keysCreatedAtTheSameInstantAreListedByIdInCodePointOrder() {
        Organization organization = anOrganization();
        String stem = newKeyId().value().substring(0, "key_".length() + 16);
        List<String> endings = List.of("b", "A", "a", "B");
        for (String ending : endings) {
            Token token = newToken(KeyKind.ORGANIZATION);
            apiKeys().add(ApiKey.issueOrganizationKey(ApiKeyId.of(stem + ending), organization.id(),
                    readOnlyEverywhere(), token, Actor.operator(), at(1)));
        }

        assertThat(apiKeys().organizationKeys(organization.id()))
                .extracting(key -> key.id().value())
                .containsExactly(stem + "A", stem + "B", stem + "a", stem + "b");
    }

    @Test
    void organizationsWithoutKeysListNone() {
        Organization organization = anOrganization();

        assertThat(apiKeys().organizationKeys(organization.id())).isEmpty();
        assertThat(apiKeys().userKeys(organization.id())).isEmpty();
        assertThat(apiKeys().userKeys(organization.id(), aUser().id())).isEmpty();
    }

    // ---- last use ----------------------------------------------------------------------------------

    @Test
    void recordUseKeepsTheLaterInstant() {
        ApiKey key = anOrganizationKeyOf(anOrganization(), at(1));

        apiKeys().recordUse(key.id(), at(20));
        apiKeys().recordUse(key.id(), at(10));
        assertThat(apiKeys().findById(key.id()).orElseThrow().lastUsedAt()).contains(at(20));

        apiKeys().recordUse(key.id(), at(Duration.ofNanos(20_000_001_000L)));
        assertThat(apiKeys().findById(key.id()).orElseThrow().lastUsedAt())
                .contains(at(Duration.ofNanos(20_000_001_000L)));
    }

    @Test
    void recordUseChangesNothingButTheLastUse() {
        Organization organization = anOrganization();
        ApiKey key = organizationKey(organization, everySetting(aPageOf(organization), aPageOf(organization)), at(1));
        apiKeys().add(key);

        apiKeys().recordUse(key.id(), at(5));

        assertFoundAsStored(key.usedAt(at(5)));
    }

    @Test
    void recordUseOfAnUnknownKeyDoesNothing() {
        ApiKeyId unknown = newKeyId();

        apiKeys().recordUse(unknown, at(5));

        assertThat(apiKeys().findById(unknown)).isEmpty();
    }

    // ---- deleted pages -----------------------------------------------------------------------------

    @Test
    void forgettingAPageTakesItOutOfEverySelection() {
        Organization organization = anOrganization();
        Subdomain gone = aPageOf(organization).subdomain();
        Subdomain kept = aPageOf(organization).subdomain();
        ApiKey both = storedOrganizationKey(organization, PageRule.selected(List.of(gone, kept)), at(1));
        ApiKey onlyKept = storedOrganizationKey(organization, PageRule.selected(List.of(kept)), at(2));
        ApiKey everywhere = storedOrganizationKey(organization, PageRule.allPages(), at(3));

        apiKeys().forgetPage(gone);

        assertThat(apiKeys().findById(both.id()).orElseThrow().pageRule()).isEqualTo(PageRule.selected(List.of(kept)));
        assertFoundAsStored(both.withoutPage(gone));
        assertFoundAsStored(onlyKept);
        assertFoundAsStored(everywhere);
    }

    @Test
    void aSelectionThatLosesItsLastPageStaysASelectionOfNoPage() {
        Organization organization = anOrganization();
        Subdomain gone = aPageOf(organization).subdomain();
        ApiKey key = storedOrganizationKey(organization, PageRule.selected(List.of(gone)), at(1));

        apiKeys().forgetPage(gone);

        PageRule rule = apiKeys().findById(key.id()).orElseThrow().pageRule();
        assertThat(rule).isEqualTo(new PageRule.SelectedPages(new TreeSet<>()));
        assertThat(rule.admits(gone)).isFalse();
    }

    @Test
    void aPageForgottenAndRemovedLeavesTheKeysThatSelectedIt() {
        Organization organization = anOrganization();
        Subdomain gone = aPageOf(organization).subdomain();
        Subdomain kept = aPageOf(organization).subdomain();
        ApiKey key = storedOrganizationKey(organization, PageRule.selected(List.of(gone, kept)), at(1));

        unitOfWork().execute(() -> {
            apiKeys().forgetPage(gone);
            statusPages().remove(gone);
        });

        assertFoundAsStored(key.withoutPage(gone));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Name, custom scope, two selected pages, IPv4 and IPv6 blocks and bare addresses, expiry. */
    private static KeySettings everySetting(StatusPage first, StatusPage second) {
        return new KeySettings(
                KeyName.of("Déploiement ☂ CI"),
                KeyScope.of(Permission.PAGES_READ, Permission.INCIDENTS_WRITE, Permission.OWN_API_KEYS_MANAGE),
                PageRule.selected(List.of(second.subdomain(), first.subdomain())),
                List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("198.51.100.7"), Cidr.parse("2001:db8::/32"),
                        Cidr.parse("2001:db8::1"), Cidr.parse("0.0.0.0/0")),
                Optional.of(at(Duration.ofDays(30).plusNanos(123_000))));
    }

    private static ApiKey newKey(KeyKind kind, Organization organization, User user, KeySettings settings, Instant createdAt) {
        return switch (kind) {
            case USER -> userKey(organization, user, settings, createdAt);
            case ORGANIZATION -> organizationKey(organization, settings, createdAt);
        };
    }

    private ApiKey storedUserKey(Organization organization, User user, Instant createdAt) {
        ApiKey key = userKey(organization, user, readOnlyEverywhere(), createdAt);
        apiKeys().add(key);
        return key;
    }

    private ApiKey storedOrganizationKey(Organization organization, PageRule rule, Instant createdAt) {
        ApiKey key = organizationKey(organization, readOnlyEverywhere().withPageRule(rule), createdAt);
        apiKeys().add(key);
        return key;
    }

    private static ApiKey withSettings(ApiKey key, KeySettings settings) {
        return ApiKey.restore(key.id(), key.kind(), key.organization(), key.user(), settings, key.fingerprint(),
                key.hint(), key.createdAt(), key.createdBy(), key.lastUsedAt(), key.revocation(), key.rotation());
    }

    /** Asserts that the key is found, by id and by fingerprint, exactly as {@code expected}. */
    private void assertFoundAsStored(ApiKey expected) {
        ApiKey byId = apiKeys().findById(expected.id()).orElseThrow(() -> new AssertionError("no key " + expected.id()));
        assertThat(describe(byId)).isEqualTo(describe(expected));
        assertThat(byId).isEqualTo(expected);
        assertThat(apiKeys().findByFingerprint(expected.fingerprint())).contains(expected);
        // As a decision needs it: the same key, but for a last use that may lag behind uses not yet written.
        ApiKey toDecide = apiKeys().findToDecide(expected.fingerprint())
                .orElseThrow(() -> new AssertionError("no key to decide on for " + expected.id()));
        assertThat(describeButTheLastUse(toDecide)).isEqualTo(describeButTheLastUse(expected));
    }

    private static String describeButTheLastUse(ApiKey key) {
        return describe(key).replaceFirst("\nlast used at [^\n]*", "");
    }

    /** Every field, one per line, so that a failure shows which one differs. */
    private static String describe(ApiKey key) {
        return String.join("\n",
                "id " + key.id(),
                "kind " + key.kind(),
                "organization " + key.organization(),
                "user " + key.user(),
                "name " + key.name(),
                "scope " + key.scope().permissions(),
                "page rule " + key.pageRule(),
                "allowed ips " + key.allowedIps(),
                "expires at " + key.expiresAt(),
                "fingerprint " + key.fingerprint().hex(),
                "hint " + key.hint(),
                "created at " + key.createdAt(),
                "created by " + key.createdBy(),
                "last used at " + key.lastUsedAt(),
                "revocation " + key.revocation(),
                "rotation " + key.rotation());
    }
}
