package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.MembershipsContract;

class InMemoryMembershipsTest extends MembershipsContract {

    @Override
    protected DrivenPorts ports() {
        return InMemoryPorts.ofNewStore();
    }
}
