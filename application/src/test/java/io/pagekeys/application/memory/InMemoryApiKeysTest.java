package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.ApiKeysContract;

class InMemoryApiKeysTest extends ApiKeysContract {

    @Override
    protected DrivenPorts ports() {
        return InMemoryPorts.ofNewStore();
    }
}
