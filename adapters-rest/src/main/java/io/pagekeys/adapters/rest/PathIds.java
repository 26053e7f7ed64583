package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.util.regex.Pattern;

/**
 * The identifiers in a path. One that cannot name anything (an organization id that is not a positive
 * integer, a subdomain with capitals, a malformed key id) is answered 404 like one that names nothing:
 * to the client both are a resource that is not there. This is read after authentication, so the
 * answer to a caller without a valid key stays 401.
 */
final class PathIds {

    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,17}");

    private PathIds() {}

    static OrganizationId organization(Context ctx) {
        return OrganizationId.of(positive(ctx, "org_id", "organization"));
    }

    static UserId user(Context ctx) {
        return UserId.of(positive(ctx, "user_id", "user"));
    }

    static IncidentId incident(Context ctx) {
        return IncidentId.of(positive(ctx, "incident_id", "incident"));
    }

    static Subdomain subdomain(Context ctx) {
        try {
            return Subdomain.of(ctx.pathParam("subdomain"));
        } catch (InvalidValueException e) {
            throw HttpProblem.notFound("no such status page");
        }
    }

    static ApiKeyId key(Context ctx) {
        try {
            return ApiKeyId.of(ctx.pathParam("key_id"));
        } catch (InvalidValueException e) {
            throw HttpProblem.notFound("no such key");
        }
    }

    private static long positive(Context ctx, String parameter, String what) {
        String text = ctx.pathParam(parameter);
        if (!POSITIVE.matcher(text).matches()) {
            throw HttpProblem.notFound("no such " + what);
        }
        return Long.parseLong(text);
    }
}
