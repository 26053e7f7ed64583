package io.pagekeys.adapters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Revocation;
import io.pagekeys.domain.Rotation;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keys on the wire. An answer never holds a secret, except {@code token} in the answer to a creation or
 * a rotation, the only time the token is shown. The scope is always the array of permissions; a key on
 * all pages has {@code "page_rule": "all"} and {@code "status_pages": null}.
 */
final class ApiKeyJson {

    private ApiKeyJson() {}

    record Body(
            String id,
            String kind,
            String name,
            long organizationId,
            Long userId,
            List<String> scope,
            String pageRule,
            List<String> statusPages,
            List<String> allowedIps,
            Instant expiresAt,
            String state,
            Instant graceUntil,
            String replacedBy,
            Instant revokedAt,
            String hint,
            Instant createdAt,
            String createdBy,
            Instant lastUsedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

        static Body of(ApiKey key, Instant now) {
            return of(key, now, null);
        }

        private static Body of(ApiKey key, Instant now, String token) {
            List<String> pages = key.pageRule() instanceof PageRule.SelectedPages selected
                    ? selected.pages().stream().map(Subdomain::value).toList()
                    : null;
            return new Body(
                    key.id().value(),
                    key.kind().code(),
                    key.name().value(),
                    key.organization().value(),
                    key.user().map(UserId::value).orElse(null),
                    key.scope().permissions().stream().map(Permission::code).toList(),
                    key.pageRule().code(),
                    pages,
                    key.allowedIps().stream().map(Cidr::toString).toList(),
                    key.expiresAt().orElse(null),
                    key.state(now).code(),
                    key.rotation().map(Rotation::graceUntil).orElse(null),
                    key.rotation().map(rotation -> rotation.replacedBy().value()).orElse(null),
                    key.revocation().map(Revocation::revokedAt).orElse(null),
                    key.hint(),
                    key.createdAt(),
                    key.createdBy().toString(),
                    key.lastUsedAt().orElse(null),
                    token);
        }

        /** The answer to a creation or rotation: the key with its token. */
        static Body issued(IssuedKey issued, Instant now) {
            return of(issued.key(), now, issued.token().reveal());
        }
    }

    record Envelope(Body apiKey) {}

    record ListEnvelope(List<Body> apiKeys) {

        static ListEnvelope of(List<ApiKey> keys, Instant now) {
            return new ListEnvelope(keys.stream().map(key -> Body.of(key, now)).toList());
        }
    }

    /** {@code {"api_key": {"name", "scope", "status_pages", "expires_at", "allowed_ips"}}}. */
    record Request(String name, JsonNode scope, List<String> statusPages, String expiresAt, List<String> allowedIps) {

        /**
         * The key request these fields spell.
         *
         * @throws HttpProblem 422 for a missing field or a value of the wrong type
         * @throws io.pagekeys.domain.InvalidValueException for a value the model refuses
         */
        KeyRequest toKeyRequest() {
            KeyName keyName = Fields.parsed(Fields.required(name, "name"), "name", KeyName::of);
            KeyScope keyScope = scopeOf(Fields.required(scope, "scope"));
            Optional<Set<Subdomain>> pages = Optional.ofNullable(statusPages).map(ApiKeyJson::pages);
            List<Cidr> blocks = allowedIps == null ? List.of() : Fields.each(allowedIps, "allowed_ips", Cidr::parse);
            Optional<Instant> expiry = Optional.ofNullable(expiresAt).map(ApiKeyJson::instant);
            return new KeyRequest(keyName, keyScope, pages, blocks, expiry);
        }
    }

    record RequestEnvelope(Request apiKey) {}

    /** {@code {"grace_period_seconds": N}}, not wrapped. */
    record RotateRequest(Long gracePeriodSeconds) {}

    record EventBody(String keyId, long organizationId, String type, String actor, Instant at, String relatedKeyId) {

        static EventBody of(KeyEvent event) {
            return new EventBody(event.key().value(), event.organization().value(), event.type().code(),
                    event.actor().toString(), event.at(), event.relatedKey().map(id -> id.value()).orElse(null));
        }
    }

    record EventListEnvelope(List<EventBody> apiKeyEvents) {

        static EventListEnvelope of(List<KeyEvent> events) {
            return new EventListEnvelope(events.stream().map(EventBody::of).toList());
        }
    }

    private static KeyScope scopeOf(JsonNode node) {
        if (node.isTextual()) {
            return KeyScope.Preset.fromCode(node.textValue())
                    .map(KeyScope.Preset::scope)
                    .orElseThrow(() -> Fields.invalid("scope",
                            "a scope is read_only, read_write, full, or an array of permissions"));
        }
        if (!node.isArray()) {
            throw HttpProblem.unprocessable("wrong_type", "scope", "scope must be a preset name or an array of permissions");
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw HttpProblem.unprocessable("wrong_type", "scope", "scope must hold permission names only");
            }
            permissions.add(Permission.fromCode(element.textValue())
                    .orElseThrow(() -> Fields.invalid("scope", "unknown permission; the catalogue is " + catalogue())));
        }
        return Fields.parsed("", "scope", any -> KeyScope.of(permissions));
    }

    private static String catalogue() {
        List<String> codes = new ArrayList<>();
        for (Permission permission : Permission.values()) {
            codes.add(permission.code());
        }
        return String.join(", ", codes);
    }

    private static Set<Subdomain> pages(List<String> subdomains) {
        if (subdomains.isEmpty()) {
            throw Fields.invalid("status_pages", "must name at least one status page; leave it out for all pages");
        }
        return new LinkedHashSet<>(Fields.each(subdomains, "status_pages", Subdomain::of));
    }

    private static Instant instant(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw Fields.invalid("expires_at", "must be an ISO-8601 date and time with an offset, such as 2030-01-01T00:00:00Z");
        }
        // ISO-8601 reads years of up to nine digits; the model keeps expiries before the year 10000.
        if (!instant.isBefore(KeySettings.EXPIRY_LIMIT)) {
            throw Fields.invalid("expires_at", "must be before the year 10000");
        }
        return instant;
    }
}
