package io.pagekeys.adapters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.ApplicationException;
import io.pagekeys.application.ConflictException;
import io.pagekeys.application.ForbiddenException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.StoreUnavailableException;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.DomainException;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyNotActiveException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: every exception, the application's, the domain's,
 * the adapter's own and Javalin's, is answered with an {@code application/problem+json} document
 * carrying {@code type}, {@code title}, {@code status}, {@code code}, {@code error} (the title, for
 * StatusPal clients) and, when useful, {@code detail} and {@code field}.
 *
 * <p>What a 401 says is the same whichever of access rules 1 to 3 failed, so that a caller cannot probe
 * which keys exist. Unexpected failures are logged here and answered 500 without any detail.
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:pagekeys:problem:";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    // One line per failing request would let a client that makes every request fail fill the log.
    private final ThrottledLog storeUnavailableLog = new ThrottledLog(10, 10, TimeUnit.SECONDS);
    private final ThrottledLog unexpectedLog = new ThrottledLog(10, 10, TimeUnit.SECONDS);
    /**
     * Anything shaped like a token, even with a bad checksum or without its prefix (a body is 43
     * characters and its checksum 6), is blotted out of every detail and logged message. Details do not
     * quote input values in the first place; this is the second line of defence.
     */
    private static final Pattern TOKEN_LIKE = Pattern.compile("(?:uk|ok)_[0-9A-Za-z]{12,}|(?<![0-9A-Za-z])[0-9A-Za-z]{32,}");

    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("unauthorized", "A valid API key is required"),
            Map.entry("ip_not_allowed", "The key may not be used from this address"),
            Map.entry("outside_organization", "The target is outside the key's organization"),
            Map.entry("scope_excludes", "The key's scope does not include this permission"),
            Map.entry("page_not_in_key", "The key does not admit this status page"),
            Map.entry("no_membership", "The key's user is not a member here"),
            Map.entry("role_excludes", "The key's user's role does not grant this permission"),
            Map.entry(ForbiddenException.ESCALATION, "A key cannot give more than it has"),
            Map.entry(ForbiddenException.PAGE_NOT_READABLE, "The user cannot read a selected status page"),
            Map.entry(ForbiddenException.USER_KEY_REQUIRED, "Only a user key may manage its own keys"),
            Map.entry(ForbiddenException.OWNER_PROTECTED, "An organization owner's page role needs members.manage"),
            Map.entry("not_found", "Not found"),
            Map.entry("method_not_allowed", "Method not allowed"),
            Map.entry(ConflictException.SUBDOMAIN_TAKEN, "The subdomain is taken"),
            Map.entry(ConflictException.ALREADY_MEMBER, "The user is already a member"),
            Map.entry(ConflictException.KEY_NOT_ACTIVE, "Only an active key can be rotated"),
            Map.entry(ConflictException.LAST_OWNER, "An organization keeps at least one owner"),
            Map.entry(ConflictException.DUPLICATE, "Conflict with existing data"),
            Map.entry("invalid_value", "Invalid value"),
            Map.entry("unknown_field", "Unknown field"),
            Map.entry("missing_field", "Missing field"),
            Map.entry("wrong_type", "Wrong type"),
            Map.entry("malformed_json", "The body is not valid JSON"),
            Map.entry("token_in_url", "Tokens are not accepted in URLs"),
            Map.entry("bad_request", "Bad request"),
            Map.entry("content_too_large", "Request body too large"),
            Map.entry("unsupported_media_type", "Unsupported media type"),
            Map.entry("request_header_fields_too_large", "Request header fields too large"),
            Map.entry("too_many_requests", "Too many failed authentications"),
            Map.entry("internal_error", "Internal server error"),
            Map.entry("store_unavailable", "The store is unavailable"));

    private final Json json;

    Problems(Json json) {
        this.json = json;
    }

    /** The problem document, as answered and as documented in the OpenAPI schema {@code Problem}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(String type, String title, int status, String code, String error, String detail, String field) {}

    void register(RoutesConfig routes) {
        routes.exception(HttpProblem.class, (e, ctx) -> answer(ctx, e.status(), e.code(), e.detail(), e.field(), e.headers()));
        routes.exception(AccessDeniedException.class, (e, ctx) -> denied(ctx, e.reason()));
        routes.exception(ForbiddenException.class, (e, ctx) -> application(ctx, 403, e));
        routes.exception(NotFoundException.class, (e, ctx) -> application(ctx, 404, e));
        routes.exception(ConflictException.class, (e, ctx) -> application(ctx, 409, e));
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            ThrottledLog.Permit permit = storeUnavailableLog.permit();
            if (permit.write()) {
                LOG.warn("store unavailable while answering {} {}{}", ctx.method(), route(ctx), heldBack(permit), Redacted.of(e));
            }
            answer(ctx, 503, e.code(), Optional.of("try again later"), Optional.empty(), Map.of());
        });
        routes.exception(ApplicationException.class, (e, ctx) -> unexpected(ctx, e));
        // The model's message may quote the value refused, and a value may be a pasted secret: the
        // answer names the field and what it expects instead.
        routes.exception(InvalidValueException.class, (e, ctx) ->
                answer(ctx, 422, e.code(), Optional.of(Fields.expectation(e.field())), Optional.of(e.field()), Map.of()));
        routes.exception(KeyNotActiveException.class, (e, ctx) -> application(ctx, 409, e));
        routes.exception(DomainException.class, (e, ctx) ->
                answer(ctx, 422, e.code(), Optional.of(e.getMessage()), Optional.empty(), Map.of()));
        routes.exception(HttpResponseException.class, (e, ctx) -> framework(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
    }

    private void denied(Context ctx, DenialReason reason) {
        switch (reason.kind()) {
            case AUTHENTICATION -> throwing(ctx, HttpProblem.unauthorized());
            case AUTHORIZATION -> answer(ctx, 403, reason.code(), Optional.empty(), Optional.empty(), Map.of());
        }
    }

    private void throwing(Context ctx, HttpProblem problem) {
        answer(ctx, problem.status(), problem.code(), problem.detail(), problem.field(), problem.headers());
    }

    private void application(Context ctx, int status, DomainException e) {
        answer(ctx, status, e.code(), Optional.ofNullable(e.getMessage()), Optional.empty(), Map.of());
    }

    private void application(Context ctx, int status, ApplicationException e) {
        answer(ctx, status, e.code(), Optional.ofNullable(e.getMessage()), Optional.empty(), Map.of());
    }

    private void framework(Context ctx, HttpResponseException e) {
        switch (e.getStatus()) {
            case 404 -> answer(ctx, 404, "not_found", Optional.of("no such resource"), Optional.empty(), Map.of());
            case 405 -> throwing(ctx, HttpProblem.methodNotAllowed(allowedMethods(e)));
            case 413 -> answer(ctx, 413, "content_too_large", Optional.empty(), Optional.empty(), Map.of());
            default -> answer(ctx, e.getStatus(), codeOf(e.getStatus()), Optional.empty(), Optional.empty(), Map.of());
        }
    }

    private static String allowedMethods(HttpResponseException e) {
        // Javalin names the methods that the path has, such as {"availableMethods": "GET, POST"}.
        return e.getDetails().values().stream().findFirst().map(methods -> methods.replace("[", "").replace("]", "")).orElse("");
    }

    private void unexpected(Context ctx, Exception e) {
        ThrottledLog.Permit permit = unexpectedLog.permit();
        if (permit.write()) {
            LOG.error("unexpected failure while answering {} {}{}", ctx.method(), route(ctx), heldBack(permit), Redacted.of(e));
        }
        answer(ctx, 500, "internal_error", Optional.empty(), Optional.empty(), Map.of());
    }

    static String heldBack(ThrottledLog.Permit permit) {
        return permit.suppressedBefore() == 0 ? "" : " (" + permit.suppressedBefore() + " similar line(s) held back before this one)";
    }

    /** The route template rather than the path asked, so that nothing a client typed reaches the log. */
    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "(no route)";
        }
    }

    void answer(Context ctx, int status, String code, Optional<String> detail, Optional<String> field, Map<String, String> headers) {
        String title = title(code, status);
        Problem problem = new Problem(TYPE_PREFIX + code, title, status, code, title,
                detail.map(Problems::redacted).orElse(null), field.map(Problems::redacted).orElse(null));
        headers.forEach(ctx::header);
        ctx.status(status).contentType(CONTENT_TYPE);
        Json.send(ctx, json.write(problem));
    }

    /** The body of a problem known only by its status, for answers that Jetty gives by itself. */
    byte[] forStatus(int status) {
        String code = codeOf(status);
        String title = title(code, status);
        return json.write(new Problem(TYPE_PREFIX + code, title, status, code, title, null, null));
    }

    /** The code of a problem known only by its status: a stable word, the reason phrase's when not one of ours. */
    static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "content_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 431 -> "request_header_fields_too_large";
            case 500 -> "internal_error";
            default -> {
                String word = HttpStatus.forStatus(status).getMessage().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_")
                        .replaceAll("^_+|_+$", "");
                yield word.isEmpty() ? (status >= 500 ? "internal_error" : "bad_request") : word;
            }
        };
    }

    /** One title per code, whoever answers: this class, Javalin or Jetty. */
    private static String title(String code, int status) {
        return TITLES.getOrDefault(code, HttpStatus.forStatus(status).getMessage());
    }

    static String redacted(String text) {
        return TOKEN_LIKE.matcher(text).replaceAll("[redacted]");
    }

    /**
     * A failure as it may be logged: the same classes, messages and stack traces, with anything shaped
     * like a token blotted out of every message of the chain.
     */
    static final class Redacted extends RuntimeException {

        private static final int MAX_DEPTH = 10;
        private final String original;

        private Redacted(String original, String message, Throwable cause) {
            super(message, cause, false, false);
            this.original = original;
        }

        static Throwable of(Throwable failure) {
            return of(failure, 0);
        }

        private static Throwable of(Throwable failure, int depth) {
            if (failure == null || depth > MAX_DEPTH) {
                return null;
            }
            Redacted copy = new Redacted(failure.getClass().getName(),
                    failure.getMessage() == null ? null : redacted(failure.getMessage()), of(failure.getCause(), depth + 1));
            copy.setStackTrace(failure.getStackTrace());
            return copy;
        }

        @Override
        public String toString() {
            return getMessage() == null ? original : original + ": " + getMessage();
        }
    }
}
