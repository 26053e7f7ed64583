package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.contract.DrivenPorts;

/** The ports of an {@link InMemoryStore}, as the contract tests take them. */
final class InMemoryPorts {

    private InMemoryPorts() {}

    /** The ports of a new, empty store. */
    static DrivenPorts ofNewStore() {
        return of(new InMemoryStore());
    }

    static DrivenPorts of(InMemoryStore store) {
        return new DrivenPorts(store.apiKeys(), store.memberships(), store.organizations(), store.users(),
                store.statusPages(), store.incidents(), store.keyEvents(), store.unitOfWork());
    }
}
