package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.pagekeys.adapters.rest.HealthCheck;
import io.pagekeys.adapters.rest.MetricsExposition;
import io.pagekeys.adapters.rest.RestApi;
import io.pagekeys.adapters.rest.RestSettings;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.KeyManagement;
import java.time.Clock;

/** The REST API over the use cases, with the health check the store gives and the metrics to show. */
public final class RestModule extends AbstractModule {

    private final RestSettings settings;
    private final HealthCheck health;
    private final MetricsExposition metrics;

    public RestModule(RestSettings settings, HealthCheck health, MetricsExposition metrics) {
        this.settings = requireNonNull(settings, "settings is null");
        this.health = requireNonNull(health, "health is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Provides
    @Singleton
    RestApi restApi(AccessCheck accessCheck, KeyManagement keyManagement, Administration administration, Clock clock) {
        return new RestApi(accessCheck, keyManagement, administration, health, metrics, settings, clock);
    }
}
