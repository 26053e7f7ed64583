package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static io.pagekeys.application.service.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Authentication of presented tokens, and the whole rule answered to gateways. */
class AccessCheckTest {

    private static final Optional<IpAddress> OFFICE = Optional.of(IpAddress.parse("203.0.113.7"));
    private static final Optional<IpAddress> ELSEWHERE = Optional.of(IpAddress.parse("198.51.100.1"));

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status", "internal");

    private Verification verify(String token, Subdomain page, Permission permission) {
        return world.access.verify(new VerifyQuery(token, VerifyQuery.Target.page(page), permission, Optional.empty()));
    }

    private Verification verify(IssuedKey key, Subdomain page, Permission permission) {
        return verify(key.token().reveal(), page, permission);
    }

    private Verification verify(IssuedKey key, OrganizationId organization, Permission permission) {
        return world.access.verify(new VerifyQuery(
                key.token().reveal(), VerifyQuery.Target.organization(organization), permission, Optional.empty()));
    }

    // ---- authenticate --------------------------------------------------------------------------

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"nonsense", "Bearer uk_", "uk_000000000000000000000000000000000000000000000000"})
    void aMalformedCredentialIsRefusedWithoutAskingTheStore(String presented) {
        world.store.failAll(true);

        assertThat(world.access.authenticate(presented, Optional.empty())).isEqualTo(new Authentication.Refused(DenialReason.MALFORMED));
    }

    @Test
    void aWellFormedTokenThatNoKeyHasIsUnknown() {
        Token stranger = Token.generate(KeyKind.USER, new byte[Token.SECRET_BYTES]);

        assertThat(world.access.authenticate(stranger.reveal(), Optional.empty())).isEqualTo(new Authentication.Refused(DenialReason.UNKNOWN_KEY));
    }

    @Test
    void aUserKeyAuthenticatesAsItsUserAndAnOrganizationKeyAsNobody() {
        IssuedKey userKey = world.userKeyOf(acme, acme.owner(), KeyScope.readOnly());
        IssuedKey organizationKey = world.organizationKeyOf(acme, KeyScope.readOnly());

        Authentication.Authenticated asUser = (Authentication.Authenticated) world.authenticate(userKey);
        Authentication.Authenticated asOrganization = (Authentication.Authenticated) world.authenticate(organizationKey);

        assertThat(asUser.principal().key()).isEqualTo(userKey.key());
        assertThat(world.access.identify(asUser.principal())).hasValueSatisfying(user -> assertThat(user.id()).isEqualTo(acme.owner()));
        assertThat(world.access.identify(asOrganization.principal())).isEmpty();
        assertThat(asOrganization.principal().actor()).isEqualTo(Actor.key(organizationKey.key().id()));
    }

    @Test
    void authenticatingIsNoUse() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.readOnly());
        world.clock.advance(Duration.ofSeconds(5));

        world.authenticate(key);

        assertThat(world.stored(key).lastUsedAt()).isEmpty();
    }

    @Test
    void aKeyWithAllowedAddressesAuthenticatesOnlyFromThem() {
        IssuedKey fenced = world.organizationKeyOf(acme, request(KeyScope.readOnly()).fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));
        String token = fenced.token().reveal();

        assertThat(world.access.authenticate(token, OFFICE)).isInstanceOf(Authentication.Authenticated.class);
        assertThat(world.access.authenticate(token, ELSEWHERE)).isEqualTo(new Authentication.Refused(DenialReason.IP_NOT_ALLOWED));
        assertThat(world.access.authenticate(token, Optional.empty())).isEqualTo(new Authentication.Refused(DenialReason.IP_NOT_ALLOWED));
    }

    @Test
    void theClientAddressAuthenticatedIsTheOneJudgedAtUse() {
        IssuedKey fenced = world.organizationKeyOf(acme, request(KeyScope.full()).fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));
        Principal fromOffice = Principal.key(fenced.key(), OFFICE);
        Principal fromElsewhere = Principal.key(fenced.key(), ELSEWHERE);

        assertThat(world.keys.organizationKeys(fromOffice, acme.id())).hasSize(1);
        assertThat(world.codeOf(() -> world.keys.organizationKeys(fromElsewhere, acme.id()))).isEqualTo("ip_not_allowed");
    }

    @Test
    void aStoreThatCannotAnswerFailsClosed() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.readOnly());
        Principal authenticated = world.via(key);
        world.store.failAll(true);

        assertThatThrownBy(() -> world.authenticate(key)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> verify(key, acme.page(0), Permission.PAGES_READ)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> world.administration.statusPages(authenticated, acme.id())).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> world.keys.ownKeys(person(acme.owner()), acme.id())).isInstanceOf(StoreUnavailableException.class);
    }

    // ---- verify --------------------------------------------------------------------------------

    @Test
    void verifyAllowsAndCountsTheUse() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.readOnly());
        world.clock.advance(Duration.ofSeconds(7));

        Verification verification = verify(key, acme.page(0), Permission.PAGES_READ);

        assertThat(verification.decision().isAllowed()).isTrue();
        assertThat(verification.key()).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(key.key().id()));
        assertThat(verification.key()).hasValueSatisfying(found -> assertThat(found.lastUsedAt()).contains(world.clock.instant()));
        assertThat(verification.keyId()).contains(key.key().id());
        assertThat(world.stored(key).lastUsedAt()).contains(world.clock.instant());
    }

    @Test
    void aDeniedVerificationIsNoUse() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.readOnly());

        Verification verification = verify(key, acme.page(0), Permission.INCIDENTS_WRITE);

        assertThat(verification.decision()).isEqualTo(AccessDecision.denied(DenialReason.SCOPE_EXCLUDES));
        assertThat(verification.key()).hasValueSatisfying(found -> assertThat(found.lastUsedAt()).isEmpty());
        assertThat(world.stored(key).lastUsedAt()).isEmpty();
    }

    @Test
    void verifyAnswersAMalformedOrUnknownTokenWithoutAKey() {
        Token stranger = Token.generate(KeyKind.ORGANIZATION, new byte[Token.SECRET_BYTES]);

        Verification malformed = verify("ok_nonsense", acme.page(0), Permission.PAGES_READ);
        Verification unknown = verify(stranger.reveal(), acme.page(0), Permission.PAGES_READ);

        assertThat(malformed).isEqualTo(new Verification(AccessDecision.denied(DenialReason.MALFORMED), Optional.empty()));
        assertThat(unknown).isEqualTo(new Verification(AccessDecision.denied(DenialReason.UNKNOWN_KEY), Optional.empty()));
    }

    /** Each situation and the reason verify gives, one per reason that concerns a stored key. */
    static Stream<Arguments> situations() {
        return Stream.of(
                Arguments.of("revoked", DenialReason.REVOKED),
                Arguments.of("expired", DenialReason.EXPIRED),
                Arguments.of("rotated", DenialReason.ROTATED),
                Arguments.of("fenced", DenialReason.IP_NOT_ALLOWED),
                Arguments.of("foreign", DenialReason.OUTSIDE_ORGANIZATION),
                Arguments.of("read-only", DenialReason.SCOPE_EXCLUDES),
                Arguments.of("other page", DenialReason.PAGE_NOT_IN_KEY),
                Arguments.of("page member elsewhere", DenialReason.NO_MEMBERSHIP),
                Arguments.of("viewer", DenialReason.ROLE_EXCLUDES));
    }

    @ParameterizedTest(name = "{0} key: {1}")
    @MethodSource("situations")
    void verifyAnswersWithTheFirstFailingReasonAndNamesTheKey(String situation, DenialReason expected) {
        IssuedKey key = keyIn(situation);

        Verification verification = verify(key, acme.page(0), Permission.INCIDENTS_WRITE);

        assertThat(verification.decision()).isEqualTo(AccessDecision.denied(expected));
        assertThat(verification.key()).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(key.key().id()));
    }

    private IssuedKey keyIn(String situation) {
        Principal owner = person(acme.owner());
        return switch (situation) {
            case "revoked" -> {
                IssuedKey key = world.organizationKeyOf(acme, KeyScope.readWrite());
                world.keys.revokeOrganizationKey(owner, new RevokeKeyCommand(acme.id(), key.key().id()));
                yield key;
            }
            case "expired" -> {
                IssuedKey key = world.organizationKeyOf(acme, request(KeyScope.readWrite()).expiringAt(world.clock.instant().plusSeconds(1)));
                world.clock.advance(Duration.ofSeconds(1));
                yield key;
            }
            case "rotated" -> {
                IssuedKey key = world.organizationKeyOf(acme, KeyScope.readWrite());
                world.remembered(world.keys.rotateOrganizationKey(owner, new RotateKeyCommand(acme.id(), key.key().id(), GracePeriod.none())));
                yield key;
            }
            case "fenced" -> world.organizationKeyOf(acme, request(KeyScope.readWrite()).fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));
            case "foreign" -> world.organizationKeyOf(world.organization("Globex", "globex"), KeyScope.full());
            case "read-only" -> world.organizationKeyOf(acme, KeyScope.readOnly());
            case "other page" -> world.organizationKeyOf(acme, request(KeyScope.readWrite(), acme.page(1)));
            case "page member elsewhere" -> {
                UserId pageEditor = world.pageMemberOf(acme, acme.page(1), Role.EDITOR);
                yield world.userKeyOf(acme, pageEditor, KeyScope.readWrite());
            }
            case "viewer" -> world.userKeyOf(acme, world.memberOf(acme, Role.VIEWER), KeyScope.readWrite());
            default -> throw new IllegalArgumentException(situation);
        };
    }

    @Test
    void verifyJudgesOrganizationScopedPermissionsOnTheOrganization() {
        IssuedKey full = world.organizationKeyOf(acme, KeyScope.full());
        IssuedKey billing = world.userKeyOf(acme, world.memberOf(acme, Role.BILLING), KeyScope.full());

        assertThat(verify(full, acme.id(), Permission.API_KEYS_MANAGE).decision().isAllowed()).isTrue();
        assertThat(verify(billing, acme.id(), Permission.BILLING_READ).decision().isAllowed()).isTrue();
        assertThat(verify(billing, acme.id(), Permission.PAGES_CREATE).decision()).isEqualTo(AccessDecision.denied(DenialReason.ROLE_EXCLUDES));
    }

    @Test
    void aPermissionAskedOfTheWrongKindOfTargetIsInvalid() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.full());

        RuntimeException pageAskedOfOrganization = world.refusal(() -> verify(key, acme.id(), Permission.PAGES_READ));
        RuntimeException organizationAskedOfPage = world.refusal(() -> verify(key, acme.page(0), Permission.MEMBERS_MANAGE));

        assertThat(((InvalidValueException) pageAskedOfOrganization).field()).isEqualTo("permission");
        assertThat(((InvalidValueException) organizationAskedOfPage).field()).isEqualTo("permission");
    }

    @Test
    void anUnknownTargetIsNotFoundWhateverTheToken() {
        IssuedKey key = world.organizationKeyOf(acme, KeyScope.full());

        assertThat(world.codeOf(() -> verify(key, Subdomain.of("nowhere"), Permission.PAGES_READ))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> verify("garbage", Subdomain.of("nowhere"), Permission.PAGES_READ))).isEqualTo("not_found");
        assertThat(world.codeOf(() -> verify(key, OrganizationId.of(999), Permission.PAGES_CREATE))).isEqualTo("not_found");
    }

    @Test
    void verifyJudgesTheAddressTheGatewayReports() {
        IssuedKey fenced = world.organizationKeyOf(acme, request(KeyScope.readOnly()).fromAddresses(List.of(Cidr.parse("203.0.113.0/24"))));

        Verification inside = world.access.verify(new VerifyQuery(
                fenced.token().reveal(), VerifyQuery.Target.page(acme.page(0)), Permission.PAGES_READ, OFFICE));

        assertThat(inside.decision().isAllowed()).isTrue();
    }
}
