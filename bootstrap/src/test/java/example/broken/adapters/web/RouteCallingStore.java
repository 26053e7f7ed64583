package example.broken.adapters.web;

import example.broken.adapters.store.Store;

/** Breaks "adapters do not know each other": the web adapter reads the store adapter. */
public class RouteCallingStore {

    Object handle(Store store) {
        return store.load();
    }
}
