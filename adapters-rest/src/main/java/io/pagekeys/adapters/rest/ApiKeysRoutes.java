package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.application.ForbiddenException;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import java.util.List;

/**
 * Keys through the API:
 *
 * <ul>
 *   <li>{@code /api/v2/orgs/{org_id}/api_keys[/{key_id}[/rotate]]}: organization keys, with
 *       {@code api_keys.manage};
 *   <li>{@code /api/v2/me/api_keys[/{key_id}[/rotate]]}: the calling user key's own user's keys in that
 *       key's organization, with {@code own_api_keys.manage}; an organization key is refused (403
 *       {@code user_key_required});
 *   <li>{@code /api/v2/orgs/{org_id}/user_api_keys[/{key_id}]}: owners' oversight of members' keys;
 *   <li>{@code /api/v2/orgs/{org_id}/api_key_events}: the audit trail of the organization's keys.
 * </ul>
 *
 * A creation or rotation answers 201 with the key and its token, the only time the token is shown.
 */
final class ApiKeysRoutes {

    private final KeyManagement keys;
    private final Exchange exchange;

    ApiKeysRoutes(KeyManagement keys, Exchange exchange) {
        this.keys = keys;
        this.exchange = exchange;
    }

    void register(Routes routes) {
        routes.get("/api/v2/orgs/{org_id}/api_keys", ctx -> {
            Caller caller = exchange.caller(ctx);
            list(ctx, keys.organizationKeys(caller.principal(), PathIds.organization(ctx)));
        });
        routes.post("/api/v2/orgs/{org_id}/api_keys", this::issueOrganizationKey);
        routes.delete("/api/v2/orgs/{org_id}/api_keys/{key_id}", ctx -> {
            Caller caller = exchange.caller(ctx);
            keys.revokeOrganizationKey(caller.principal(), new RevokeKeyCommand(PathIds.organization(ctx), PathIds.key(ctx)));
            exchange.noContent(ctx);
        });
        routes.post("/api/v2/orgs/{org_id}/api_keys/{key_id}/rotate", ctx -> {
            Caller caller = exchange.caller(ctx);
            OrganizationId organization = PathIds.organization(ctx);
            ApiKeyId key = PathIds.key(ctx);
            RotateKeyCommand command = rotation(ctx, organization, key,
                    () -> listed(key, keys.organizationKeys(caller.principal(), organization)));
            issued(ctx, keys.rotateOrganizationKey(caller.principal(), command));
        });

        routes.get("/api/v2/me/api_keys", ctx -> {
            Caller caller = userKey(exchange.caller(ctx));
            list(ctx, keys.ownKeys(caller.principal(), caller.key().organization()));
        });
        routes.post("/api/v2/me/api_keys", this::issueUserKey);
        routes.delete("/api/v2/me/api_keys/{key_id}", ctx -> {
            Caller caller = userKey(exchange.caller(ctx));
            keys.revokeOwnKey(caller.principal(), new RevokeKeyCommand(caller.key().organization(), PathIds.key(ctx)));
            exchange.noContent(ctx);
        });
        routes.post("/api/v2/me/api_keys/{key_id}/rotate", ctx -> {
            Caller caller = userKey(exchange.caller(ctx));
            OrganizationId organization = caller.key().organization();
            ApiKeyId key = PathIds.key(ctx);
            RotateKeyCommand command = rotation(ctx, organization, key,
                    () -> listed(key, keys.ownKeys(caller.principal(), organization)));
            issued(ctx, keys.rotateOwnKey(caller.principal(), command));
        });

        routes.get("/api/v2/orgs/{org_id}/user_api_keys", ctx -> {
            Caller caller = exchange.caller(ctx);
            list(ctx, keys.memberKeys(caller.principal(), PathIds.organization(ctx)));
        });
        routes.delete("/api/v2/orgs/{org_id}/user_api_keys/{key_id}", ctx -> {
            Caller caller = exchange.caller(ctx);
            keys.revokeMemberKey(caller.principal(), new RevokeKeyCommand(PathIds.organization(ctx), PathIds.key(ctx)));
            exchange.noContent(ctx);
        });
        routes.get("/api/v2/orgs/{org_id}/api_key_events", ctx -> {
            Caller caller = exchange.caller(ctx);
            exchange.answer(ctx, 200, ApiKeyJson.EventListEnvelope.of(keys.keyEvents(caller.principal(), PathIds.organization(ctx))));
        });
    }

    private void issueOrganizationKey(Context ctx) {
        Caller caller = exchange.caller(ctx);
        OrganizationId organization = PathIds.organization(ctx);
        KeyRequest request = keyRequest(ctx, caller, organization, Permission.API_KEYS_MANAGE);
        issued(ctx, keys.issueOrganizationKey(caller.principal(), new IssueOrganizationKeyCommand(organization, request)));
    }

    private void issueUserKey(Context ctx) {
        Caller caller = userKey(exchange.caller(ctx));
        OrganizationId organization = caller.key().organization();
        KeyRequest request = keyRequest(ctx, caller, organization, Permission.OWN_API_KEYS_MANAGE);
        issued(ctx, keys.issueUserKey(caller.principal(), new IssueUserKeyCommand(organization, request)));
    }

    private KeyRequest keyRequest(Context ctx, Caller caller, OrganizationId organization, Permission permission) {
        return Gate.unlessRefusedFirst(
                () -> Fields.required(exchange.read(ctx, ApiKeyJson.RequestEnvelope.class, "api_key").apiKey(), "api_key").toKeyRequest(),
                () -> exchange.gate().require(caller, VerifyQuery.Target.organization(organization), permission));
    }

    /**
     * The rotation the body asks for. When the body is refused, {@code before} answers first what the
     * rotation would: 404 for a key that is not one of those the route manages, 403 without the route's
     * permission.
     */
    private RotateKeyCommand rotation(Context ctx, OrganizationId organization, ApiKeyId key, Runnable before) {
        GracePeriod grace = Gate.unlessRefusedFirst(
                () -> exchange.json().readOptional(ctx, ApiKeyJson.RotateRequest.class, "body")
                        .map(ApiKeyJson.RotateRequest::gracePeriodSeconds)
                        .map(GracePeriod::ofSeconds)
                        .orElse(GracePeriod.none()),
                before);
        return new RotateKeyCommand(organization, key, grace);
    }

    /**
     * 404 unless {@code key} is in {@code managed}: the keys of the route's kind that the caller manages
     * there, as the driving port lists them (its cheapest read that tells whether a key is there). The
     * listing itself answers first 404 for a missing organization, then 403 without the route's
     * permission.
     */
    private static void listed(ApiKeyId key, List<ApiKey> managed) {
        if (managed.stream().noneMatch(candidate -> candidate.id().equals(key))) {
            throw HttpProblem.notFound("no such key here");
        }
    }

    private static Caller userKey(Caller caller) {
        if (caller.key().kind() != KeyKind.USER) {
            throw new ForbiddenException(ForbiddenException.USER_KEY_REQUIRED,
                    "an organization key has no keys of its own; use a user key, or /api/v2/orgs/{org_id}/api_keys");
        }
        return caller;
    }

    private void list(Context ctx, List<ApiKey> list) {
        exchange.answer(ctx, 200, ApiKeyJson.ListEnvelope.of(list, exchange.now()));
    }

    private void issued(Context ctx, IssuedKey issued) {
        exchange.answer(ctx, 201, new ApiKeyJson.Envelope(ApiKeyJson.Body.issued(issued, exchange.now())));
    }
}
