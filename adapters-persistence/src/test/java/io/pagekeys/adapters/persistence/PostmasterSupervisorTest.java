package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterSupervisorTest {

    @TempDir
    Path temporary;

    @Test
    void aKilledPostmasterIsStartedAgainOnTheSamePortWithItsData() throws Exception {
        Path data = temporary.resolve("killed");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(data);
                HikariDataSource pool = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 2)) {
            execute(pool, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('before the kill')");
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();

            postmaster.destroyForcibly();

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Optional<String> row = Optional.empty();
            while (row.isEmpty() && System.nanoTime() < deadline) {
                row = keptRow(pool);
            }
            assertThat(row).contains("before the kill");
            assertThat(Files.readAllLines(data.resolve("postmaster.pid")).get(3).trim()).isEqualTo(Integer.toString(database.port()));
        }
    }

    @Test
    void failedAttemptsAreTriedAgainAfterADelayThatDoublesUpTo30Seconds() {
        assertThat(PostmasterSupervisor.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PostmasterSupervisor.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(PostmasterSupervisor.retryDelay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(PostmasterSupervisor.retryDelay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PostmasterSupervisor.retryDelay(100)).isEqualTo(Duration.ofSeconds(30));
    }

    private static Optional<String> keptRow(HikariDataSource pool) {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT name FROM kept")) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
