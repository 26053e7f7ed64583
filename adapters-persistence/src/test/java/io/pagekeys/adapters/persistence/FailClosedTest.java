package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.UserId;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * pagekeys fails closed: when the store cannot answer, every port and the unit of work throw
 * {@link StoreUnavailableException} (never a jOOQ or JDBC exception, never an answer), so that no
 * request is allowed for want of a decision.
 */
class FailClosedTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final OrganizationId ORGANIZATION = OrganizationId.of(1);
    private static final Subdomain PAGE = Subdomain.of("status");
    private static final ApiKey KEY = ApiKey.issueOrganizationKey(ApiKeyId.of("key_00000000000000001"), ORGANIZATION,
            KeySettings.of(KeyName.of("k"), KeyScope.readOnly()), Token.generate(KeyKind.ORGANIZATION, new byte[Token.SECRET_BYTES]),
            Actor.operator(), NOW);

    @Test
    void everyPortFailsClosedOnAClosedPool() {
        HikariDataSource pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 2);
        DrivenPorts ports = JooqPorts.on(pool);
        assertThat(ports.organizations().findById(ORGANIZATION)).isEmpty();

        pool.close();

        assertEveryCallFailsClosed(ports);
    }

    @Test
    void everyPortFailsClosedWhenNothingAnswersAtTheAddress() throws IOException {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"localhost"});
        nowhere.setPortNumbers(new int[] {freePort()});
        nowhere.setDatabaseName("postgres");
        nowhere.setUser("postgres");

        assertEveryCallFailsClosed(JooqPorts.on(nowhere));
    }

    @Test
    void aPoolWhoseServerStoppedFailsClosedWhenItsWaitForAConnectionRunsOut() {
        HikariDataSource pool;
        ServicesOnPostgres world;
        IssuedKey key;
        try (EmbeddedDatabase server = EmbeddedDatabase.startTemporary()) {
            Migrations.apply(server.dataSource());
            pool = impatientPool(server.jdbcUrl(), server.user(), server.password(), "pagekeys-stopped");
            world = new ServicesOnPostgres(pool);
            key = world.organizationKeyOf(world.organization("Acme"), ServicesOnPostgres.request(KeyScope.readOnly()));
            world.authenticated(key);
        }
        try (pool) {
            assertThatThrownBy(() -> world.authenticate(key)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> world.ports.apiKeys().findByFingerprint(key.key().fingerprint()))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void aConnectionLostInTheMiddleOfAUnitOfWorkFailsClosedAndKeepsNothing() {
        String application = "pagekeys-doomed-" + System.nanoTime();
        try (HikariDataSource pool = impatientPool(database.jdbcUrl(), database.user(), database.password(), application)) {
            DrivenPorts ports = JooqPorts.on(pool);
            StoreUnavailableException[] seen = new StoreUnavailableException[1];
            Organization[] created = new Organization[1];

            assertThatThrownBy(() -> ports.unitOfWork().execute(() -> {
                created[0] = ports.organizations().create("Doomed", NOW);
                // The server ends this transaction's session, as a failover or a crash would.
                database.dsl().fetch("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                        + " WHERE application_name = ? AND state = 'idle in transaction'",
                        application);
                try {
                    ports.statusPages().find(PAGE);
                } catch (StoreUnavailableException e) {
                    seen[0] = e;
                    throw e;
                }
            })).isInstanceOf(StoreUnavailableException.class);

            assertThat(seen[0]).as("the failure seen inside the unit").isNotNull();
            assertThat(ports.organizations().findById(created[0].id())).isEmpty();
        }
    }

    private static void assertEveryCallFailsClosed(DrivenPorts ports) {
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("ApiKeys.findByFingerprint", () -> ports.apiKeys().findByFingerprint(KEY.fingerprint()));
        calls.put("ApiKeys.findById", () -> ports.apiKeys().findById(KEY.id()));
        calls.put("ApiKeys.lockById", () -> ports.apiKeys().lockById(KEY.id()));
        calls.put("ApiKeys.add", () -> ports.apiKeys().add(KEY));
        calls.put("ApiKeys.update", () -> ports.apiKeys().update(KEY));
        calls.put("ApiKeys.organizationKeys", () -> ports.apiKeys().organizationKeys(ORGANIZATION));
        calls.put("ApiKeys.userKeys", () -> ports.apiKeys().userKeys(ORGANIZATION, UserId.of(1)));
        calls.put("ApiKeys.forgetPage", () -> ports.apiKeys().forgetPage(PAGE));
        calls.put("Memberships.of", () -> ports.memberships().of(UserId.of(1), ORGANIZATION));
        calls.put("Memberships.save", () -> ports.memberships().save(Membership.organizationLevel(UserId.of(1), ORGANIZATION, Role.OWNER)));
        calls.put("Memberships.removeAll", () -> ports.memberships().removeAll(UserId.of(1), ORGANIZATION));
        calls.put("Organizations.create", () -> ports.organizations().create("Acme", NOW));
        calls.put("Organizations.lockById", () -> ports.organizations().lockById(ORGANIZATION));
        calls.put("Users.findOrCreate", () -> ports.users().findOrCreate(EmailAddress.of("ada@example.com"), NOW));
        calls.put("Users.findById", () -> ports.users().findById(UserId.of(1)));
        calls.put("StatusPages.add", () -> ports.statusPages().add(StatusPage.create(PAGE, ORGANIZATION, "Status", NOW)));
        calls.put("StatusPages.find", () -> ports.statusPages().find(PAGE));
        calls.put("StatusPages.remove", () -> ports.statusPages().remove(PAGE));
        calls.put("Incidents.findById", () -> ports.incidents().findById(IncidentId.of(1)));
        calls.put("Incidents.of", () -> ports.incidents().of(PAGE));
        calls.put("KeyEvents.append", () -> ports.keyEvents().append(KeyEvent.issued(KEY, Actor.operator(), NOW)));
        calls.put("KeyEvents.of", () -> ports.keyEvents().of(ORGANIZATION));
        calls.put("UnitOfWork.run", () -> ports.unitOfWork().run(() -> "never"));
        calls.put("a port in a unit of work", () -> ports.unitOfWork().run(() -> ports.apiKeys().findById(KEY.id())));

        calls.forEach((name, call) -> assertThatThrownBy(call).as(name)
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(failure -> assertThat(((StoreUnavailableException) failure).code()).isEqualTo("store_unavailable")));
        // A use is written later, in a batch, by a writer that retries: recording it never fails a request.
        assertThatCode(() -> ports.apiKeys().recordUse(KEY.id(), NOW)).as("ApiKeys.recordUse").doesNotThrowAnyException();
    }

    /**
     * A pool of one connection that gives up waiting for it after 250 ms, HikariCP's shortest wait, and
     * names its sessions {@code application}.
     */
    private static HikariDataSource impatientPool(String jdbcUrl, String user, String password, String application) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(250);
        config.addDataSourceProperty("ApplicationName", application);
        return new HikariDataSource(config);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
