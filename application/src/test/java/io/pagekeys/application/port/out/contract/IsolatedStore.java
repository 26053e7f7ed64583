package io.pagekeys.application.port.out.contract;

/**
 * One store that a {@link DrivenPortsSource} made for a single caller: its driven ports, a switch that
 * makes it unreachable (for tests of failing closed), and close.
 */
public interface IsolatedStore extends AutoCloseable {

    /**
     * The driven ports and unit of work of this store; the same instance at every call.
     *
     * @return the ports; never null
     */
    DrivenPorts ports();

    /**
     * While {@code failing} is true, every port method and the start of every unit of work throws
     * {@link io.pagekeys.application.StoreUnavailableException}, as when the database is down. The data
     * is kept, and is there again once the switch is turned off. A unit of work already running when the
     * switch is turned on may finish either way.
     */
    void failAll(boolean failing);

    /** Lets go of the store and of what it holds (connections, a database); its data is gone. Idempotent. */
    @Override
    void close();
}
