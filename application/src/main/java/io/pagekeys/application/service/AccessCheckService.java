package io.pagekeys.application.service;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.application.port.out.Memberships;
import io.pagekeys.application.port.out.Organizations;
import io.pagekeys.application.port.out.StatusPages;
import io.pagekeys.application.port.out.UnitOfWork;
import io.pagekeys.application.port.out.Users;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.AccessRule;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.PresentedKey;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.User;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Authentication of presented credentials, and the whole access rule for gateways. */
public final class AccessCheckService implements AccessCheck {

    private final ApiKeys apiKeys;
    private final StatusPages statusPages;
    private final Users users;
    private final UnitOfWork unitOfWork;
    private final UseCaseSteps steps;
    private final Authorizer authorizer;

    @Inject
    public AccessCheckService(
            ApiKeys apiKeys,
            Memberships memberships,
            Organizations organizations,
            StatusPages statusPages,
            Users users,
            UnitOfWork unitOfWork,
            Clock clock) {
        this.apiKeys = requireNonNull(apiKeys, "api keys is null");
        this.statusPages = requireNonNull(statusPages, "status pages is null");
        this.users = requireNonNull(users, "users is null");
        this.unitOfWork = requireNonNull(unitOfWork, "unit of work is null");
        this.steps = new UseCaseSteps(organizations, clock);
        this.authorizer = new Authorizer(apiKeys, memberships, unitOfWork);
    }

    @Override
    public Authentication authenticate(String presented, Optional<IpAddress> clientIp) {
        requireNonNull(clientIp, "client ip is null");
        Optional<Token> token = Token.parse(presented);
        if (token.isEmpty()) {
            // Refused before any I/O: a mistyped or invented credential costs no lookup.
            return new Authentication.Refused(DenialReason.MALFORMED);
        }
        // Reads only, outside a unit of work: the lookup is one statement in autocommit, with no BEGIN
        // and COMMIT around it on the path of every request. The use case that follows re-reads the key
        // in its own transaction, so nothing here needs to be consistent with what comes after.
        Instant now = steps.now();
        Optional<ApiKey> key = apiKeys.findByFingerprint(token.get().fingerprint());
        PresentedKey found = key.map(PresentedKey::found).orElse(PresentedKey.unknown());
        Optional<DenialReason> failure = AccessRule.keyFailure(found, clientIp, now);
        if (failure.isPresent()) {
            return new Authentication.Refused(failure.get());
        }
        return new Authentication.Authenticated(new Principal.ViaKey(key.orElseThrow(), clientIp));
    }

    @Override
    public Optional<User> identify(Principal.ViaKey principal) {
        requireNonNull(principal, "principal is null");
        // Outside any unit of work, this records the use at once.
        authorizer.recordUse(Optional.of(principal.key()), steps.now());
        return principal.key().user().flatMap(users::findById);
    }

    @Override
    public Verification verify(VerifyQuery query) {
        requireNonNull(query, "query is null");
        boolean pageTarget = query.target() instanceof VerifyQuery.Target.Page;
        if (query.permission().isPageScoped() != pageTarget) {
            throw new InvalidValueException(
                    "permission",
                    query.permission().code() + " is judged on " + (query.permission().isPageScoped() ? "a status page" : "an organization"));
        }
        Instant now = steps.now();
        // Reads only: answered from the adapter's view of decisions where it has one, with no transaction.
        Verification verification = unitOfWork.read(() -> decide(query, now));
        if (verification.decision().isAllowed()) {
            // Once the reads are done (nothing failed after them): the use of an allowed key.
            apiKeys.recordUse(verification.keyId().orElseThrow(), now);
        }
        return verification;
    }

    /** The decision on {@code query} at {@code now}; records nothing. */
    private Verification decide(VerifyQuery query, Instant now) {
        // The question is checked before the token: an unknown page is unknown whatever is presented.
        AccessTarget target = resolve(query.target());
        Optional<Token> token = Token.parse(query.token());
        if (token.isEmpty()) {
            return new Verification(AccessDecision.denied(DenialReason.MALFORMED), Optional.empty());
        }
        // As the decision needs it: its last use, which no rule reads, may lag behind uses not yet written;
        // an allowed verification shows it as used now.
        Optional<ApiKey> key = apiKeys.findToDecide(token.get().fingerprint());
        if (key.isEmpty()) {
            return new Verification(AccessDecision.denied(DenialReason.UNKNOWN_KEY), Optional.empty());
        }
        ApiKey found = key.get();
        return Verification.of(authorizer.decide(found, query.clientIp(), target, query.permission(), now), found, now);
    }

    private AccessTarget resolve(VerifyQuery.Target target) {
        if (target instanceof VerifyQuery.Target.Page page) {
            StatusPage found = statusPages.find(page.subdomain())
                    .orElseThrow(() -> new NotFoundException("no status page " + page.subdomain()));
            return AccessTarget.page(found.organization(), found.subdomain());
        }
        VerifyQuery.Target.Organization organization = (VerifyQuery.Target.Organization) target;
        return AccessTarget.organization(steps.requireOrganization(organization.organization()).id());
    }
}
