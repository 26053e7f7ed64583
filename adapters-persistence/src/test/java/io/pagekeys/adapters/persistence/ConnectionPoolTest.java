package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.Token;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the pool sets up its sessions: in UTC whatever the JVM's zone, and with time limits. */
class ConnectionPoolTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    /** Observes daylight-saving time: on 2030-03-31 its clocks go from 02:00 CET to 03:00 CEST. */
    private static final TimeZone BERLIN = TimeZone.getTimeZone("Europe/Berlin");

    @Test
    void sessionsAreInUtcWhenTheJvmDefaultZoneIsAnother() {
        underDefaultZone(BERLIN, () -> {
            try (HikariDataSource pool = pool(1)) {
                assertThat(setting(pool, "TimeZone")).isEqualTo("UTC");
            }
        });
    }

    @Test
    void aSevenDayGraceAcrossADaylightSavingChangeIsStoredWhenTheJvmDefaultZoneIsAnother() {
        underDefaultZone(BERLIN, ConnectionPoolTest::storeASevenDayGraceAcrossTheChangeToSummerTime);
    }

    private static void storeASevenDayGraceAcrossTheChangeToSummerTime() {
        Instant rotatedAt = Instant.parse("2030-03-28T12:00:00Z");
        try (HikariDataSource pool = pool(2)) {
            DrivenPorts ports = JooqPorts.on(pool);
            Organization organization = ports.organizations().create("Acme", rotatedAt);
            ApiKey key = ApiKey.issueOrganizationKey(keyId(1), organization.id(),
                    KeySettings.of(KeyName.of("deploy"), KeyScope.readOnly()), token(1), Actor.operator(), rotatedAt);
            ports.apiKeys().add(key);

            ApiKey.Rotated rotated = key.rotate(keyId(2), token(2), new GracePeriod(GracePeriod.MAXIMUM), Actor.operator(), rotatedAt);
            ports.unitOfWork().execute(() -> {
                ports.apiKeys().add(rotated.replacement());
                ports.apiKeys().update(rotated.old());
            });

            assertThat(rotated.old().rotation().orElseThrow().graceUntil()).isEqualTo("2030-04-04T12:00:00Z");
            assertThat(ports.apiKeys().findById(key.id())).contains(rotated.old());
        }
    }

    @Test
    void sessionsGiveUpOnLocksStatementsAndIdleTransactionsInTime() {
        try (HikariDataSource pool = pool(1)) {
            // In milliseconds, as pg_settings gives them.
            assertThat(Map.of(
                            "lock_timeout", setting(pool, "lock_timeout"),
                            "statement_timeout", setting(pool, "statement_timeout"),
                            "idle_in_transaction_session_timeout", setting(pool, "idle_in_transaction_session_timeout")))
                    .isEqualTo(Map.of(
                            "lock_timeout", "4000",
                            "statement_timeout", "4000",
                            "idle_in_transaction_session_timeout", "60000"));
        }
    }

    @Test
    void aLockNotGrantedInTimeFailsClosed() throws SQLException {
        try (HikariDataSource pool = pool(2); Connection holder = pool.getConnection()) {
            Transactions transactions = new Transactions(pool);
            // A view never started: every read goes to the store, as this test needs.
            DecisionView idle = new DecisionView(transactions, DedicatedConnection.of(pool), ViewSettings.defaults(),
                    new SimpleMeterRegistry());
            JooqOrganizations organizations = new JooqOrganizations(transactions, idle);
            Organization organization = organizations.create("Acme", Instant.parse("2025-06-01T12:00:00Z"));
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM organizations WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, organization.id().value());
                lock.executeQuery().close();
            }

            // The pool's 4 s, shortened for this one transaction.
            assertThatThrownBy(() -> transactions.run(() -> {
                transactions.statement(sql -> sql.execute("SET LOCAL lock_timeout = '100ms'"));
                return organizations.lockById(organization.id());
            })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("55P03");

            holder.rollback();
        }
    }

    private static HikariDataSource pool(int size) {
        return ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), size);
    }

    /**
     * Runs {@code action} while the JVM's default zone is {@code zone}: pgjdbc gives a new session that
     * zone, and the pool may open connections at any time while the action runs.
     */
    private static void underDefaultZone(TimeZone zone, Runnable action) {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(zone);
        try {
            action.run();
        } finally {
            TimeZone.setDefault(before);
        }
    }

    /** The setting of a session of {@code pool}, as {@code pg_settings} shows it. */
    private static String setting(HikariDataSource pool, String name) {
        try (Connection connection = pool.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT setting FROM pg_settings WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("setting %s", name).isTrue();
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiKeyId keyId(int n) {
        return ApiKeyId.of("key_" + String.format("%017d", n));
    }

    private static Token token(int n) {
        byte[] secret = new byte[Token.SECRET_BYTES];
        secret[0] = (byte) n;
        return Token.generate(KeyKind.ORGANIZATION, secret);
    }
}
