package example.broken.application;

import example.broken.adapters.store.Store;

/** Breaks "application depends only on domain and jakarta.inject": a use case knows an adapter. */
public class ApplicationUsingAdapter {

    Store store;
}
