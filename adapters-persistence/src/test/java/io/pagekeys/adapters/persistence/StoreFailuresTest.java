package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.ORGANIZATIONS;
import static io.pagekeys.adapters.persistence.jooq.Tables.STATUS_PAGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreFailuresTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void aUniqueViolationOfTheSubdomainIsASubdomainTakenConflict() {
        long organization = database.dsl().insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, "Acme")
                .set(ORGANIZATIONS.CREATED_AT, NOW)
                .returning(ORGANIZATIONS.ID)
                .fetchSingle(ORGANIZATIONS.ID);
        insertPage("taken", organization);

        RuntimeException translated = StoreFailures.translated(catchThrowable(() -> insertPage("taken", organization)));

        assertThat(translated).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.code()).isEqualTo(ConflictException.SUBDOMAIN_TAKEN));
    }

    @Test
    void anyOtherRefusalIsABrokenInvariantCarryingTheJdbcExceptionNotJooqs() {
        Throwable failure = catchThrowable(() -> insertPage("orphan", Long.MAX_VALUE));

        RuntimeException translated = StoreFailures.translated(failure);

        assertThat(failure).isInstanceOf(DataAccessException.class);
        assertThat(translated).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("23503")
                .hasMessageContaining("status_pages_organization_fkey")
                .hasCauseInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "53300", "57P01", "57014", "40P01"})
    void aServerThatCannotAnswerIsAStoreUnavailable(String sqlState) {
        DataAccessException failure = new DataAccessException("SQL [select 1]", new SQLException("gone", sqlState));

        assertThat(StoreFailures.translated(failure)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(sqlState)
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void aPoolThatTimedOutIsAStoreUnavailable() {
        DataAccessException failure = new DataAccessException("Error getting connection from data source",
                new SQLTransientConnectionException("pagekeys - Connection is not available, request timed out after 250ms"));

        assertThat(StoreFailures.translated(failure)).isInstanceOf(StoreUnavailableException.class);
    }

    private static void insertPage(String subdomain, long organization) {
        database.dsl().insertInto(STATUS_PAGES)
                .set(STATUS_PAGES.SUBDOMAIN, subdomain)
                .set(STATUS_PAGES.ORGANIZATION_ID, organization)
                .set(STATUS_PAGES.NAME, "Status")
                .set(STATUS_PAGES.CREATED_AT, NOW)
                .set(STATUS_PAGES.UPDATED_AT, NOW)
                .execute();
    }
}
