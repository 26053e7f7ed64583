package io.pagekeys.adapters.rest;

import io.pagekeys.domain.StatusPage;
import java.time.Instant;
import java.util.List;

/**
 * {@code {"status_page": {"subdomain", "name", "organization_id", "created_at", "updated_at"}}}; lists
 * are {@code {"status_pages": [...]}}. Requests carry {@code subdomain} (on creation only; it cannot
 * change) and {@code name}.
 */
final class StatusPageJson {

    private StatusPageJson() {}

    record Body(String subdomain, String name, long organizationId, Instant createdAt, Instant updatedAt) {

        static Body of(StatusPage page) {
            return new Body(page.subdomain().value(), page.name(), page.organization().value(), page.createdAt(), page.updatedAt());
        }
    }

    record Envelope(Body statusPage) {

        static Envelope of(StatusPage page) {
            return new Envelope(Body.of(page));
        }
    }

    record ListEnvelope(List<Body> statusPages) {

        static ListEnvelope of(List<StatusPage> pages) {
            return new ListEnvelope(pages.stream().map(Body::of).toList());
        }
    }

    record Request(String subdomain, String name) {}

    record RequestEnvelope(Request statusPage) {}
}
