package io.pagekeys.application.service;

import static io.pagekeys.application.service.Fixtures.person;
import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.OpenIncidentCommand;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.service.Fixtures.Tenant;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When and how often a use of a key is recorded: once per successful request, after its unit of work has
 * committed. Recorded inside, the update would hold the acting key's row lock for the whole use case, so
 * that the requests of one key waited for each other and two keys revoking each other deadlocked.
 */
class KeyUseTest {

    private final Fixtures world = new Fixtures();
    private final Tenant acme = world.organization("Acme", "status", "internal");
    private final UserId editor = world.memberOf(acme, Role.EDITOR);
    private final IssuedKey key = world.userKeyOf(acme, editor, KeyScope.full());

    /** Each way a use is recorded, by what the request does through the key. */
    static Stream<Arguments> requests() {
        return Stream.of(
                request("listing its own keys (a permission checked)", (world, key) -> world.keys.ownKeys(world.via(key), organizationOf(key))),
                request("opening an incident (a page permission checked)", (world, key) -> world.administration.openIncident(
                        world.via(key), new OpenIncidentCommand(world.store.statusPages().of(organizationOf(key)).get(0).subdomain(),
                                "Down", IncidentType.MAJOR, List.of()))),
                request("reading its organization", (world, key) -> world.administration.organization(world.via(key), organizationOf(key))),
                request("listing the members", (world, key) -> world.administration.members(world.via(key), organizationOf(key))),
                request("listing the status pages", (world, key) -> world.administration.statusPages(world.via(key), organizationOf(key))),
                request("asking who it is", (world, key) -> world.access.identify(world.via(key))),
                request("verifying it for a gateway", (world, key) -> assertThat(world.access.verify(new VerifyQuery(
                        key.token().reveal(), VerifyQuery.Target.organization(organizationOf(key)),
                        Permission.OWN_API_KEYS_MANAGE, Optional.empty())).decision().isAllowed()).isTrue()));
    }

    private static Arguments request(String what, BiConsumer<Fixtures, IssuedKey> request) {
        return Arguments.of(what, request);
    }

    private static OrganizationId organizationOf(IssuedKey key) {
        return key.key().organization();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void aSuccessfulRequestRecordsOneUseAfterItsUnitOfWork(String what, BiConsumer<Fixtures, IssuedKey> request) {
        world.clock.advance(Duration.ofSeconds(30));
        world.calls.forget();

        request.accept(world, key);

        assertThat(world.calls.of("ApiKeys", "recordUse"))
                .as("the uses recorded")
                .singleElement()
                .satisfies(call -> {
                    assertThat(call.arguments()).containsExactly(key.key().id(), world.clock.instant());
                    assertThat(call.insideUnitOfWork()).as("recorded inside the unit of work").isFalse();
                });
        assertThat(world.stored(key).lastUsedAt()).contains(world.clock.instant());
    }

    @Test
    void aRequestThatFailsAfterTheAccessCheckIsNoUse() {
        IssuedKey writer = world.organizationKeyOf(acme, KeyScope.readWrite());
        world.clock.advance(Duration.ofSeconds(30));

        assertThat(world.codeOf(() -> world.administration.createStatusPage(
                        world.via(writer), new CreateStatusPageCommand(acme.id(), acme.page(0), "Taken"))))
                .isEqualTo(ConflictException.SUBDOMAIN_TAKEN);

        assertThat(world.stored(writer).lastUsedAt()).isEmpty();
    }

    @Test
    void aPersonActingDirectlyRecordsNoUse() {
        world.calls.forget();

        world.keys.ownKeys(person(editor), acme.id());
        world.administration.statusPages(person(editor), acme.id());

        assertThat(world.calls.of("ApiKeys", "recordUse")).isEmpty();
    }

    @Test
    void listingTheStatusPagesReadsTheKeyAndItsUsersRolesOnce() {
        Principal.ViaKey via = world.via(key);
        world.calls.forget();

        assertThat(world.administration.statusPages(via, acme.id())).hasSize(2);

        assertThat(world.calls.of("ApiKeys", "findById")).hasSize(1);
        assertThat(world.calls.of("Memberships", "of")).hasSize(1);
        assertThat(world.calls.of("ApiKeys", "recordUse")).hasSize(1);
    }
}
