package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.User;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link AccessCheck} with the metrics of the path every request takes: decisions by operation
 * ({@code authenticate}, {@code verify}), outcome and reason ({@code pagekeys.decisions}), and the
 * latency of verifications as a histogram ({@code pagekeys.verify}). Labels name reasons only, never a
 * key, token, user or page. The counters are made once, so that counting costs no lookup.
 *
 * <p>The histogram times one verification in {@value #TIMED_ONE_IN}, drawn at random: timing one takes
 * two readings of the clock and an update of the histogram, about 150 ns on a virtual machine, half a
 * warm verification; one in 64 still gives hundreds of samples a second on a busy server. A uniform
 * sample keeps the distribution (and its quantiles) as they are; the count of every verification is
 * that of {@code pagekeys.decisions}, which counts each.
 */
final class MeteredAccessCheck implements AccessCheck {

    /** One verification in this many is timed. */
    static final int TIMED_ONE_IN = 64;

    private final AccessCheck delegate;
    private final Timer verifyLatency;
    private final Outcomes authentications;
    private final Outcomes verifications;

    MeteredAccessCheck(AccessCheck delegate, MeterRegistry registry) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        requireNonNull(registry, "registry is null");
        this.verifyLatency = Timer.builder("pagekeys.verify")
                .description("how long a verification takes, from the question to the decision (one in "
                        + TIMED_ONE_IN + ", drawn at random)")
                .publishPercentileHistogram()
                .register(registry);
        this.authentications = new Outcomes(registry, "authenticate");
        this.verifications = new Outcomes(registry, "verify");
    }

    @Override
    public Authentication authenticate(String presented, Optional<IpAddress> clientIp) {
        Authentication authentication = delegate.authenticate(presented, clientIp);
        if (authentication instanceof Authentication.Refused refused) {
            authentications.denied(refused.reason());
        } else {
            authentications.allowed();
        }
        return authentication;
    }

    @Override
    public Optional<User> identify(Principal.ViaKey principal) {
        return delegate.identify(principal);
    }

    @Override
    public Verification verify(VerifyQuery query) {
        Verification verification;
        if (ThreadLocalRandom.current().nextInt(TIMED_ONE_IN) == 0) {
            long start = System.nanoTime();
            verification = delegate.verify(query);
            verifyLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } else {
            verification = delegate.verify(query);
        }
        if (verification.decision() instanceof AccessDecision.Denied denied) {
            verifications.denied(denied.reason());
        } else {
            verifications.allowed();
        }
        return verification;
    }

    /** The counters of one operation: one for allowed, one per reason of denial. */
    private static final class Outcomes {

        private final Counter allowed;
        private final Map<DenialReason, Counter> denied = new EnumMap<>(DenialReason.class);

        Outcomes(MeterRegistry registry, String operation) {
            this.allowed = counter(registry, operation, "allowed", "none");
            for (DenialReason reason : DenialReason.values()) {
                denied.put(reason, counter(registry, operation, "denied", reason.code()));
            }
        }

        void allowed() {
            allowed.increment();
        }

        void denied(DenialReason reason) {
            denied.get(reason).increment();
        }

        private static Counter counter(MeterRegistry registry, String operation, String outcome, String reason) {
            return Counter.builder("pagekeys.decisions")
                    .description("decisions on presented keys")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(registry);
        }
    }
}
