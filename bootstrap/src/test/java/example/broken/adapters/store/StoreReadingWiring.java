package example.broken.adapters.store;

import example.broken.bootstrap.Wiring;

/** Breaks "only bootstrap knows bootstrap": an adapter reaches up to the wiring. */
public class StoreReadingWiring {

    String url() {
        return Wiring.JDBC_URL;
    }
}
