package io.pagekeys.adapters.rest;

import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.Permission;
import java.util.function.Supplier;

/**
 * Keeps the order of answers when a request body is refused. A body is read and checked before the use
 * case can be called (the use case takes checked values), but the contract answers a missing target
 * (404) and a missing permission (403) before invalid fields (422). So when the body turns out invalid,
 * the route's before-step runs first: it asks whether the target exists, and puts the route's
 * permission to the access rule, through {@link AccessCheck#verify} with the caller's own token; a 404
 * or 403 from there wins over the 422.
 *
 * <p>{@code verify} knows organizations and pages only. A target inside them (an incident, a member, a
 * key) is looked for by the route itself, through the cheapest read its driving port offers. For members
 * and keys that read is a listing, which asks a permission of its own first: a caller it refuses gets 403
 * even when the target is missing, where the use case would say 404, because the ports offer no read of
 * a single member or key that answers 404 before 403.
 */
final class Gate {

    private final AccessCheck accessCheck;

    Gate(AccessCheck accessCheck) {
        this.accessCheck = accessCheck;
    }

    /**
     * What {@code reading} returns; when it refuses the body as unprocessable (422), {@code before} runs
     * first and may answer 404 or 403 instead.
     */
    static <T> T unlessRefusedFirst(Supplier<T> reading, Runnable before) {
        try {
            return reading.get();
        } catch (InvalidValueException e) {
            before.run();
            throw e;
        } catch (HttpProblem e) {
            if (e.status() == 422) {
                before.run();
            }
            throw e;
        }
    }

    /**
     * Whether the caller may do {@code permission} on {@code target}.
     *
     * @throws io.pagekeys.application.NotFoundException when the target does not exist
     * @throws AccessDeniedException when the access rule denies it
     */
    void require(Caller caller, VerifyQuery.Target target, Permission permission) {
        Verification verification = accessCheck.verify(new VerifyQuery(caller.token(), target, permission, caller.clientIp()));
        if (verification.decision() instanceof AccessDecision.Denied denied) {
            throw new AccessDeniedException(denied.reason());
        }
    }
}
