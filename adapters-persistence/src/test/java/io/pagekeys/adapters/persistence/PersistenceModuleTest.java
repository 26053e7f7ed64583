package io.pagekeys.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.port.out.Users;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class PersistenceModuleTest {

    @Test
    void everyDrivenPortIsBoundToItsJooqAdapterOnceWithoutConnecting() {
        CountingDataSource dataSource = new CountingDataSource();

        Injector injector = Guice.createInjector(new PersistenceModule(dataSource));

        List<Class<?>> ports = List.of(ApiKeys.class, Memberships.class, Organizations.class, Users.class, StatusPages.class,
                Incidents.class, KeyEvents.class, UnitOfWork.class);
        List<Class<?>> adapters = List.of(JooqApiKeys.class, JooqMemberships.class, JooqOrganizations.class, JooqUsers.class,
                JooqStatusPages.class, JooqIncidents.class, JooqKeyEvents.class, JooqUnitOfWork.class);
        for (int i = 0; i < ports.size(); i++) {
            Object adapter = injector.getInstance(ports.get(i));
            assertThat(adapter).isInstanceOf(adapters.get(i)).isSameAs(injector.getInstance(ports.get(i)));
        }
        assertThat(injector.getInstance(Transactions.class)).isSameAs(injector.getInstance(Transactions.class));
        assertThat(dataSource.connections.get()).as("connections asked for").isZero();
    }

    /** A data source that counts the connections asked of it and has none to give. */
    private static final class CountingDataSource implements DataSource {

        final AtomicInteger connections = new AtomicInteger();

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            throw new SQLException("no database here");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
