package io.pagekeys.adapters.persistence;

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
import io.pagekeys.application.port.out.contract.DrivenPorts;
import javax.sql.DataSource;

/** The jOOQ adapters as {@link PersistenceModule} wires them, as the contract tests take them. */
final class JooqPorts {

    private JooqPorts() {}

    /** The ports of a module on {@code dataSource} whose view is never started: every read goes to the store. */
    static DrivenPorts on(DataSource dataSource) {
        return on(Guice.createInjector(new PersistenceModule(dataSource)));
    }

    /** The ports that {@code injector} (made with a {@link PersistenceModule}) binds. */
    static DrivenPorts on(Injector injector) {
        return new DrivenPorts(
                injector.getInstance(ApiKeys.class),
                injector.getInstance(Memberships.class),
                injector.getInstance(Organizations.class),
                injector.getInstance(Users.class),
                injector.getInstance(StatusPages.class),
                injector.getInstance(Incidents.class),
                injector.getInstance(KeyEvents.class),
                injector.getInstance(UnitOfWork.class));
    }
}
