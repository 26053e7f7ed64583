package io.pagekeys.adapters.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes that need no key: {@code /api/v2/hello}, {@code /health}, {@code /metrics} (no key, user or
 * page in any label, so nothing there needs one) and the OpenAPI document.
 */
final class ServerRoutes {

    static final String OPENAPI_RESOURCE = "/io/pagekeys/adapters/rest/openapi.json";
    private static final Logger LOG = LoggerFactory.getLogger(ServerRoutes.class);

    private final ThrottledLog healthLog = new ThrottledLog(10, 10, TimeUnit.SECONDS);
    private final HealthCheck health;
    private final MetricsExposition metrics;
    private final Exchange exchange;
    private final byte[] openApi;

    ServerRoutes(HealthCheck health, MetricsExposition metrics, Exchange exchange) {
        this.health = health;
        this.metrics = metrics;
        this.exchange = exchange;
        this.openApi = openApiDocument();
    }

    void register(Routes routes) {
        routes.get("/api/v2/hello", ctx -> exchange.answer(ctx, 200, Map.of("message", "hello from pagekeys")));
        routes.get("/health", ctx -> {
            boolean up = storeAnswers();
            exchange.answer(ctx, up ? 200 : 503, Map.of("status", up ? "up" : "down"));
        });
        routes.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        routes.get("/api/v2/openapi.json", ctx -> ctx.status(200).contentType("application/json").result(openApi));
    }

    private boolean storeAnswers() {
        try {
            return health.storeAnswers();
        } catch (RuntimeException e) {
            ThrottledLog.Permit permit = healthLog.permit();
            if (permit.write()) {
                LOG.warn("health check failed{}: {}", Problems.heldBack(permit), e.toString());
            }
            return false;
        }
    }

    static byte[] openApiDocument() {
        try (InputStream in = ServerRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
