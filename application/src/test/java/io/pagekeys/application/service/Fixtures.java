package io.pagekeys.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pagekeys.application.ApplicationException;
import io.pagekeys.application.memory.InMemoryStore;
import io.pagekeys.application.memory.MutableClock;
import io.pagekeys.application.memory.SequenceRandomSource;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.AddPageMemberCommand;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.DomainException;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * One world per test: the three services on an in-memory store, a clock that moves only when told, a
 * predictable random source, and situations named for what they are. Every token it hands out is
 * remembered, so that {@link #refusal} can check that no refusal ever carries one.
 */
final class Fixtures {

    final InMemoryStore store = new InMemoryStore();
    final MutableClock clock = new MutableClock();
    final SequenceRandomSource random = new SequenceRandomSource();

    /** What the services ask of the keys, memberships and incidents, for tests of how they ask it. */
    final PortCalls calls = new PortCalls(store);
    private final ApiKeys apiKeys = calls.watch(ApiKeys.class, store.apiKeys());
    private final Memberships memberships = calls.watch(Memberships.class, store.memberships());
    private final Incidents incidents = calls.watch(Incidents.class, store.incidents());

    final KeyManagement keys = new KeyManagementService(
            apiKeys, memberships, store.organizations(), store.statusPages(), store.keyEvents(),
            random, store.unitOfWork(), clock);
    final AccessCheck access = new AccessCheckService(
            apiKeys, memberships, store.organizations(), store.statusPages(), store.users(),
            store.unitOfWork(), clock);
    final Administration administration = new AdministrationService(
            store.organizations(), store.users(), memberships, store.statusPages(), incidents,
            apiKeys, store.keyEvents(), store.unitOfWork(), clock);

    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private int people;

    /** An organization, its owner, and its pages (created by the owner), in that order. */
    record Tenant(OrganizationId id, UserId owner, List<Subdomain> pages) {

        Subdomain page(int index) {
            return pages.get(index);
        }
    }

    /** A new organization called {@code name}, its owner, and pages of those subdomains. */
    Tenant organization(String name, String... subdomains) {
        CreatedOrganization created = administration.createOrganization(
                new CreateOrganizationCommand(name, EmailAddress.of("owner-" + (++people) + "@" + name.toLowerCase() + ".test")));
        OrganizationId id = created.organization().id();
        UserId owner = created.owner().id();
        List<Subdomain> pages = Arrays.stream(subdomains)
                .map(subdomain -> administration.createStatusPage(
                        Principal.person(owner), new CreateStatusPageCommand(id, Subdomain.of(subdomain), subdomain + " status")).subdomain())
                .toList();
        return new Tenant(id, owner, pages);
    }

    /** A new organization-level member of {@code tenant} with {@code role}, added by its owner. */
    UserId memberOf(Tenant tenant, Role role) {
        return administration.addMember(Principal.person(tenant.owner()), new AddMemberCommand(tenant.id(), freshEmail(), role))
                .user().id();
    }

    /** A new user whose only membership in {@code tenant} is {@code role} on {@code page}. */
    UserId pageMemberOf(Tenant tenant, Subdomain page, Role role) {
        return administration.addPageMember(Principal.person(tenant.owner()), new AddPageMemberCommand(page, freshEmail(), role))
                .member().user().id();
    }

    /** A user who belongs to no organization. */
    UserId outsider() {
        return store.users().findOrCreate(freshEmail(), clock.instant()).id();
    }

    /** A user key of {@code user} in {@code tenant} on all pages, issued by the user in person. */
    IssuedKey userKeyOf(Tenant tenant, UserId user, KeyScope scope) {
        return userKeyOf(tenant, user, request(scope));
    }

    IssuedKey userKeyOf(Tenant tenant, UserId user, KeyRequest request) {
        return remembered(keys.issueUserKey(Principal.person(user), new IssueUserKeyCommand(tenant.id(), request)));
    }

    /** An organization key of {@code tenant} on all pages, issued by its owner in person. */
    IssuedKey organizationKeyOf(Tenant tenant, KeyScope scope) {
        return organizationKeyOf(tenant, request(scope));
    }

    IssuedKey organizationKeyOf(Tenant tenant, KeyRequest request) {
        return remembered(keys.issueOrganizationKey(
                Principal.person(tenant.owner()), new IssueOrganizationKeyCommand(tenant.id(), request)));
    }

    /** Remembers the token of a key issued or rotated elsewhere in a test. */
    IssuedKey remembered(IssuedKey issued) {
        secrets.add(issued.token().reveal());
        return issued;
    }

    /** Presents the key's token, from no known address, and answers the principal it authenticates as. */
    Principal.ViaKey via(IssuedKey issued) {
        Authentication authentication = authenticate(issued);
        assertThat(authentication).as("authentication of %s", issued.key()).isInstanceOf(Authentication.Authenticated.class);
        return ((Authentication.Authenticated) authentication).principal();
    }

    /** Presents the key's token from {@code clientIp}, and answers the principal it authenticates as. */
    Principal.ViaKey via(IssuedKey issued, String clientIp) {
        Authentication authentication = access.authenticate(issued.token().reveal(), Optional.of(IpAddress.parse(clientIp)));
        assertThat(authentication).as("authentication of %s from %s", issued.key(), clientIp)
                .isInstanceOf(Authentication.Authenticated.class);
        return ((Authentication.Authenticated) authentication).principal();
    }

    Authentication authenticate(IssuedKey issued) {
        return access.authenticate(issued.token().reveal(), Optional.empty());
    }

    /** The key as the store holds it now. */
    ApiKey stored(IssuedKey issued) {
        return store.apiKeys().findById(issued.key().id()).orElseThrow();
    }

    static Principal person(UserId user) {
        return Principal.person(user);
    }

    static KeyRequest request(KeyScope scope) {
        return KeyRequest.of(KeyName.of("a key"), scope);
    }

    static KeyRequest request(KeyScope scope, Subdomain... pages) {
        return request(scope).onPages(Set.of(pages));
    }

    /**
     * The refusal that {@code call} ends in, which must be one of the typed refusals, with a stable code
     * and no secret in what it says.
     */
    RuntimeException refusal(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the refusal").isNotNull();
        assertThat(thrown).isInstanceOfAny(ApplicationException.class, DomainException.class);
        for (String secret : secrets) {
            assertThat(String.valueOf(thrown.getMessage())).doesNotContain(secret).doesNotContain(secret.substring(3, 46));
            assertThat(thrown.toString()).doesNotContain(secret);
        }
        return (RuntimeException) thrown;
    }

    /** The stable code of the refusal that {@code call} ends in. */
    String codeOf(ThrowingCallable call) {
        RuntimeException refusal = refusal(call);
        return refusal instanceof ApplicationException application
                ? application.code()
                : ((DomainException) refusal).code();
    }

    private EmailAddress freshEmail() {
        return EmailAddress.of("person-" + (++people) + "@example.test");
    }
}
