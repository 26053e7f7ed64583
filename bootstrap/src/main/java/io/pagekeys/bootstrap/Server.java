package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pagekeys.adapters.persistence.DecisionView;
import io.pagekeys.adapters.persistence.PersistenceModule;
import io.pagekeys.adapters.rest.RestApi;
import io.pagekeys.adapters.rest.RestSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference REST server: the store, the application and the HTTP API, wired by one injector, with
 * metrics in a Prometheus registry shown at {@code GET /metrics}. {@link #close()} stops in reverse
 * order: the API first (finishing requests in flight), then the view of decisions (writing the uses still
 * pending), then the pool, then the embedded database.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Store store;
    private final DecisionView view;
    private final RestApi api;
    private final int port;

    private Server(Store store, DecisionView view, RestApi api, int port) {
        this.store = store;
        this.view = view;
        this.api = api;
        this.port = port;
    }

    /** Opens the store, wires everything and starts answering on the configured port. */
    public static Server start(Configuration configuration) {
        requireNonNull(configuration, "configuration is null");
        Store store = Store.open(configuration);
        DecisionView view = null;
        try {
            RestSettings settings = RestSettings.defaults()
                    .onPort(configuration.port())
                    .boundTo(configuration.host())
                    .withMaxBodyBytes(configuration.maxBodyBytes())
                    .withAcceptQueue(configuration.acceptQueue())
                    .trustingProxies(configuration.trustedProxies());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Injector injector = Guice.createInjector(
                    new PersistenceModule(store.dataSource(), store.listenerConnection(), configuration.view(), registry),
                    new ApplicationModule(registry),
                    new RestModule(settings, store::answers, registry::scrape));
            view = injector.getInstance(DecisionView.class);
            view.start();
            RestApi api = injector.getInstance(RestApi.class);
            int port = api.start();
            LOG.info("pagekeys is listening on http://{}:{}/api/v2", configuration.host(), port);
            return new Server(store, view, api, port);
        } catch (RuntimeException e) {
            if (view != null) {
                view.close();
            }
            store.close();
            throw e;
        }
    }

    /** The port the API answers on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        LOG.info("pagekeys is stopping");
        try {
            api.stop();
        } catch (RuntimeException e) {
            // Requests still running at the stop timeout are cut off; the store is closed all the same.
            LOG.warn("pagekeys: the API did not stop within its timeout: {}", e.getMessage());
        } finally {
            try {
                view.close();
            } finally {
                store.close();
            }
        }
        LOG.info("pagekeys has stopped");
    }
}
