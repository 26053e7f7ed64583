package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.pagekeys.application.memory.MutableClock;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.port.out.RandomSource;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.service.AccessCheckService;
import io.pagekeys.application.service.AdministrationService;
import io.pagekeys.application.service.KeyManagementService;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The three services of the application wired to the jOOQ adapters of one database, as a host
 * service would call them: a clock that moves only when told, secrets from {@link SecureRandom}, and
 * situations named for what they are.
 */
final class ServicesOnPostgres {

    private static final SecureRandom SECURE_RANDOM = new SecureRandom();
    private static final AtomicInteger PEOPLE = new AtomicInteger();

    /** Randomness as production has it: thread-safe, and no two tokens alike. */
    static final RandomSource SECURE = count -> {
        byte[] bytes = new byte[count];
        SECURE_RANDOM.nextBytes(bytes);
        return bytes;
    };

    final DrivenPorts ports;
    final MutableClock clock = new MutableClock();
    final KeyManagementService keys;
    final AccessCheckService access;
    final AdministrationService administration;

    /** The view of decisions of these services' adapters; not started unless a test starts it. */
    final DecisionView view;

    ServicesOnPostgres(DataSource dataSource) {
        this(Guice.createInjector(new PersistenceModule(dataSource)));
    }

    /** The services over the adapters that {@code injector}, made with a {@link PersistenceModule}, binds. */
    ServicesOnPostgres(Injector injector) {
        ports = JooqPorts.on(injector);
        view = injector.getInstance(DecisionView.class);
        keys = new KeyManagementService(ports.apiKeys(), ports.memberships(), ports.organizations(), ports.statusPages(),
                ports.keyEvents(), SECURE, ports.unitOfWork(), clock);
        access = new AccessCheckService(ports.apiKeys(), ports.memberships(), ports.organizations(), ports.statusPages(),
                ports.users(), ports.unitOfWork(), clock);
        administration = new AdministrationService(ports.organizations(), ports.users(), ports.memberships(),
                ports.statusPages(), ports.incidents(), ports.apiKeys(), ports.keyEvents(), ports.unitOfWork(), clock);
    }

    /** An organization, its owner, and its pages (created by the owner), in that order. */
    record Tenant(OrganizationId id, UserId owner, List<Subdomain> pages) {

        Subdomain page(int index) {
            return pages.get(index);
        }

        Principal ownerInPerson() {
            return Principal.person(owner);
        }
    }

    /** A new organization called {@code name}, its owner, and pages of those subdomains. */
    Tenant organization(String name, String... subdomains) {
        CreatedOrganization created = administration.createOrganization(new CreateOrganizationCommand(name, freshEmail()));
        OrganizationId id = created.organization().id();
        UserId owner = created.owner().id();
        List<Subdomain> pages = Arrays.stream(subdomains)
                .map(subdomain -> administration.createStatusPage(Principal.person(owner),
                        new CreateStatusPageCommand(id, Subdomain.of(subdomain), subdomain + " status")).subdomain())
                .toList();
        return new Tenant(id, owner, pages);
    }

    /** A new organization-level member of {@code tenant} with {@code role}, added by its owner. */
    UserId memberOf(Tenant tenant, Role role) {
        return administration.addMember(tenant.ownerInPerson(), new AddMemberCommand(tenant.id(), freshEmail(), role)).user().id();
    }

    IssuedKey userKeyOf(Tenant tenant, UserId user, KeyRequest request) {
        return keys.issueUserKey(Principal.person(user), new IssueUserKeyCommand(tenant.id(), request));
    }

    IssuedKey organizationKeyOf(Tenant tenant, KeyRequest request) {
        return keys.issueOrganizationKey(tenant.ownerInPerson(), new IssueOrganizationKeyCommand(tenant.id(), request));
    }

    Authentication authenticate(IssuedKey issued) {
        return access.authenticate(issued.token().reveal(), Optional.empty());
    }

    /** The key that authenticating {@code issued} finds, failing the test when it is refused. */
    ApiKey authenticated(IssuedKey issued) {
        Authentication authentication = authenticate(issued);
        assertThat(authentication).as("authentication of %s", issued.key()).isInstanceOf(Authentication.Authenticated.class);
        return ((Authentication.Authenticated) authentication).principal().key();
    }

    Verification verify(IssuedKey issued, Subdomain page, Permission permission) {
        return access.verify(new VerifyQuery(issued.token().reveal(), VerifyQuery.Target.page(page), permission, Optional.empty()));
    }

    /** The key as the store holds it now. */
    ApiKey stored(IssuedKey issued) {
        return ports.apiKeys().findById(issued.key().id()).orElseThrow();
    }

    static KeyRequest request(KeyScope scope) {
        return KeyRequest.of(KeyName.of("a key"), scope);
    }

    static KeyRequest request(KeyScope scope, Subdomain... pages) {
        return request(scope).onPages(Set.of(pages));
    }

    private static EmailAddress freshEmail() {
        return EmailAddress.of("person-" + PEOPLE.incrementAndGet() + "@example.test");
    }
}
