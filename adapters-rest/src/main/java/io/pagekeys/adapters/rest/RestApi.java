package io.pagekeys.adapters.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.io.UncheckedIOException;
import java.net.BindException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.KeyManagement;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The StatusPal-style v2 HTTP API of pagekeys, over the three driving ports. Construct it with the ports,
 * a health check and settings, then {@link #start()} it; {@link #stop()} finishes the requests in flight
 * (up to {@link RestSettings#stopTimeout()}) before closing.
 *
 * <p>The clock is the one the application uses: it times the failed-authentication throttle's window and
 * tells the state of each key an answer shows.
 */
public final class RestApi implements AutoCloseable {

    private final AccessCheck accessCheck;
    private final KeyManagement keyManagement;
    private final Administration administration;
    private final HealthCheck health;
    private final MetricsExposition metrics;
    private final RestSettings settings;
    private final Clock clock;
    private Javalin app;
    private boolean stopped;

    public RestApi(
            AccessCheck accessCheck,
            KeyManagement keyManagement,
            Administration administration,
            HealthCheck health,
            RestSettings settings,
            Clock clock) {
        this(accessCheck, keyManagement, administration, health, MetricsExposition.none(), settings, clock);
    }

    /** With the metrics that {@code GET /metrics} shows. */
    public RestApi(
            AccessCheck accessCheck,
            KeyManagement keyManagement,
            Administration administration,
            HealthCheck health,
            MetricsExposition metrics,
            RestSettings settings,
            Clock clock) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.accessCheck = requireNonNull(accessCheck, "access check is null");
        this.keyManagement = requireNonNull(keyManagement, "key management is null");
        this.administration = requireNonNull(administration, "administration is null");
        this.health = requireNonNull(health, "health check is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Binds {@link RestSettings#host()} and {@link RestSettings#port()} and starts answering.
     *
     * @return the port bound, which is a free one when the settings say 0
     * @throws IllegalStateException when this API was started before (an instance starts once)
     * @throws UncheckedIOException when the address cannot be bound, saying which (the API may then be
     *     started again)
     */
    public synchronized int start() {
        if (app != null) {
            throw new IllegalStateException("this API was started already; an instance starts once");
        }
        Javalin created = Javalin.create(this::configure);
        try {
            created.start(settings.host(), settings.port());
        } catch (JavalinBindException e) {
            throw new UncheckedIOException(new BindException(
                    "cannot listen on " + settings.host() + ":" + settings.port() + ": the port is in use"));
        }
        app = created;
        return app.port();
    }

    /**
     * Stops taking connections, lets the requests in flight finish (for at most the stop timeout), then
     * closes. Does nothing when not started or already stopped.
     */
    public synchronized void stop() {
        if (app == null || stopped) {
            return;
        }
        stopped = true;
        app.stop();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The port bound.
     *
     * @throws IllegalStateException when not started
     */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /**
     * Every route served, as {@code "GET /api/v2/me"}, for the test that holds the OpenAPI document to it.
     * HEAD, which every GET route also answers, is left out.
     */
    synchronized Set<String> routes() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        Set<String> routes = new TreeSet<>();
        for (ParsedEndpoint endpoint : app.unsafe.internalRouter.allHttpHandlers()) {
            if (endpoint.endpoint.method.isHttpMethod() && endpoint.endpoint.method != HandlerType.HEAD) {
                routes.add(endpoint.endpoint.method.name() + " " + endpoint.endpoint.path);
            }
        }
        return routes;
    }

    private void configure(JavalinConfig config) {
        Json json = new Json(settings.maxBodyBytes());
        Problems problems = new Problems(json);
        Authenticator authenticator = new Authenticator(accessCheck, new ClientAddresses(settings.trustedProxies()),
                new FailedAuthentications(settings.failedAuthenticationLimit(), clock));
        Exchange exchange = new Exchange(authenticator, json, new Gate(accessCheck), clock);
        TokensInUrls tokensInUrls = new TokensInUrls();

        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.http.defaultContentType = "application/json";
        config.jsonMapper(new JavalinJackson(json.mapper(), false));
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(settings.stopTimeout().toMillis());
            server.insertHandler(new GracefulHandler());
            server.setErrorHandler(new JettyProblems(problems));
            // Javalin adds its connector after this runs, and the connector opens (binds with its
            // backlog) while the server starts: set on starting, the queue is there when it binds.
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (Connector connector : server.getConnectors()) {
                        if (connector instanceof ServerConnector listening) {
                            listening.setAcceptQueueSize(settings.acceptQueue());
                        }
                    }
                }
            });
        });
        config.jetty.modifyHttpConfiguration(http -> {
            // Jetty keeps the header fields a connection repeats, and by default finds them again
            // ignoring case: a token differing from the previous one only in case (uk_ and Uk_) was then
            // read as the previous, valid, token. Tokens are case-sensitive secrets.
            http.setHeaderCacheCaseSensitive(true);
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
        });

        config.routes.before(ctx -> {
            ctx.header("Cache-Control", "no-store");
            tokensInUrls.check(ctx);
        });
        problems.register(config.routes);
        Routes routes = new Routes(config.routes);
        new ServerRoutes(health, metrics, exchange).register(routes);
        new AuthRoutes(accessCheck, exchange).register(routes);
        new OrganizationsRoutes(administration, exchange).register(routes);
        new MembersRoutes(administration, exchange).register(routes);
        new StatusPagesRoutes(administration, exchange).register(routes);
        new IncidentsRoutes(administration, exchange).register(routes);
        new ApiKeysRoutes(keyManagement, exchange).register(routes);
    }
}
