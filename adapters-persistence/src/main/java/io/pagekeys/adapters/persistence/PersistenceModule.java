package io.pagekeys.adapters.persistence;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
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
 * transactions of one data source and one in-process {@link DecisionView}. Connects to nothing: the
 * caller owns the data source (a pool, say from {@link ConnectionPool}, on a database that
 * {@link Migrations} brought up to date) and closes it, and starts the view
 * ({@code injector.getInstance(DecisionView.class).start()}) and closes it before the data source. A
 * view that is not started is never used: every read goes to the store.
 */
public final class PersistenceModule extends AbstractModule {

    private final DataSource dataSource;
    private final DedicatedConnection listenerConnection;
    private final ViewSettings viewSettings;
    private final MeterRegistry registry;

    /**
     * On {@code dataSource}, with the view's default settings, its listener's connection made as
     * {@link DedicatedConnection#of(DataSource)} says, and its metrics in Micrometer's global registry.
     */
    public PersistenceModule(DataSource dataSource) {
        this(dataSource, DedicatedConnection.of(dataSource), ViewSettings.defaults(), Metrics.globalRegistry);
    }

    public PersistenceModule(
            DataSource dataSource, DedicatedConnection listenerConnection, ViewSettings viewSettings, MeterRegistry registry) {
        this.dataSource = requireNonNull(dataSource, "data source is null");
        this.listenerConnection = requireNonNull(listenerConnection, "listener connection is null");
        this.viewSettings = requireNonNull(viewSettings, "view settings is null");
        this.registry = requireNonNull(registry, "registry is null");
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

    /** The one view of the adapters of this module; created idle, connecting to nothing until started. */
    @Provides
    @Singleton
    DecisionView decisionView(Transactions transactions) {
        return new DecisionView(transactions, listenerConnection, viewSettings, registry);
    }
}
