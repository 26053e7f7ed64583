package io.pagekeys.benchmarks.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.AccessRule;
import io.pagekeys.domain.DenialReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The differential test of the decision benchmark: the same random requests decided by {@link AccessRule},
 * by the rule in jCasbin and by the rule in Cedar must come out the same (allowed or not for jCasbin,
 * which cannot say why; allowed or the same first reason for Cedar). The requests must also reach every
 * outcome the engines are asked about, or agreeing would prove little; and a translation with one check
 * left out must be caught.
 */
class EnginesAgreeTest {

    private static final long WORLD_SEED = 20_260_601L;
    private static final long ASKS_SEED = 42L;
    private static final int ASKS = 10_000;
    /** Every outcome (allowed, or a reason from rule 3 on) is reached at least this often. */
    private static final int EACH_OUTCOME_AT_LEAST = 20;

    private static World world;
    private static List<World.Ask> asks;

    @BeforeAll
    static void world() {
        world = World.generate(WORLD_SEED);
        asks = world.asks(ASKS, ASKS_SEED);
    }

    @Test
    void accessRuleJcasbinAndCedarDecideTenThousandRandomRequestsAlike() {
        CasbinRule casbin = new CasbinRule(world);
        CedarRule cedar = new CedarRule(world);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        for (World.Ask ask : asks) {
            Optional<DenialReason> expected = reason(AccessRule.decide(world.accessRequest(ask)));
            outcomes.merge(expected.map(DenialReason::code).orElse("allowed"), 1, Integer::sum);
            boolean casbinAllows = casbin.allows(casbin.request(ask));
            if (casbinAllows != expected.isEmpty()) {
                disagreements.add("jCasbin " + (casbinAllows ? "allows" : "refuses") + ", pagekeys " + said(expected) + ": " + ask);
            }
            Optional<DenialReason> cedarSays = cedar.decide(cedar.request(ask));
            if (!cedarSays.equals(expected)) {
                disagreements.add("Cedar " + said(cedarSays) + ", pagekeys " + said(expected) + ": " + ask);
            }
        }
        System.out.println("Decided " + ASKS + " requests in the three engines; pagekeys' outcomes: " + outcomes);

        assertThat(disagreements.size())
                .as("disagreements out of %d requests; the first ones:%n%s", ASKS,
                        String.join("\n", disagreements.subList(0, Math.min(20, disagreements.size()))))
                .isZero();
        for (String outcome : expectedOutcomes()) {
            assertThat(outcomes.getOrDefault(outcome, 0))
                    .as("requests whose outcome is %s (all outcomes: %s)", outcome, outcomes)
                    .isGreaterThanOrEqualTo(EACH_OUTCOME_AT_LEAST);
        }
    }

    @Test
    void aJcasbinMatcherWithoutTheScopeCheckIsCaught() {
        String withoutScope = CasbinRule.MATCHER.replace("include(r.key.scope, r.act) && ", "");
        assertThat(withoutScope).isNotEqualTo(CasbinRule.MATCHER);
        CasbinRule broken = new CasbinRule(world, withoutScope);

        long disagreements = asks.stream().limit(2_000)
                .filter(ask -> broken.allows(broken.request(ask)) != AccessRule.decide(world.accessRequest(ask)).isAllowed())
                .count();

        assertThat(disagreements).isPositive();
    }

    @Test
    void cedarPoliciesWithoutTheRotationForbidAreCaught() {
        Map<String, String> withoutRotation = new LinkedHashMap<>(CedarRule.POLICIES);
        assertThat(withoutRotation.remove("rotated")).isNotNull();
        CedarRule broken = new CedarRule(world, withoutRotation);

        long disagreements = asks.stream().limit(2_000)
                .filter(ask -> !broken.decide(broken.request(ask)).equals(reason(AccessRule.decide(world.accessRequest(ask)))))
                .count();

        assertThat(disagreements).isPositive();
    }

    @Test
    void everyForbidPolicyNamesAReasonOfTheRule() {
        CedarRule.POLICIES.forEach((id, text) -> {
            if (text.startsWith("forbid")) {
                assertThat(CedarRule.reason(id)).as(id).isPresent();
            } else {
                assertThat(CedarRule.reason(id)).as(id).isEmpty();
            }
        });
    }

    /** Rules 1 and 2 (parse, lookup) come before any engine is asked; every later outcome must be reached. */
    private static List<String> expectedOutcomes() {
        List<String> outcomes = new ArrayList<>(List.of("allowed"));
        for (DenialReason reason : DenialReason.values()) {
            if (reason != DenialReason.MALFORMED && reason != DenialReason.UNKNOWN_KEY) {
                outcomes.add(reason.code());
            }
        }
        return outcomes;
    }

    private static Optional<DenialReason> reason(AccessDecision decision) {
        return decision instanceof AccessDecision.Denied denied ? Optional.of(denied.reason()) : Optional.empty();
    }

    private static String said(Optional<DenialReason> decision) {
        return decision.map(reason -> "refuses (" + reason.code() + ")").orElse("allows");
    }
}
