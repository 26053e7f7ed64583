package io.pagekeys.adapters.persistence;

import io.pagekeys.application.port.out.contract.UnitOfWorkContract;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqUnitOfWorkTest extends UnitOfWorkContract {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static DrivenPorts ports;

    @Override
    protected DrivenPorts ports() {
        // One set of adapters for the class, as a server has: no test assumes an empty store.
        if (ports == null) {
            ports = JooqPorts.on(database.dataSource());
        }
        return ports;
    }
}
