package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.Metrics;
import io.pagekeys.adapters.persistence.DecisionView;
import io.pagekeys.adapters.persistence.Migrations;
import io.pagekeys.adapters.persistence.PersistenceModule;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.out.UnitOfWork;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * pagekeys as a plain Java object, for hosts that do not use Guice: give it a {@link DataSource} (or a
 * {@link Configuration}) and ask it for decisions and key management.
 *
 * <pre>{@code
 * Pagekeys pagekeys = Pagekeys.on(hostDataSource);
 * Authentication who = pagekeys.accessCheck().authenticate(header, clientIp);
 * }</pre>
 *
 * It keeps an in-process view of what decisions need, fresh across instances (see
 * {@code DecisionView}), and records uses of keys in batches: {@link #close()} it on shutdown so that the
 * last ones are written. Hosts that use Guice install {@link ApplicationModule} and
 * {@code PersistenceModule} in their own injector instead, and start and close the view themselves.
 */
public final class Pagekeys implements AutoCloseable {

    private final Injector injector;
    private final DataSource dataSource;
    private final Optional<Store> ownedStore;
    private final DecisionView view;
    private final AccessCheck accessCheck;
    private final KeyManagement keyManagement;
    private final Administration administration;
    private final HealthProbe health;

    private Pagekeys(DataSource dataSource, PersistenceModule persistence, Optional<Store> ownedStore) {
        this.injector = Guice.createInjector(persistence, new ApplicationModule());
        this.dataSource = dataSource;
        this.ownedStore = ownedStore;
        this.view = injector.getInstance(DecisionView.class);
        this.accessCheck = injector.getInstance(AccessCheck.class);
        this.keyManagement = injector.getInstance(KeyManagement.class);
        this.administration = injector.getInstance(Administration.class);
        this.health = new HealthProbe(dataSource);
        view.start();
    }

    /**
     * pagekeys on the host's own PostgreSQL {@code dataSource}, whose schema is brought up to date first.
     * The host keeps owning the data source; {@link #close()} leaves it open.
     */
    public static Pagekeys on(DataSource dataSource) {
        requireNonNull(dataSource, "data source is null");
        Migrations.apply(dataSource);
        return new Pagekeys(dataSource, new PersistenceModule(dataSource), Optional.empty());
    }

    /** pagekeys on the store that {@code configuration} names (embedded by default), owned and closed by it. */
    public static Pagekeys open(Configuration configuration) {
        Store store = Store.open(configuration);
        try {
            return new Pagekeys(store.dataSource(), new PersistenceModule(store.dataSource(), store.listenerConnection(),
                    configuration.view(), Metrics.globalRegistry), Optional.of(store));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public AccessCheck accessCheck() {
        return accessCheck;
    }

    public KeyManagement keyManagement() {
        return keyManagement;
    }

    public Administration administration() {
        return administration;
    }

    /**
     * Runs several use cases as one transaction: all of their changes are kept, or none. After a deadlock
     * the store may run {@code work} a second time from the start, so it must not act outside pagekeys
     * (send mail, call another service) before it returns.
     */
    public <T> T inOneTransaction(Supplier<T> work) {
        return injector.getInstance(UnitOfWork.class).run(work);
    }

    /**
     * Whether the store answers now (for health checks): decided within 1.5 s however the database
     * fails, false when it does not answer in that time.
     */
    public boolean storeAnswers() {
        return health.storeAnswers();
    }

    /**
     * Stops the view of decisions (writing the uses of keys still pending), then closes the store if this
     * object opened it (pool, then embedded database); a host's data source stays open.
     */
    @Override
    public void close() {
        try {
            view.close();
        } finally {
            ownedStore.ifPresent(Store::close);
        }
    }
}
