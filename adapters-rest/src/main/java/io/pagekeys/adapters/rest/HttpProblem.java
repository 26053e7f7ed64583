package io.pagekeys.adapters.rest;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A refusal that the HTTP adapter itself decides (a bad request, an oversized body, a throttled client),
 * as opposed to one the application decides. {@link Problems} turns it into a problem document like the
 * others. Its texts never contain a secret or an input value.
 */
final class HttpProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final Optional<String> detail;
    private final Optional<String> field;
    private final Map<String, String> headers;

    private HttpProblem(int status, String code, Optional<String> detail, Optional<String> field, Map<String, String> headers) {
        super(code, null, false, false);
        this.status = status;
        this.code = requireNonNull(code, "code is null");
        this.detail = requireNonNull(detail, "detail is null");
        this.field = requireNonNull(field, "field is null");
        this.headers = Map.copyOf(headers);
    }

    static HttpProblem badRequest(String code, String detail) {
        return new HttpProblem(400, code, Optional.of(detail), Optional.empty(), Map.of());
    }

    static HttpProblem notFound(String detail) {
        return new HttpProblem(404, "not_found", Optional.of(detail), Optional.empty(), Map.of());
    }

    static HttpProblem forbidden(String code, String detail) {
        return new HttpProblem(403, code, Optional.of(detail), Optional.empty(), Map.of());
    }

    static HttpProblem unauthorized() {
        return new HttpProblem(401, "unauthorized", Optional.empty(), Optional.empty(),
                Map.of("WWW-Authenticate", "Bearer realm=\"pagekeys\""));
    }

    static HttpProblem tooManyRequests(long retryAfterSeconds) {
        return new HttpProblem(429, "too_many_requests",
                Optional.of("too many failed authentications from this address; retry later"), Optional.empty(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    static HttpProblem contentTooLarge(long limit) {
        return new HttpProblem(413, "content_too_large",
                Optional.of("the request body is larger than " + limit + " bytes"), Optional.empty(), Map.of());
    }

    static HttpProblem unsupportedMediaType() {
        return new HttpProblem(415, "unsupported_media_type",
                Optional.of("request bodies must be sent as application/json"), Optional.empty(), Map.of());
    }

    static HttpProblem methodNotAllowed(String allowed) {
        return new HttpProblem(405, "method_not_allowed", Optional.empty(), Optional.empty(), Map.of("Allow", allowed));
    }

    /** A body that is well-formed JSON but does not have the shape of the request (422). */
    static HttpProblem unprocessable(String code, String field, String detail) {
        return new HttpProblem(422, code, Optional.of(detail), Optional.of(field), Map.of());
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Optional<String> detail() {
        return detail;
    }

    Optional<String> field() {
        return field;
    }

    Map<String, String> headers() {
        return headers;
    }
}
