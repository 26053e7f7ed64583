package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.ORGANIZATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Subdomain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456Z");

    @TempDir
    Path temporary;

    @Test
    void keptDataDirectoryKeepsRowsAcrossAStopAndAStart() {
        Path data = temporary.resolve("store");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data)) {
            assertThat(first.ownsServer()).isTrue();
            Migrations.apply(first.dataSource());
            dsl(first.dataSource()).insertInto(ORGANIZATIONS, ORGANIZATIONS.NAME, ORGANIZATIONS.CREATED_AT)
                    .values("Acme", CREATED)
                    .execute();
        }

        try (EmbeddedDatabase second = EmbeddedDatabase.start(data)) {
            assertThat(second.ownsServer()).isTrue();
            assertThat(Migrations.apply(second.dataSource())).isZero();
            assertThat(dsl(second.dataSource()).select(ORGANIZATIONS.NAME, ORGANIZATIONS.CREATED_AT).from(ORGANIZATIONS).fetch())
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.value1()).isEqualTo("Acme");
                        assertThat(row.value2()).isEqualTo(CREATED);
                    });
        }
    }

    @Test
    void keysIssuedBeforeARestartStillAuthenticateAfterIt() {
        Path data = temporary.resolve("keys");
        IssuedKey issued;
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data);
                HikariDataSource pool = ConnectionPool.create(first.jdbcUrl(), first.user(), first.password(), 2)) {
            Migrations.apply(pool);
            ServicesOnPostgres world = new ServicesOnPostgres(pool);
            issued = world.organizationKeyOf(world.organization("Acme", "status"),
                    ServicesOnPostgres.request(KeyScope.readOnly(), Subdomain.of("status")));
        }

        try (EmbeddedDatabase second = EmbeddedDatabase.start(data);
                HikariDataSource pool = ConnectionPool.create(second.jdbcUrl(), second.user(), second.password(), 2)) {
            assertThat(Migrations.apply(pool)).isZero();
            ServicesOnPostgres world = new ServicesOnPostgres(pool);

            assertThat(world.authenticated(issued)).isEqualTo(issued.key());
            assertThat(world.verify(issued, Subdomain.of("status"), Permission.PAGES_READ).decision().isAllowed()).isTrue();
        }
    }

    @Test
    void secondStartOnAServedDirectoryJoinsTheRunningServerAndLeavesItRunning() throws SQLException {
        Path data = temporary.resolve("shared");
        try (EmbeddedDatabase owner = EmbeddedDatabase.start(data)) {
            try (EmbeddedDatabase guest = EmbeddedDatabase.start(data)) {
                assertThat(guest.ownsServer()).isFalse();
                assertThat(guest.port()).isEqualTo(owner.port());
                assertThat(answers(guest.dataSource())).isTrue();
            }

            assertThat(answers(owner.dataSource())).isTrue();
        }
    }

    @Test
    void serverLeftBehindByAKilledProcessIsTakenOverWithItsData() throws Exception {
        Path data = temporary.resolve("abandoned");
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        EmbeddedDatabaseHolder.class.getName(),
                        data.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            int port;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertThat(line).as("the holder's announcement").startsWith("ready ");
                port = Integer.parseInt(line.substring("ready ".length()));
                try (EmbeddedDatabase guest = EmbeddedDatabase.start(data)) {
                    assertThat(guest.ownsServer()).isFalse();
                    assertThat(guest.port()).isEqualTo(port);
                    Migrations.apply(guest.dataSource());
                    dsl(guest.dataSource()).insertInto(ORGANIZATIONS, ORGANIZATIONS.NAME, ORGANIZATIONS.CREATED_AT)
                            .values("Left behind", CREATED)
                            .execute();
                }
                // SIGKILL: no shutdown hook runs, the postmaster outlives its owner.
                holder.destroyForcibly();
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }

            try (EmbeddedDatabase successor = EmbeddedDatabase.start(data)) {
                assertThat(successor.ownsServer()).isTrue();
                assertThat(dsl(successor.dataSource()).select(ORGANIZATIONS.NAME).from(ORGANIZATIONS).fetch(ORGANIZATIONS.NAME))
                        .containsExactly("Left behind");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void temporaryDatabaseAnswersUntilClosed() throws SQLException {
        DataSource dataSource;
        try (EmbeddedDatabase database = EmbeddedDatabase.startTemporary()) {
            assertThat(database.dataDirectory()).isEmpty();
            assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + database.port() + "/postgres");
            dataSource = database.dataSource();
            assertThat(answers(dataSource)).isTrue();
        }

        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
    }

    @Test
    void dataDirectoryInsideEmbeddedPostgresScratchSpaceIsRefused() {
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg", "mine");

        assertThatThrownBy(() -> EmbeddedDatabase.start(scratch)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverHasTheSameCollationAndCaseMappingOnEveryMachine() {
        try (EmbeddedDatabase database = EmbeddedDatabase.startTemporary()) {
            Object[] settings = dsl(database.dataSource())
                    .fetchOne("SELECT datlocprovider::text, datlocale, datcollate, lower('ÉΣ')"
                            + " FROM pg_database WHERE datname = current_database()")
                    .intoArray();

            assertThat(settings).containsExactly("b", "C.UTF-8", "C", "éσ");
        }
    }

    /** A separate process that starts the server of {@code data} and waits to be killed. */
    static Process holder(Path data) throws java.io.IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        EmbeddedDatabaseHolder.class.getName(),
                        data.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The port that {@code holder} announces once its server answers. */
    static int announcedPort(Process holder) throws java.io.IOException {
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("the holder's announcement").startsWith("ready ");
        return Integer.parseInt(line.substring("ready ".length()));
    }

    private static DSLContext dsl(DataSource dataSource) {
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    private static boolean answers(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        }
    }
}
