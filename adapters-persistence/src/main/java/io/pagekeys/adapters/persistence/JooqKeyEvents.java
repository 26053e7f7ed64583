package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.KEY_EVENTS;
import static java.util.Objects.requireNonNull;

import io.pagekeys.adapters.persistence.jooq.tables.records.KeyEventsRecord;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.OrganizationId;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.Condition;

/**
 * {@link KeyEvents} on PostgreSQL: the append-only table {@code key_events}, whose identity orders the
 * events of one instant as they were appended.
 */
public final class JooqKeyEvents implements KeyEvents {

    private final Transactions transactions;

    @Inject
    public JooqKeyEvents(Transactions transactions) {
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public void append(KeyEvent event) {
        requireNonNull(event, "event is null");
        transactions.statement(sql -> sql.insertInto(KEY_EVENTS)
                .set(KEY_EVENTS.KEY_ID, event.key().value())
                .set(KEY_EVENTS.ORGANIZATION_ID, event.organization().value())
                .set(KEY_EVENTS.TYPE, event.type().code())
                .set(KEY_EVENTS.ACTOR, event.actor().toString())
                .set(KEY_EVENTS.AT, event.at())
                .set(KEY_EVENTS.RELATED_KEY_ID, event.relatedKey().map(ApiKeyId::value).orElse(null))
                .execute());
    }

    @Override
    public List<KeyEvent> of(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return oldestFirst(KEY_EVENTS.ORGANIZATION_ID.eq(organization.value()));
    }

    @Override
    public List<KeyEvent> of(ApiKeyId key) {
        requireNonNull(key, "key is null");
        return oldestFirst(KEY_EVENTS.KEY_ID.eq(key.value()));
    }

    private List<KeyEvent> oldestFirst(Condition condition) {
        return transactions.statement(sql -> sql.selectFrom(KEY_EVENTS)
                .where(condition)
                .orderBy(KEY_EVENTS.AT, KEY_EVENTS.ID)
                .fetch(JooqKeyEvents::toEvent));
    }

    private static KeyEvent toEvent(KeyEventsRecord row) {
        return StoredRows.restore("key_events", row.getId(), () -> restore(row));
    }

    private static KeyEvent restore(KeyEventsRecord row) {
        return new KeyEvent(
                ApiKeyId.of(row.getKeyId()),
                OrganizationId.of(row.getOrganizationId()),
                KeyEvent.Type.valueOf(row.getType().toUpperCase(Locale.ROOT)),
                Actor.parse(row.getActor()),
                row.getAt(),
                Optional.ofNullable(row.getRelatedKeyId()).map(ApiKeyId::of));
    }
}
