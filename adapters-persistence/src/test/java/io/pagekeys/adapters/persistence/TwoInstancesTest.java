package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.ServicesOnPostgres.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.in.ChangeMemberRoleCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of pagekeys on one PostgreSQL, each with a pool and a view of its own, as two servers
 * behind a load balancer: what one changes, the other refuses within a second, while its view stays in
 * use (a refusal that came from a view no longer trusted would prove nothing about propagation).
 */
class TwoInstancesTest {

    /** The promise: a change on one instance is judged by every other within this. */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private HikariDataSource firstPool;
    private HikariDataSource secondPool;
    private ServicesOnPostgres first;
    private ServicesOnPostgres second;
    private ServicesOnPostgres.Tenant acme;

    @BeforeEach
    void twoInstances() {
        database.truncate();
        firstPool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 4);
        secondPool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 4);
        first = instanceOn(firstPool);
        second = instanceOn(secondPool);
        acme = first.organization("Acme", "acme", "acme-eu");
        awaitTrusted(first);
        awaitTrusted(second);
    }

    @AfterEach
    void stop() {
        first.view.close();
        second.view.close();
        firstPool.close();
        secondPool.close();
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByTheOtherWithinASecond() {
        IssuedKey key = first.organizationKeyOf(acme, request(KeyScope.readOnly()));
        assertAllowedOnSecond(key, acme.page(0));

        first.keys.revokeOrganizationKey(acme.ownerInPerson(), new RevokeKeyCommand(acme.id(), key.key().id()));

        assertRefusedOnSecondWithin(key, acme.page(0), DenialReason.REVOKED);
    }

    @Test
    void aKeyRotatedWithoutGraceOnOneInstanceIsRefusedByTheOtherWithinASecond() {
        IssuedKey key = first.organizationKeyOf(acme, request(KeyScope.readOnly()));
        assertAllowedOnSecond(key, acme.page(0));

        first.keys.rotateOrganizationKey(acme.ownerInPerson(), new RotateKeyCommand(acme.id(), key.key().id(), GracePeriod.none()));

        assertRefusedOnSecondWithin(key, acme.page(0), DenialReason.ROTATED);
    }

    @Test
    void aMemberRemovedOnOneInstanceLosesTheKeyOnTheOtherWithinASecond() {
        UserId editor = first.memberOf(acme, Role.EDITOR);
        IssuedKey key = first.userKeyOf(acme, editor, request(KeyScope.readWrite()));
        assertAllowedOnSecond(key, acme.page(0));

        first.administration.removeMember(acme.ownerInPerson(), acme.id(), editor);

        // Removal revokes the member's keys too; either change alone must be enough, and both arrive.
        assertRefusedOnSecondWithin(key, acme.page(0), DenialReason.REVOKED);
    }

    @Test
    void aMemberDemotedOnOneInstanceLosesThePermissionOnTheOtherWithinASecond() {
        UserId editor = first.memberOf(acme, Role.EDITOR);
        IssuedKey key = first.userKeyOf(acme, editor, request(KeyScope.readWrite()));
        assertThat(decisionOnSecond(key, acme.page(0), Permission.INCIDENTS_WRITE).isAllowed()).isTrue();

        first.administration.changeMemberRole(acme.ownerInPerson(), new ChangeMemberRoleCommand(acme.id(), editor, Role.VIEWER));

        assertRefusedOnSecondWithin(() -> decisionOnSecond(key, acme.page(0), Permission.INCIDENTS_WRITE), DenialReason.ROLE_EXCLUDES);
        assertThat(decisionOnSecond(key, acme.page(0), Permission.PAGES_READ).isAllowed()).as("a viewer still reads").isTrue();
    }

    @Test
    void aPageDeletedOnOneInstanceIsUnknownToTheOtherWithinASecond() {
        IssuedKey key = first.organizationKeyOf(acme, request(KeyScope.readOnly()));
        assertAllowedOnSecond(key, acme.page(1));

        first.administration.deleteStatusPage(acme.ownerInPerson(), acme.id(), acme.page(1));

        long changed = System.nanoTime();
        boolean unknown = false;
        while (!unknown && System.nanoTime() - changed < PROPAGATION.toNanos()) {
            try {
                second.verify(key, acme.page(1), Permission.PAGES_READ);
                pause();
            } catch (NotFoundException expected) {
                unknown = true;
            }
        }
        assertThat(unknown).as("the page is unknown to the second instance within %s", PROPAGATION).isTrue();
        assertThat(second.view.trusted()).isTrue();
    }

    @Test
    void aSelectionChangedByAnyWriterOfTheStoreIsSeenByBothInstancesWithinASecond() throws SQLException {
        IssuedKey key = first.organizationKeyOf(acme, request(KeyScope.readOnly(), acme.page(0), acme.page(1)));
        assertAllowedOnSecond(key, acme.page(1));
        assertThat(first.verify(key, acme.page(1), Permission.PAGES_READ).decision().isAllowed()).isTrue();

        // Not through pagekeys at all: the triggers notify whoever writes.
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "DELETE FROM api_key_pages WHERE key_id = ? AND subdomain = ?")) {
            statement.setString(1, key.key().id().value());
            statement.setString(2, acme.page(1).value());
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }

        assertRefusedOnSecondWithin(key, acme.page(1), DenialReason.PAGE_NOT_IN_KEY);
        assertRefusedWithin(() -> first.verify(key, acme.page(1), Permission.PAGES_READ).decision(), DenialReason.PAGE_NOT_IN_KEY, first);
    }

    private static ServicesOnPostgres instanceOn(HikariDataSource pool) {
        ServicesOnPostgres instance = new ServicesOnPostgres(Guice.createInjector(new PersistenceModule(
                pool, DedicatedConnection.of(pool), ViewSettings.defaults(), new SimpleMeterRegistry())));
        instance.view.start();
        return instance;
    }

    static void awaitTrusted(ServicesOnPostgres instance) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!instance.view.trusted() && System.nanoTime() < deadline) {
            pause();
        }
        assertThat(instance.view.trusted()).as("the view is trusted once its listener confirmed").isTrue();
    }

    private void assertAllowedOnSecond(IssuedKey key, Subdomain page) {
        // Twice: the second answer comes from the view, which the change must then reach.
        assertThat(decisionOnSecond(key, page, Permission.PAGES_READ).isAllowed()).isTrue();
        assertThat(decisionOnSecond(key, page, Permission.PAGES_READ).isAllowed()).isTrue();
    }

    private AccessDecision decisionOnSecond(IssuedKey key, Subdomain page, Permission permission) {
        return second.verify(key, page, permission).decision();
    }

    private void assertRefusedOnSecondWithin(IssuedKey key, Subdomain page, DenialReason reason) {
        assertRefusedOnSecondWithin(() -> decisionOnSecond(key, page, Permission.PAGES_READ), reason);
    }

    private void assertRefusedOnSecondWithin(Supplier<AccessDecision> decision, DenialReason reason) {
        assertRefusedWithin(decision, reason, second);
    }

    /**
     * Polls until {@code decision} is the refusal for {@code reason}. One change can notify several
     * things (a member removed loses memberships and keys), which arrive one after the other: another
     * refusal may come first, but once refused the decision never turns allowed again.
     */
    private static void assertRefusedWithin(Supplier<AccessDecision> decision, DenialReason reason, ServicesOnPostgres on) {
        AccessDecision expected = AccessDecision.denied(reason);
        long changed = System.nanoTime();
        AccessDecision last = decision.get();
        boolean refused = !last.isAllowed();
        while (!last.equals(expected) && System.nanoTime() - changed < PROPAGATION.toNanos()) {
            pause();
            last = decision.get();
            assertThat(refused && last.isAllowed()).as("allowed again after a refusal").isFalse();
            refused |= !last.isAllowed();
        }
        assertThat(last).as("the decision %s after the change", Duration.ofNanos(System.nanoTime() - changed))
                .isEqualTo(expected);
        assertThat(on.view.trusted()).as("refused by a view still in use, not by the store behind a distrusted one").isTrue();
    }

    /** Between two polls: a poll of the answer, not a wait standing in for a signal. */
    private static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
}
