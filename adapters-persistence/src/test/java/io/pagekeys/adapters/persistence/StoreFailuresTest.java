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
    void aForeignKeyViolationIsAConflictWithDataThatChangedMeanwhile() {
        Throwable failure = catchThrowable(() -> insertPage("orphan", Long.MAX_VALUE));

        RuntimeException translated = StoreFailures.translated(failure);

        assertThat(failure).isInstanceOf(DataAccessException.class);
        assertThat(translated).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.code()).isEqualTo("conflict");
            assertThat(e).hasMessageContaining("status_pages_organization_fkey");
        });
    }

    @Test
    void anyOtherRefusalIsABrokenInvariantCarryingTheJdbcExceptionNotJooqs() {
        long organization = database.dsl().insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, "Acme")
                .set(ORGANIZATIONS.CREATED_AT, NOW)
                .returning(ORGANIZATIONS.ID)
                .fetchSingle(ORGANIZATIONS.ID);
        Throwable failure = catchThrowable(() -> insertPage("Not-A-DNS-Label", organization));

        RuntimeException translated = StoreFailures.translated(failure);

        assertThat(failure).isInstanceOf(DataAccessException.class);
        assertThat(translated).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("23514")
                .hasMessageContaining("status_pages_subdomain_check")
                .hasCauseInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "53300", "57P01", "57P05", "57014", "55P03", "25P03", "58000", "58030", "40001", "40P01"})
    void aServerThatCannotAnswerIsAStoreUnavailable(String sqlState) {
        DataAccessException failure = new DataAccessException("SQL [select 1]", new SQLException("gone", sqlState));

        assertThat(StoreFailures.translated(failure)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(sqlState)
                .hasCauseInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"40001", "40P01"})
    void aDeadlockOrSerializationFailureMayBeRetried(String sqlState) {
        DataAccessException failure = new DataAccessException("SQL [select 1]", new SQLException("aborted", sqlState));

        assertThat(StoreFailures.isRetryable(StoreFailures.translated(failure))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"55P03", "57014", "08006", "23505"})
    void nothingElseIsRetried(String sqlState) {
        DataAccessException failure = new DataAccessException("SQL [select 1]", new SQLException("failed", sqlState));

        assertThat(StoreFailures.isRetryable(StoreFailures.translated(failure))).isFalse();
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
