package io.pagekeys.adapters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/** The bodies of {@code GET /api/v2/me} and {@code POST /api/v2/auth/verify}. */
final class AuthJson {

    private AuthJson() {}

    /** Who a key acts as: a user of an organization, or the organization itself. */
    record PrincipalBody(String type, long organizationId, Long userId, String email) {

        static PrincipalBody of(ApiKey key, Optional<User> user) {
            return new PrincipalBody(
                    key.kind() == KeyKind.USER ? "user" : "organization",
                    key.organization().value(),
                    key.user().map(UserId::value).orElse(null),
                    user.map(u -> u.email().value()).orElse(null));
        }
    }

    record Me(PrincipalBody principal, ApiKeyJson.Body apiKey) {

        /** {@code key}, as this answer shows it, and the user it acts for (a user key's). */
        static Me of(ApiKey key, Optional<User> user, Instant now) {
            return new Me(PrincipalBody.of(key, user), ApiKeyJson.Body.of(key, now));
        }
    }

    /** {@code {"token", "status_page" | "organization_id", "permission", "client_ip"}}, not wrapped. */
    record VerifyRequest(String token, String statusPage, Long organizationId, String permission, String clientIp) {

        @Override
        public String toString() {
            return "VerifyRequest[statusPage=" + statusPage + ", organizationId=" + organizationId + ", permission=" + permission + "]";
        }
    }

    record KeyReference(String id, String kind, long organizationId, Long userId) {

        static KeyReference of(ApiKey key) {
            return new KeyReference(key.id().value(), key.kind().code(), key.organization().value(),
                    key.user().map(UserId::value).orElse(null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifyAnswer(boolean allowed, String reason, KeyReference key) {}
}
