package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.Token;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns the {@code Authorization} header ({@code <token>} or {@code Bearer <token>}) into a
 * {@link Caller}, through {@link AccessCheck#authenticate}. A missing, malformed, unknown, revoked,
 * expired or rotated-out key is one and the same 401; a key used from outside its allowed addresses is
 * 403 {@code ip_not_allowed}.
 *
 * <p>Each 401 counts against the client (its address, or its IPv6 /64, see {@link FailedAuthentications});
 * a client over the limit is answered 429 instead of 401. A usable key is never answered 429: when a throttled address presents a well-formed token, the
 * key is still looked up, and only a failure is refused with 429. A malformed one is refused without any
 * I/O, as always.
 */
final class Authenticator {

    private final AccessCheck accessCheck;
    private final ClientAddresses addresses;
    private final FailedAuthentications failures;

    Authenticator(AccessCheck accessCheck, ClientAddresses addresses, FailedAuthentications failures) {
        this.accessCheck = accessCheck;
        this.addresses = addresses;
        this.failures = failures;
    }

    /**
     * The authenticated caller of this request.
     *
     * @throws HttpProblem 401 or 429
     * @throws AccessDeniedException {@code ip_not_allowed}
     */
    Caller caller(Context ctx) {
        Optional<IpAddress> clientIp = addresses.of(ctx);
        String presented = presented(ctx.header("Authorization"));
        OptionalLong throttled = failures.retryAfter(clientIp);
        if (throttled.isPresent() && Token.parse(presented).isEmpty()) {
            failures.record(clientIp);
            throw HttpProblem.tooManyRequests(throttled.getAsLong());
        }
        Authentication authentication = accessCheck.authenticate(presented, clientIp);
        if (authentication instanceof Authentication.Authenticated authenticated) {
            return new Caller(authenticated.principal(), clientIp, presented);
        }
        DenialReason reason = ((Authentication.Refused) authentication).reason();
        if (reason.kind() == DenialReason.Kind.AUTHORIZATION) {
            throw new AccessDeniedException(reason);
        }
        failures.record(clientIp);
        if (throttled.isPresent()) {
            throw HttpProblem.tooManyRequests(throttled.getAsLong());
        }
        throw HttpProblem.unauthorized();
    }

    /** The client address as this adapter sees it, for routes that take no key. */
    Optional<IpAddress> clientIp(Context ctx) {
        return addresses.of(ctx);
    }

    /** The credential of an {@code Authorization} header: the token, with or without the Bearer scheme. */
    static String presented(String header) {
        if (header == null) {
            return "";
        }
        String value = header.strip();
        if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return value.substring(7).strip();
        }
        return value;
    }
}
