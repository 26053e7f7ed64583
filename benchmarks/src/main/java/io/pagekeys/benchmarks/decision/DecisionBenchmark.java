package io.pagekeys.benchmarks.decision;

import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.AccessRequest;
import io.pagekeys.domain.AccessRule;
import io.pagekeys.domain.DenialReason;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision of the access rule in each engine, on the world of {@link World} (one organization, 50
 * pages, 200 members, 1,000 keys) and the same sequence of 10,000 random requests that the differential
 * test checks: {@link AccessRule#decide}, jCasbin's enforcer, Cedar's authorizer. Each engine's requests
 * are built before measuring, so only the decision is timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

    private static final int ASKS = 10_000;

    private AccessRequest[] pagekeysRequests;
    private CasbinRule casbin;
    private Object[][] casbinRequests;
    private CedarRule cedar;
    private CedarRule.Request[] cedarRequests;
    private int next;

    @Setup
    public void world() {
        World world = World.generate(20_260_601L);
        List<World.Ask> asks = world.asks(ASKS, 42L);
        casbin = new CasbinRule(world);
        cedar = new CedarRule(world);
        pagekeysRequests = asks.stream().map(world::accessRequest).toArray(AccessRequest[]::new);
        casbinRequests = asks.stream().map(casbin::request).toArray(Object[][]::new);
        cedarRequests = asks.stream().map(cedar::request).toArray(CedarRule.Request[]::new);
    }

    private int nextIndex() {
        int index = next;
        next = index + 1 == ASKS ? 0 : index + 1;
        return index;
    }

    @Benchmark
    public AccessDecision pagekeys() {
        return AccessRule.decide(pagekeysRequests[nextIndex()]);
    }

    @Benchmark
    public boolean jcasbin() {
        return casbin.allows(casbinRequests[nextIndex()]);
    }

    @Benchmark
    public Optional<DenialReason> cedar() {
        return cedar.decide(cedarRequests[nextIndex()]);
    }
}
