package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.application.memory.InMemoryPortsSource;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.contract.DrivenPortsSource;
import io.pagekeys.application.port.out.contract.IsolatedStore;
import io.pagekeys.domain.OrganizationId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The HTTP suite of adapters-rest, which this module runs again, meets PostgreSQL here and not the
 * in-memory store it falls back to; and a store switched off fails as a database that is down does.
 */
class RestSuiteOnPostgresTest {

    @Test
    void theSuiteFindsPostgresOnTheClassPath() {
        assertThat(DrivenPortsSource.onClassPathOr(new InMemoryPortsSource())).isInstanceOf(PostgresPortsSource.class);
    }

    @Test
    void aStoreSwitchedOffIsUnavailableAndComesBackWithItsData() {
        try (IsolatedStore store = new PostgresPortsSource().open()) {
            Organizations organizations = store.ports().organizations();
            OrganizationId created = organizations.create("acme", Instant.parse("2025-01-01T00:00:00Z")).id();

            store.failAll(true);
            assertThatThrownBy(() -> organizations.findById(created)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.ports().unitOfWork().run(() -> organizations.findById(created)))
                    .isInstanceOf(StoreUnavailableException.class);

            store.failAll(false);
            assertThat(organizations.findById(created)).isPresent();
        }
    }

    @Test
    void eachStoreIsADatabaseOfItsOwn() {
        try (IsolatedStore first = new PostgresPortsSource().open(); IsolatedStore second = new PostgresPortsSource().open()) {
            assertThat(first.toString()).isNotEqualTo(second.toString());
        }
    }
}
