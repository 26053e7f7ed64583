package io.pagekeys.application.port.out;

import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.OrganizationId;
import java.util.List;

/**
 * The audit trail of keys: append-only. Every method may throw
 * {@link io.pagekeys.application.StoreUnavailableException}, and never returns null.
 */
public interface KeyEvents {

    /** Appends {@code event}, in the current unit of work: it is kept if and only if the change is. */
    void append(KeyEvent event);

    /** The events of {@code organization}'s keys, oldest first. */
    List<KeyEvent> of(OrganizationId organization);

    /** The events of one key, oldest first. */
    List<KeyEvent> of(ApiKeyId key);
}
