package io.pagekeys.application.memory;

import static io.pagekeys.application.memory.InMemoryStore.stored;
import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.OrganizationId;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@link KeyEvents} in an {@link InMemoryStore}: oldest first, events of the same instant in the order
 * they were appended. An event needs its key, in the event's organization.
 */
public final class InMemoryKeyEvents implements KeyEvents {

    private final InMemoryStore store;

    InMemoryKeyEvents(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public void append(KeyEvent event) {
        requireNonNull(event, "event is null");
        stored("at", event.at());
        store.write(tables -> {
            ApiKey key = tables.keys.get(event.key());
            if (key == null || !key.organization().equals(event.organization())) {
                throw InMemoryStore.Tables.foreignKey(
                        "an event", "key " + event.key() + " of organization " + event.organization());
            }
            tables.events.add(event);
            return null;
        });
    }

    @Override
    public List<KeyEvent> of(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return select(event -> event.organization().equals(organization));
    }

    @Override
    public List<KeyEvent> of(ApiKeyId key) {
        requireNonNull(key, "key is null");
        return select(event -> event.key().equals(key));
    }

    private List<KeyEvent> select(Predicate<KeyEvent> filter) {
        // The table is in the order of appending, and the sort is stable.
        return store.read(tables ->
                tables.events.stream().filter(filter).sorted(Comparator.comparing(KeyEvent::at)).toList());
    }
}
