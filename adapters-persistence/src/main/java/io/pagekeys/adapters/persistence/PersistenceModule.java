package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Incidents;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.port.out.Users;
import javax.sql.DataSource;

/**
 * Binds every driven port and the unit of work to its jOOQ adapter on PostgreSQL, all sharing the
 * transactions of one data source. Connects to nothing: the caller owns the data source (a pool, say
 * from {@link ConnectionPool}, on a database that {@link Migrations} brought up to date) and closes it.
 */
public final class PersistenceModule extends AbstractModule {

    private final DataSource dataSource;

    public PersistenceModule(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "data source is null");
    }

    @Override
    protected void configure() {
        bind(ApiKeys.class).to(JooqApiKeys.class).in(Singleton.class);
        bind(Memberships.class).to(JooqMemberships.class).in(Singleton.class);
        bind(Organizations.class).to(JooqOrganizations.class).in(Singleton.class);
        bind(Users.class).to(JooqUsers.class).in(Singleton.class);
        bind(StatusPages.class).to(JooqStatusPages.class).in(Singleton.class);
        bind(Incidents.class).to(JooqIncidents.class).in(Singleton.class);
        bind(KeyEvents.class).to(JooqKeyEvents.class).in(Singleton.class);
        bind(UnitOfWork.class).to(JooqUnitOfWork.class).in(Singleton.class);
    }

    /** The one transaction context of every adapter: a unit of work and the ports must share it. */
    @Provides
    @Singleton
    Transactions transactions() {
        return new Transactions(dataSource);
    }
}
