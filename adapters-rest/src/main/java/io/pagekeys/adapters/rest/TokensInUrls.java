package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.domain.Token;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, with 400, a request that carries a key in its URL: a query parameter named like a credential,
 * or any query value or path segment that is a well-formed token. URLs end up in logs, proxies and
 * browser histories; the token belongs in the {@code Authorization} header. Nothing of the URL is
 * logged or repeated.
 */
final class TokensInUrls {

    private static final Set<String> CREDENTIAL_NAMES = Set.of("api_key", "token", "access_token", "key");

    void check(Context ctx) {
        String query = ctx.req().getQueryString();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (CREDENTIAL_NAMES.contains(name.strip().toLowerCase(Locale.ROOT))
                        || Token.parse(value.strip()).isPresent()
                        || Token.parse(name.strip()).isPresent()) {
                    throw refused();
                }
            }
        }
        String path = ctx.req().getRequestURI();
        if (path != null) {
            for (String segment : path.split("/")) {
                if (Token.parse(decode(segment)).isPresent()) {
                    throw refused();
                }
            }
        }
    }

    private static HttpProblem refused() {
        return HttpProblem.badRequest("token_in_url",
                "API keys are accepted only in the Authorization header, never in the URL; revoke a key that was sent in one");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("bad_request", "the URL is not well formed");
        }
    }
}
