package io.pagekeys.adapters.rest;

/** Whether the store behind the API answers, for {@code GET /health}. */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Whether the store answers now. May throw: any exception counts as "does not answer".
     */
    boolean storeAnswers();
}
