package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.ForbiddenException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.KeyEvents;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.RandomSource;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyNotActiveException;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.MemberRoles;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.UserId;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Issuing, listing, rotating and revoking keys. Checks run in the order the API answers them: a target
 * that does not exist (404), the route's permission (403), invalid values (422), escalation and
 * unreadable pages (403), conflicts (409).
 */
public final class KeyManagementService implements KeyManagement {

    private final ApiKeys apiKeys;
    private final StatusPages statusPages;
    private final KeyEvents keyEvents;
    private final RandomSource randomSource;
    private final UnitOfWork unitOfWork;
    private final UseCaseSteps steps;
    private final KeyRevocation revocation;
    private final Authorizer authorizer;

    @Inject
    public KeyManagementService(
            ApiKeys apiKeys,
            Memberships memberships,
            Organizations organizations,
            StatusPages statusPages,
            KeyEvents keyEvents,
            RandomSource randomSource,
            UnitOfWork unitOfWork,
            Clock clock) {
        this.apiKeys = requireNonNull(apiKeys, "api keys is null");
        this.statusPages = requireNonNull(statusPages, "status pages is null");
        this.keyEvents = requireNonNull(keyEvents, "key events is null");
        this.randomSource = requireNonNull(randomSource, "random source is null");
        this.unitOfWork = requireNonNull(unitOfWork, "unit of work is null");
        this.steps = new UseCaseSteps(organizations, clock);
        this.revocation = new KeyRevocation(apiKeys, keyEvents);
        this.authorizer = new Authorizer(apiKeys, memberships, unitOfWork);
    }

    // ---- own user keys -------------------------------------------------------------------------

    @Override
    public IssuedKey issueUserKey(Principal principal, IssueUserKeyCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            // The lock orders this issue with a concurrent removal of the user, which revokes the user's
            // keys: otherwise a key committed just after the removal listed the keys would survive it.
            steps.lockOrganization(organization);
            UserId user = ownUser(principal, organization, now);
            Optional<ApiKey> actingKey = authorizer.require(principal, AccessTarget.organization(organization), Permission.OWN_API_KEYS_MANAGE, now);
            KeySettings settings = settingsOf(command.request(), organization, now);
            requireNoEscalation(actingKey, settings);
            requireReadable(settings.pageRule(), authorizer.rolesOf(user, organization));
            Token token = Token.generate(KeyKind.USER, randomSource.nextBytes(Token.SECRET_BYTES));
            ApiKey key = ApiKey.issueUserKey(newKeyId(), organization, user, settings, token, principal.actor(), now);
            apiKeys.add(key);
            keyEvents.append(KeyEvent.issued(key, principal.actor(), now));
            return new IssuedKey(key, token);
        });
    }

    @Override
    public List<ApiKey> ownKeys(Principal principal, OrganizationId organization) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        return unitOfWork.read(() -> {
            Instant now = steps.now();
            steps.requireOrganization(organization);
            UserId user = ownUser(principal, organization, now);
            authorizer.require(principal, AccessTarget.organization(organization), Permission.OWN_API_KEYS_MANAGE, now);
            return apiKeys.userKeys(organization, user);
        });
    }

    @Override
    public IssuedKey rotateOwnKey(Principal principal, RotateKeyCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            // As for issuing: a replacement must not slip past a concurrent removal of its user.
            steps.lockOrganization(organization);
            UserId user = ownUser(principal, organization, now);
            ApiKey current = lockKey(command.key(), ownUserKey(organization, user));
            Optional<ApiKey> actingKey = authorizer.require(principal, AccessTarget.organization(organization), Permission.OWN_API_KEYS_MANAGE, now);
            return rotate(principal, actingKey, current, command.grace(), now);
        });
    }

    @Override
    public ApiKey revokeOwnKey(Principal principal, RevokeKeyCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            steps.requireOrganization(organization);
            UserId user = ownUser(principal, organization, now);
            ApiKey current = lockKey(command.key(), ownUserKey(organization, user));
            authorizer.require(principal, AccessTarget.organization(organization), Permission.OWN_API_KEYS_MANAGE, now);
            return revocation.revoke(current, principal.actor(), now);
        });
    }

    // ---- organization keys ---------------------------------------------------------------------

    @Override
    public IssuedKey issueOrganizationKey(Principal principal, IssueOrganizationKeyCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            steps.requireOrganization(organization);
            Optional<ApiKey> actingKey = authorizer.require(principal, AccessTarget.organization(organization), Permission.API_KEYS_MANAGE, now);
            KeySettings settings = settingsOf(command.request(), organization, now);
            requireNoEscalation(actingKey, settings);
            Token token = Token.generate(KeyKind.ORGANIZATION, randomSource.nextBytes(Token.SECRET_BYTES));
            ApiKey key = ApiKey.issueOrganizationKey(newKeyId(), organization, settings, token, principal.actor(), now);
            apiKeys.add(key);
            keyEvents.append(KeyEvent.issued(key, principal.actor(), now));
            return new IssuedKey(key, token);
        });
    }

    @Override
    public List<ApiKey> organizationKeys(Principal principal, OrganizationId organization) {
        return listingWithApiKeysManage(principal, organization, () -> apiKeys.organizationKeys(organization));
    }

    @Override
    public IssuedKey rotateOrganizationKey(Principal principal, RotateKeyCommand command) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            steps.requireOrganization(organization);
            ApiKey current = lockKey(command.key(), organizationKey(organization));
            Optional<ApiKey> actingKey = authorizer.require(principal, AccessTarget.organization(organization), Permission.API_KEYS_MANAGE, now);
            return rotate(principal, actingKey, current, command.grace(), now);
        });
    }

    @Override
    public ApiKey revokeOrganizationKey(Principal principal, RevokeKeyCommand command) {
        return revokeWithApiKeysManage(principal, command, this::organizationKey);
    }

    // ---- oversight -----------------------------------------------------------------------------

    @Override
    public List<ApiKey> memberKeys(Principal principal, OrganizationId organization) {
        return listingWithApiKeysManage(principal, organization, () -> apiKeys.userKeys(organization));
    }

    @Override
    public ApiKey revokeMemberKey(Principal principal, RevokeKeyCommand command) {
        return revokeWithApiKeysManage(principal, command, this::anyUserKey);
    }

    @Override
    public List<KeyEvent> keyEvents(Principal principal, OrganizationId organization) {
        return listingWithApiKeysManage(principal, organization, () -> keyEvents.of(organization));
    }

    // ---- the steps -----------------------------------------------------------------------------

    private <T> List<T> listingWithApiKeysManage(Principal principal, OrganizationId organization, Supplier<List<T>> listing) {
        requireNonNull(principal, "principal is null");
        requireNonNull(organization, "organization is null");
        return unitOfWork.read(() -> {
            Instant now = steps.now();
            steps.requireOrganization(organization);
            authorizer.require(principal, AccessTarget.organization(organization), Permission.API_KEYS_MANAGE, now);
            return listing.get();
        });
    }

    private ApiKey revokeWithApiKeysManage(
            Principal principal, RevokeKeyCommand command, Function<OrganizationId, Predicate<ApiKey>> kindOfKey) {
        requireNonNull(principal, "principal is null");
        requireNonNull(command, "command is null");
        return unitOfWork.run(() -> {
            Instant now = steps.now();
            OrganizationId organization = command.organization();
            steps.requireOrganization(organization);
            ApiKey current = lockKey(command.key(), kindOfKey.apply(organization));
            authorizer.require(principal, AccessTarget.organization(organization), Permission.API_KEYS_MANAGE, now);
            return revocation.revoke(current, principal.actor(), now);
        });
    }

    /**
     * The user whose own keys the principal manages in {@code organization}: the person, or a user key's
     * user. An organization key has no own keys: it is refused, after the access rule has had its say
     * (a revoked key or a key of another organization is told so first).
     */
    private UserId ownUser(Principal principal, OrganizationId organization, Instant now) {
        if (principal instanceof Principal.Person person) {
            return person.user();
        }
        ApiKey key = ((Principal.ViaKey) principal).key();
        if (key.kind() == KeyKind.ORGANIZATION) {
            authorizer.require(principal, AccessTarget.organization(organization), Permission.OWN_API_KEYS_MANAGE, now);
            throw new ForbiddenException(
                    ForbiddenException.USER_KEY_REQUIRED, "an organization key has no own keys: use a user key");
        }
        return key.user().orElseThrow();
    }

    /** Rotates {@code current}, which {@link #lockKey} read in this unit of work. */
    private IssuedKey rotate(Principal principal, Optional<ApiKey> actingKey, ApiKey current, GracePeriod requestedGrace, Instant now) {
        // The replacement copies the old key's settings: they are what must stay within the acting key. A
        // key rotating itself is within its ceiling while it is active; once rotated it cannot be rotated
        // again at all, which the conflict below says better than an escalation would.
        boolean itself = actingKey.filter(acting -> acting.id().equals(current.id())).isPresent();
        if (!itself) {
            requireNoEscalation(actingKey, current.settings());
        }
        Token token = Token.generate(current.kind(), randomSource.nextBytes(Token.SECRET_BYTES));
        ApiKey.Rotated rotated;
        try {
            // Cut like every instant, so that the grace deadline is what the store will keep.
            GracePeriod grace = new GracePeriod(requestedGrace.duration().truncatedTo(ChronoUnit.MICROS));
            rotated = current.rotate(newKeyId(), token, grace, principal.actor(), now);
        } catch (KeyNotActiveException e) {
            throw new ConflictException(ConflictException.KEY_NOT_ACTIVE, e.getMessage());
        }
        apiKeys.update(rotated.old());
        apiKeys.add(rotated.replacement());
        keyEvents.append(KeyEvent.rotated(rotated.old(), rotated.replacement().id(), principal.actor(), now));
        keyEvents.append(KeyEvent.issued(rotated.replacement(), principal.actor(), now));
        return new IssuedKey(rotated.replacement(), token);
    }

    /**
     * The settings a request asks for, checked in themselves: an expiry in the future, a selection of
     * pages of this organization.
     *
     * @throws InvalidValueException when they are not
     */
    private KeySettings settingsOf(KeyRequest request, OrganizationId organization, Instant now) {
        // The store keeps microseconds; an expiry is cut to what will be stored, so that the key handed
        // back is the key that will be read back.
        Optional<Instant> expiry = request.expiresAt().map(instant -> instant.truncatedTo(ChronoUnit.MICROS));
        if (expiry.filter(instant -> !instant.isAfter(now)).isPresent()) {
            throw new InvalidValueException("expires_at", "must be in the future");
        }
        PageRule pageRule = PageRule.allPages();
        if (request.pages().isPresent()) {
            pageRule = PageRule.selected(request.pages().get());
            Set<Subdomain> pagesOfOrganization = statusPages.of(organization).stream()
                    .map(StatusPage::subdomain)
                    .collect(Collectors.toSet());
            Set<Subdomain> unknown = new TreeSet<>(request.pages().get());
            unknown.removeAll(pagesOfOrganization);
            if (!unknown.isEmpty()) {
                throw new InvalidValueException(
                        "status_pages",
                        "not status pages of organization " + organization + ": "
                                + unknown.stream().map(Subdomain::value).collect(Collectors.joining(", ")));
            }
        }
        return new KeySettings(request.name(), request.scope(), pageRule, request.allowedIps(), expiry);
    }

    /**
     * A key used to make or rotate a key cannot give it more than it has (a person has no such limit):
     * its ceiling, which ends with the grace of a rotated key.
     */
    private static void requireNoEscalation(Optional<ApiKey> actingKey, KeySettings settings) {
        if (actingKey.isPresent() && !settings.within(actingKey.get().ceiling())) {
            throw new ForbiddenException(
                    ForbiddenException.ESCALATION,
                    "a key can only give another key a scope, pages and client addresses within its own, and an expiry"
                            + " no later than its own (or than the end of its grace, once rotated)");
        }
    }

    /** A user key may select only pages its user can read now. */
    private static void requireReadable(PageRule pageRule, MemberRoles roles) {
        if (pageRule instanceof PageRule.SelectedPages selected) {
            List<String> unreadable = selected.pages().stream()
                    .filter(page -> !roles.mayOnPage(Permission.PAGES_READ, page))
                    .map(Subdomain::value)
                    .toList();
            if (!unreadable.isEmpty()) {
                throw new ForbiddenException(
                        ForbiddenException.PAGE_NOT_READABLE,
                        "the user cannot read these status pages: " + String.join(", ", unreadable));
            }
        }
    }

    /**
     * The key of that id, locked until the unit of work ends, when it is of the kind the route manages.
     *
     * @throws NotFoundException when there is no such key there
     */
    private ApiKey lockKey(ApiKeyId id, Predicate<ApiKey> expected) {
        return apiKeys.lockById(id).filter(expected).orElseThrow(() -> keyNotFound(id));
    }

    private Predicate<ApiKey> ownUserKey(OrganizationId organization, UserId user) {
        return key -> key.kind() == KeyKind.USER && key.organization().equals(organization) && key.user().equals(Optional.of(user));
    }

    private Predicate<ApiKey> organizationKey(OrganizationId organization) {
        return key -> key.kind() == KeyKind.ORGANIZATION && key.organization().equals(organization);
    }

    private Predicate<ApiKey> anyUserKey(OrganizationId organization) {
        return key -> key.kind() == KeyKind.USER && key.organization().equals(organization);
    }

    private static NotFoundException keyNotFound(ApiKeyId id) {
        return new NotFoundException("no such key here: " + id);
    }

    private ApiKeyId newKeyId() {
        return ApiKeyId.generate(randomSource.nextBytes(ApiKeyId.RANDOM_BYTES));
    }
}
