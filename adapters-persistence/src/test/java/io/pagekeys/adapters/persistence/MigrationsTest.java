package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    @Test
    void migrationsCreateEveryTableOfTheModel() {
        List<String> tables = database.dsl()
                .fetch("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
                .getValues(0, String.class);

        assertThat(tables).containsExactly(
                "api_key_pages", "api_keys", "flyway_schema_history", "incident_updates", "incidents",
                "key_events", "memberships", "organizations", "status_pages", "users");
    }

    @Test
    void applyingTheMigrationsAgainChangesNothing() {
        int applied = Migrations.apply(database.dataSource());

        assertThat(applied).isZero();
    }

    @Test
    void migratingAFreshSchemaTwiceIsANoOpTheSecondTime() {
        String schema = "fresh_" + Long.toHexString(System.nanoTime());
        String tablesOfFresh = "SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'";
        try {
            int first = Migrations.apply(database.dataSource(), schema);
            int tablesAfterFirst = tableCount(tablesOfFresh);
            String historyAfterFirst = history(schema);

            int second = Migrations.apply(database.dataSource(), schema);

            assertThat(first).isPositive();
            assertThat(second).isZero();
            assertThat(tableCount(tablesOfFresh)).isEqualTo(tablesAfterFirst).isEqualTo(10);
            assertThat(history(schema)).isEqualTo(historyAfterFirst);
        } finally {
            database.dsl().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static int tableCount(String query) {
        return database.dsl().fetchOne(query).get(0, Integer.class);
    }

    private static String history(String schema) {
        return database.dsl()
                .fetch("SELECT version, checksum, installed_on FROM " + schema + ".flyway_schema_history ORDER BY installed_rank")
                .formatCSV();
    }
}
