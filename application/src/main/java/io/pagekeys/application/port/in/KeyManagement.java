package io.pagekeys.application.port.in;

import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.OrganizationId;
import java.util.List;

/**
 * Issuing, listing, rotating and revoking keys, under the rules of who may manage which keys.
 *
 * <p>Own user keys need {@code own_api_keys.manage} (any member has it); through a key, it must be a
 * user key of that organization. Organization keys, and oversight of members' keys, need
 * {@code api_keys.manage} (owners). A key that creates or rotates a key cannot give it more than it has
 * itself (scope, pages, expiry). Every method runs in one unit of work, never returns null, and may
 * throw:
 *
 * <ul>
 *   <li>{@link io.pagekeys.application.NotFoundException} when the organization or key does not exist
 *       where the call says;
 *   <li>{@link io.pagekeys.application.AccessDeniedException} when the access rule denies the
 *       principal;
 *   <li>{@link io.pagekeys.application.ForbiddenException} for {@code escalation},
 *       {@code page_not_readable} and {@code user_key_required};
 *   <li>{@link io.pagekeys.domain.InvalidValueException} for an expiry not in the future or a selected
 *       page that is not a page of the organization;
 *   <li>{@link io.pagekeys.application.ConflictException} {@code key_not_active} when rotating a key
 *       that is not active;
 *   <li>{@link io.pagekeys.application.StoreUnavailableException} when the store cannot answer.
 * </ul>
 */
public interface KeyManagement {

    /** Issues a user key for the principal's own user. A selection may hold only pages that user can read. */
    IssuedKey issueUserKey(Principal principal, IssueUserKeyCommand command);

    /** The principal's own user keys in {@code organization}, in every state, oldest first. */
    List<ApiKey> ownKeys(Principal principal, OrganizationId organization);

    /** Rotates one of the principal's own user keys. */
    IssuedKey rotateOwnKey(Principal principal, RotateKeyCommand command);

    /** Revokes one of the principal's own user keys; revoking a revoked key changes nothing. */
    ApiKey revokeOwnKey(Principal principal, RevokeKeyCommand command);

    /** Issues an organization key. */
    IssuedKey issueOrganizationKey(Principal principal, IssueOrganizationKeyCommand command);

    /** The organization keys of {@code organization}, in every state, oldest first. */
    List<ApiKey> organizationKeys(Principal principal, OrganizationId organization);

    /** Rotates an organization key. */
    IssuedKey rotateOrganizationKey(Principal principal, RotateKeyCommand command);

    /** Revokes an organization key; revoking a revoked key changes nothing. */
    ApiKey revokeOrganizationKey(Principal principal, RevokeKeyCommand command);

    /** Oversight: the user keys of every member of {@code organization} (without secrets, as always). */
    List<ApiKey> memberKeys(Principal principal, OrganizationId organization);

    /** Oversight: revokes any member's user key in the organization. */
    ApiKey revokeMemberKey(Principal principal, RevokeKeyCommand command);

    /** The audit trail of the organization's keys, oldest first; needs {@code api_keys.manage}. */
    List<KeyEvent> keyEvents(Principal principal, OrganizationId organization);
}
