package io.pagekeys.adapters.rest;

/** The metrics that {@code GET /metrics} shows, in Prometheus' text exposition format (version 0.0.4). */
@FunctionalInterface
public interface MetricsExposition {

    /** The metrics now, one sample a line; never null. */
    String scrape();

    /** No metrics: an empty exposition. */
    static MetricsExposition none() {
        return () -> "";
    }
}
