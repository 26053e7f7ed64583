package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code GET /api/v2/me} (who the key acts as) and {@code POST /api/v2/auth/verify} (the access rule as
 * a gateway asks it). Verify takes the token under test in its body, needs no key of its own, and is not
 * counted by the failed-authentication throttle: it is meant for trusted gateways.
 */
final class AuthRoutes {

    private final AccessCheck accessCheck;
    private final Exchange exchange;

    AuthRoutes(AccessCheck accessCheck, Exchange exchange) {
        this.accessCheck = accessCheck;
        this.exchange = exchange;
    }

    void register(Routes routes) {
        routes.get("/api/v2/me", this::me);
        routes.post("/api/v2/auth/verify", this::verify);
    }

    private void me(Context ctx) {
        Caller caller = exchange.caller(ctx);
        Optional<User> user = accessCheck.identify(caller.principal());
        // The key as it was authenticated, plus this use, at the instant the store keeps (microseconds;
        // a later use already recorded stays, as in the store).
        Instant now = exchange.now();
        exchange.answer(ctx, 200, AuthJson.Me.of(caller.key().usedAt(now.truncatedTo(ChronoUnit.MICROS)), user, now));
    }

    private void verify(Context ctx) {
        VerifyQuery query = query(exchange.read(ctx, AuthJson.VerifyRequest.class, "body"));
        Verification verification = accessCheck.verify(query);
        String reason = verification.decision() instanceof AccessDecision.Denied denied ? denied.reason().code() : null;
        exchange.answer(ctx, 200, new AuthJson.VerifyAnswer(verification.decision().isAllowed(), reason,
                verification.key().map(AuthJson.KeyReference::of).orElse(null)));
    }

    private static VerifyQuery query(AuthJson.VerifyRequest request) {
        String token = Fields.required(request.token(), "token");
        Permission permission = Permission.fromCode(Fields.required(request.permission(), "permission"))
                .orElseThrow(() -> Fields.invalid("permission", "unknown permission"));
        if ((request.statusPage() == null) == (request.organizationId() == null)) {
            throw HttpProblem.unprocessable("missing_field", "status_page",
                    "give either status_page (page-scoped permissions) or organization_id (organization-scoped ones)");
        }
        VerifyQuery.Target target = request.statusPage() != null
                ? VerifyQuery.Target.page(Fields.parsed(request.statusPage(), "status_page", Subdomain::of))
                : VerifyQuery.Target.organization(
                        Fields.parsed(Long.toString(request.organizationId()), "organization_id", id -> OrganizationId.of(Long.parseLong(id))));
        if (permission.isPageScoped() != target instanceof VerifyQuery.Target.Page) {
            throw Fields.invalid("permission", permission.isPageScoped()
                    ? permission.code() + " is judged on a status page: give status_page"
                    : permission.code() + " is judged on an organization: give organization_id");
        }
        Optional<IpAddress> clientIp = Optional.ofNullable(request.clientIp())
                .map(ip -> Fields.parsed(ip, "client_ip", IpAddress::parse));
        return new VerifyQuery(token, target, permission, clientIp);
    }
}
