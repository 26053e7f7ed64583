package io.pagekeys.adapters.persistence;

import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import io.pagekeys.domain.UserId;
import java.util.Optional;

/**
 * What a notification on the channel {@code pagekeys_view} says changed, as the triggers of the schema
 * (migration V2) write it. A payload that cannot be read is taken as {@link OfEverything}: forgetting
 * too much costs a few reads, forgetting too little a wrong decision.
 */
sealed interface ChangeNotice {

    /** The channel the triggers notify on. */
    String CHANNEL = "pagekeys_view";

    /** A key, or its page selection; no fingerprint when the key itself is gone. */
    record OfKey(ApiKeyId id, Optional<TokenFingerprint> fingerprint) implements ChangeNotice {}

    /** The memberships of a user in an organization, at either level. */
    record OfMemberships(UserId user, OrganizationId organization) implements ChangeNotice {}

    record OfPage(Subdomain subdomain) implements ChangeNotice {}

    record OfOrganization(OrganizationId id) implements ChangeNotice {}

    /** Anything may have changed (a table was truncated, or the payload is not understood). */
    record OfEverything() implements ChangeNotice {}

    /** The notice a payload spells; never null, whatever the payload. */
    static ChangeNotice parse(String payload) {
        if (payload == null) {
            return new OfEverything();
        }
        String[] parts = payload.split(":", -1);
        try {
            switch (parts[0]) {
                case "key":
                    if (parts.length == 3) {
                        Optional<TokenFingerprint> fingerprint =
                                parts[2].isEmpty() ? Optional.empty() : Optional.of(new TokenFingerprint(parts[2]));
                        return new OfKey(ApiKeyId.of(parts[1]), fingerprint);
                    }
                    break;
                case "member":
                    if (parts.length == 3) {
                        return new OfMemberships(UserId.of(Long.parseLong(parts[1])), OrganizationId.of(Long.parseLong(parts[2])));
                    }
                    break;
                case "page":
                    if (parts.length == 2) {
                        return new OfPage(Subdomain.of(parts[1]));
                    }
                    break;
                case "organization":
                    if (parts.length == 2) {
                        return new OfOrganization(OrganizationId.of(Long.parseLong(parts[1])));
                    }
                    break;
                default:
                    break;
            }
        } catch (RuntimeException unreadable) {
            // A value the model refuses: fall through to forgetting everything.
        }
        return new OfEverything();
    }
}
