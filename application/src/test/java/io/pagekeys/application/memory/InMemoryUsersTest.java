package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.UsersContract;

class InMemoryUsersTest extends UsersContract {

    @Override
    protected DrivenPorts ports() {
        return InMemoryPorts.ofNewStore();
    }
}
