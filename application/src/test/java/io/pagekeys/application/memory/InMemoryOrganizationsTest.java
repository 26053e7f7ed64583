package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.OrganizationsContract;

class InMemoryOrganizationsTest extends OrganizationsContract {

    @Override
    protected DrivenPorts ports() {
        return InMemoryPorts.ofNewStore();
    }
}
