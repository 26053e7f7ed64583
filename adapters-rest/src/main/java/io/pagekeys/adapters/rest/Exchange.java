package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;

/**
 * What every route needs besides its port: who is calling, JSON in and out, the gate that keeps the
 * order of refusals, and the clock that judges key states in answers.
 */
record Exchange(Authenticator authenticator, Json json, Gate gate, Clock clock) {

    Caller caller(Context ctx) {
        return authenticator.caller(ctx);
    }

    <T> T read(Context ctx, Class<T> type, String envelope) {
        return json.read(ctx, type, envelope);
    }

    void answer(Context ctx, int status, Object body) {
        json.answer(ctx, status, body);
    }

    /** Answers 204: no body, so no {@code Content-Type} either (Javalin gives every answer its default one). */
    void noContent(Context ctx) {
        ctx.status(204);
        ctx.res().setContentType(null);
    }

    Instant now() {
        return clock.instant();
    }
}
