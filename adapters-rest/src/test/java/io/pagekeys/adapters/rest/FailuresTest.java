package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.application.port.in.Administration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failures that are nobody's input: answered 500 or 503 with nothing of their cause. */
class FailuresTest {

    static ApiWorld world;
    /** When set, the API's Administration throws this from organization(...). */
    static final AtomicReference<RuntimeException> sabotage = new AtomicReference<>();

    @BeforeAll
    static void start() {
        world = ApiWorld.startWith(FailuresTest::sabotageable);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void repair() {
        sabotage.set(null);
        world.store.failAll(false);
    }

    private static Administration sabotageable(Administration real) {
        return (Administration) Proxy.newProxyInstance(Administration.class.getClassLoader(), new Class<?>[] {Administration.class},
                (proxy, method, arguments) -> {
                    RuntimeException failure = sabotage.get();
                    if (failure != null && method.getName().equals("organization")) {
                        throw failure;
                    }
                    try {
                        return method.invoke(real, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anUnexpectedFailureIs500WithoutAnyDetail() {
        ApiWorld.Tenant tenant = world.tenant(0);
        sabotage.set(new IllegalStateException("index out of whack near " + tenant.ownerToken()));

        ApiWorld.Answer answer = world.get("/api/v2/orgs/" + tenant.org(), tenant.ownerToken()).isProblem(500, "internal_error");

        assertThat(answer.body()).doesNotContain("whack", "IllegalStateException", tenant.ownerToken(), "at io.");
        assertThat(answer.json().has("detail")).isFalse();
    }

    @Test
    void theFailureIsLoggedWithoutAnyToken() {
        ApiWorld.Tenant tenant = world.tenant(0);
        sabotage.set(new IllegalStateException("index out of whack", new IllegalArgumentException("near " + tenant.ownerToken())));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream standardError = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            world.get("/api/v2/orgs/" + tenant.org(), tenant.ownerToken()).is(500);
        } finally {
            System.setErr(standardError);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("index out of whack", "IllegalArgumentException", "near [redacted]", "/api/v2/orgs/{org_id}");
        assertThat(log).doesNotContain(tenant.ownerToken());
    }

    @Test
    void aStoreThatDoesNotAnswerIs503() {
        ApiWorld.Tenant tenant = world.tenant(0);
        world.store.failAll(true);

        ApiWorld.Answer answer = world.get("/api/v2/me", tenant.ownerToken()).isProblem(503, "store_unavailable");

        assertThat(answer.body()).doesNotContain("in-memory");
    }

    @Test
    void theServerAnswersAgainOnceTheStoreIsBack() {
        ApiWorld.Tenant tenant = world.tenant(0);
        world.store.failAll(true);
        world.get("/api/v2/me", tenant.ownerToken()).is(503);
        world.store.failAll(false);

        world.get("/api/v2/me", tenant.ownerToken()).is(200);
    }
}
