package io.pagekeys.application.memory;

import static io.pagekeys.application.memory.InMemoryStore.stored;
import static java.util.Objects.requireNonNull;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import java.util.List;
import java.util.Optional;

/**
 * {@link StatusPages} in an {@link InMemoryStore}. Removing a page removes, as the schema's cascades do,
 * its page-level memberships, its incidents and its place in every key's selection.
 */
public final class InMemoryStatusPages implements StatusPages {

    private final InMemoryStore store;

    InMemoryStatusPages(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public void add(StatusPage page) {
        requireNonNull(page, "page is null");
        checkColumns(page);
        store.write(tables -> {
            if (tables.pages.containsKey(page.subdomain())) {
                throw new ConflictException(ConflictException.SUBDOMAIN_TAKEN, "subdomain " + page.subdomain() + " is taken");
            }
            tables.requireOrganization(page.organization(), "page " + page.subdomain());
            tables.pages.put(page.subdomain(), page);
            return null;
        });
    }

    @Override
    public void update(StatusPage page) {
        requireNonNull(page, "page is null");
        store.write(tables -> {
            StatusPage current = tables.pages.get(page.subdomain());
            if (current == null) {
                throw new NotFoundException("no status page " + page.subdomain());
            }
            StatusPage updated = new StatusPage(
                    current.subdomain(), current.organization(), page.name(), current.createdAt(), page.updatedAt());
            checkColumns(updated);
            tables.pages.put(updated.subdomain(), updated);
            return null;
        });
    }

    @Override
    public Optional<StatusPage> find(Subdomain subdomain) {
        requireNonNull(subdomain, "subdomain is null");
        return store.read(tables -> Optional.ofNullable(tables.pages.get(subdomain)));
    }

    @Override
    public List<StatusPage> of(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        // The table is sorted by subdomain.
        return store.read(tables -> tables.pages.values().stream()
                .filter(page -> page.organization().equals(organization))
                .toList());
    }

    @Override
    public boolean remove(Subdomain subdomain) {
        requireNonNull(subdomain, "subdomain is null");
        return store.write(tables -> {
            if (tables.pages.remove(subdomain) == null) {
                return false;
            }
            tables.memberships.keySet().removeIf(key -> key.page().equals(Optional.of(subdomain)));
            tables.incidents.values().removeIf(incident -> incident.page().equals(subdomain));
            InMemoryApiKeys.forget(tables.keys, subdomain);
            return true;
        });
    }

    private static void checkColumns(StatusPage page) {
        stored("created at", page.createdAt());
        stored("updated at", page.updatedAt());
        if (page.updatedAt().isBefore(page.createdAt())) {
            throw new IllegalArgumentException("page " + page.subdomain() + " is updated before it is created");
        }
    }
}
