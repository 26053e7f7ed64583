package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.IncidentsContract;

class InMemoryIncidentsTest extends IncidentsContract {

    @Override
    protected DrivenPorts ports() {
        return InMemoryPorts.ofNewStore();
    }
}
