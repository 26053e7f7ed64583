package io.pagekeys.application.memory;

import static io.pagekeys.application.memory.InMemoryStore.stored;
import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import java.time.Instant;
import java.util.Optional;

/** {@link Organizations} in an {@link InMemoryStore}, with ids from a sequence starting at 1. */
public final class InMemoryOrganizations implements Organizations {

    private final InMemoryStore store;

    InMemoryOrganizations(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Organization create(String name, Instant createdAt) {
        requireNonNull(name, "name is null");
        stored("created at", createdAt);
        return store.write(tables -> {
            // Validated before the id is drawn, so that a refused name uses up no id.
            new Organization(OrganizationId.of(Long.MAX_VALUE), name, createdAt);
            Organization organization = new Organization(OrganizationId.of(store.nextOrganizationId()), name, createdAt);
            tables.organizations.put(organization.id(), organization);
            return organization;
        });
    }

    @Override
    public Optional<Organization> findById(OrganizationId id) {
        requireNonNull(id, "id is null");
        return store.read(tables -> Optional.ofNullable(tables.organizations.get(id)));
    }

    @Override
    public Optional<Organization> lockById(OrganizationId id) {
        // Units of work run one at a time, so the organization is locked by the unit that reads it.
        return findById(id);
    }
}
