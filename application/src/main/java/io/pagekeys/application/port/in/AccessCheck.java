package io.pagekeys.application.port.in;

import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.User;
import java.util.Optional;

/** Deciding, per request, whether a presented key may act. */
public interface AccessCheck {

    /**
     * Checks a presented credential (rules 1-4 of the access rule): well formed, known, usable now, and
     * presented from an admitted address. A malformed credential is refused without any I/O. Does not
     * count as a use of the key: the use case that then authorizes the request does.
     *
     * @param presented the credential as sent, possibly null or empty
     * @param clientIp the client's address, empty when unknown
     * @return the authenticated principal or the reason of refusal; never null
     * @throws io.pagekeys.application.StoreUnavailableException when the key cannot be looked up
     */
    Authentication authenticate(String presented, Optional<IpAddress> clientIp);

    /**
     * Who an authenticated key acts for, for a request that needs nothing more than a usable key ("who
     * am I"): the user of a user key, empty for an organization key. Counts as a successful use of the
     * key: its {@code last_used_at} becomes now, unless a later use is recorded already. Requests that go
     * through a use case are counted by that use case; do not call this for them too.
     *
     * @return the key's user, or empty; never null
     * @throws io.pagekeys.application.StoreUnavailableException when the store cannot answer
     */
    Optional<User> identify(Principal.ViaKey principal);

    /**
     * The whole access rule for one question, as a gateway asks it. An allowed answer counts as a use of
     * the key.
     *
     * @return the decision and the key if one was found; never null
     * @throws io.pagekeys.application.NotFoundException when the page or organization does not exist
     * @throws io.pagekeys.domain.InvalidValueException (field {@code permission}) when the permission is not
     *     judged on that kind of target (a page-scoped permission asked of an organization, or the reverse)
     * @throws io.pagekeys.application.StoreUnavailableException when no decision can be made
     */
    Verification verify(VerifyQuery query);
}
