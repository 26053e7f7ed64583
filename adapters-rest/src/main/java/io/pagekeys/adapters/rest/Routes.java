package io.pagekeys.adapters.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * Where route classes register their routes. A GET route also answers HEAD through the same handler, so
 * that HEAD is authenticated and refused exactly as GET is (Jetty leaves the body out); left to itself,
 * Javalin would answer HEAD 200 without running any handler.
 */
final class Routes {

    private final RoutesConfig config;

    Routes(RoutesConfig config) {
        this.config = config;
    }

    void get(String path, Handler handler) {
        config.get(path, handler);
        config.head(path, handler);
    }

    void post(String path, Handler handler) {
        config.post(path, handler);
    }

    void put(String path, Handler handler) {
        config.put(path, handler);
    }

    void delete(String path, Handler handler) {
        config.delete(path, handler);
    }
}
