package io.pagekeys.application.memory;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.DrivenPortsSource;
import io.pagekeys.application.port.out.contract.IsolatedStore;

/** Stores that are each a new {@link InMemoryStore}: the default of suites that run on any store. */
public final class InMemoryPortsSource implements DrivenPortsSource {

    @Override
    public IsolatedStore open() {
        InMemoryStore store = new InMemoryStore();
        DrivenPorts ports = InMemoryPorts.of(store);
        return new IsolatedStore() {

            @Override
            public DrivenPorts ports() {
                return ports;
            }

            @Override
            public void failAll(boolean failing) {
                store.failAll(failing);
            }

            @Override
            public void close() {
                // Nothing is held but memory.
            }

            @Override
            public String toString() {
                return "an in-memory store";
            }
        };
    }

    @Override
    public String toString() {
        return "in-memory stores";
    }
}
