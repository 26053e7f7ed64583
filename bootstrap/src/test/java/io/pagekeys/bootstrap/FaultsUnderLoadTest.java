package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server on its default store (the embedded PostgreSQL) under a steady loop of requests
 * (verifications, authenticated reads, writes, health checks) while the database is frozen for 15 s
 * (every process of it stopped, as a hung host would be) and then killed. Asserted over every answer
 * of the loop:
 *
 * <ul>
 *   <li>no decision is allowed while the store cannot answer: a request sent once the view's lease has
 *       run out after the freeze (1 s, the propagation promise) is never allowed, until the database is
 *       killed;
 *   <li>every request is answered, within the client-side bounds (waiting for a connection of the pool,
 *       then one round trip), and only ever with its success or 503 {@code store_unavailable}: never
 *       another 5xx;
 *   <li>service comes back by itself (the embedded PostgreSQL is started again), and no write that was
 *       answered 201 is lost.
 * </ul>
 */
class FaultsUnderLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FREEZE = Duration.ofSeconds(15);
    /** How long the view may still answer after the listener's last confirmation: the propagation promise. */
    private static final Duration LEASE = Duration.ofSeconds(1);
    /** Time a request may take beyond the configured waits for the pool and for one round trip (scheduling, the answer). */
    private static final Duration SLACK = Duration.ofSeconds(1);
    /**
     * What each worker of the loop sends, one request after another. Decisions get two workers of their
     * own, so that while the view answers from memory many are sent, close to where its lease ends.
     */
    private static final List<Kind> WORKERS = List.of(Kind.VERIFY, Kind.VERIFY, Kind.READ, Kind.WRITE, Kind.HEALTH);

    @TempDir
    Path dataDirectory;

    private Configuration configuration() {
        return Operator.onEmbeddedStore(dataDirectory);
    }

    private enum Kind { VERIFY, READ, WRITE, HEALTH }

    /** One request of the loop and how it was answered; times from {@link System#nanoTime()}. */
    private record Answer(Kind kind, long sent, long answered, int status, JsonNode body, String failure) {

        Duration took() {
            return Duration.ofNanos(answered - sent);
        }

        /** Whether the request was granted: a verification that allows, or a read or write that succeeded. */
        boolean allowed() {
            return switch (kind) {
                case VERIFY -> status == 200 && body.path("allowed").asBoolean(false);
                case READ, WRITE -> status / 100 == 2;
                case HEALTH -> false;
            };
        }

        boolean storeUnavailable() {
            return status == 503 && (kind == Kind.HEALTH || "store_unavailable".equals(body.path("code").asText()));
        }

        @Override
        public String toString() {
            return kind + " " + (failure != null ? failure : status + " " + body) + " after " + took().toMillis() + " ms";
        }
    }

    /** The loop: each worker sends requests of its kind, each as soon as the one before is answered. */
    private static final class Load implements AutoCloseable {

        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger written = new AtomicInteger();
        private final List<Thread> workers = new ArrayList<>();
        private final String base;
        private final String token;
        private final long organization;

        Load(int port, String token, long organization) {
            this.base = "http://127.0.0.1:" + port;
            this.token = token;
            this.organization = organization;
            for (Kind kind : WORKERS) {
                Thread worker = new Thread(() -> loop(kind), "load-" + workers.size() + "-" + kind);
                workers.add(worker);
                worker.start();
            }
        }

        private void loop(Kind kind) {
            while (running.get()) {
                answers.add(send(kind));
            }
        }

        private HttpRequest request(Kind kind) {
            HttpRequest.Builder request = switch (kind) {
                case VERIFY -> HttpRequest.newBuilder(URI.create(base + "/api/v2/auth/verify"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + token
                                + "\", \"status_page\": \"status\", \"permission\": \"pages.read\"}"));
                case READ -> HttpRequest.newBuilder(URI.create(base + "/api/v2/orgs/" + organization + "/status_pages/status"))
                        .header("Authorization", "Bearer " + token);
                case WRITE -> HttpRequest.newBuilder(URI.create(base + "/api/v2/status_pages/status/incidents"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"incident\": {\"title\": \"Outage "
                                + written.incrementAndGet() + "\", \"type\": \"minor\"}}"));
                case HEALTH -> HttpRequest.newBuilder(URI.create(base + "/health"));
            };
            // Far beyond the bound asserted, so that a request that hangs is seen as such, not cut short.
            return request.timeout(Duration.ofSeconds(60)).build();
        }

        private Answer send(Kind kind) {
            HttpRequest request = request(kind);
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                JsonNode body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
                return new Answer(kind, sent, answered, response.statusCode(), body, null);
            } catch (IOException e) {
                return new Answer(kind, sent, System.nanoTime(), -1, JSON.missingNode(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(kind, sent, System.nanoTime(), -1, JSON.missingNode(), e.toString());
            }
        }

        /** Waits until an answer sent after {@code since} satisfies {@code wanted} for each of {@code kinds}. */
        boolean awaitAfter(long since, Duration timeout, Predicate<Answer> wanted, Kind... kinds) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Set<Kind> seen = new TreeSet<>();
                for (Answer answer : answers) {
                    if (answer.sent() - since >= 0 && wanted.test(answer)) {
                        seen.add(answer.kind());
                    }
                }
                if (seen.containsAll(List.of(kinds))) {
                    return true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            return false;
        }

        List<Answer> answers() {
            return List.copyOf(answers);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(90));
            }
        }
    }

    @Test
    void noDecisionIsAllowedWhileTheDatabaseIsFrozenOrDeadEveryRequestIsAnsweredInTimeAndServiceComesBack() throws Exception {
        Configuration configuration = configuration();
        Duration bound = configuration.timeouts().poolWait().plus(configuration.timeouts().query()).plus(SLACK);
        List<Long> frozen = List.of();
        try (Server server = Server.start(configuration)) {
            JsonNode created = Operator.init(this::configuration, "Acme", "owner@acme.example");
            String token = created.get("token").asText();
            long organization = created.get("organization_id").asLong();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/v2/orgs/" + organization + "/status_pages"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status_page\": {\"subdomain\": \"status\", \"name\": \"Status\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(201);

            long frozenAt;
            long killedAt;
            Load load = new Load(server.port(), token, organization);
            try {
                assertThat(load.awaitAfter(System.nanoTime(), Duration.ofSeconds(30), Answer::allowed, Kind.VERIFY, Kind.READ, Kind.WRITE))
                        .as("the loop is served before the fault").isTrue();

                frozen = PostgresProcesses.freeze(dataDirectory);
                frozenAt = System.nanoTime();
                assertThat(load.awaitAfter(frozenAt, FREEZE, Answer::storeUnavailable, Kind.VERIFY, Kind.READ, Kind.WRITE, Kind.HEALTH))
                        .as("the frozen store is noticed").isTrue();
                // The fault lasts this long, whatever the loop sees meanwhile.
                LockSupport.parkNanos(frozenAt + FREEZE.toNanos() - System.nanoTime());

                PostgresProcesses.signal("-KILL", frozen);
                killedAt = System.nanoTime();
                frozen = List.of();

                assertThat(load.awaitAfter(killedAt, Duration.ofSeconds(90), Answer::allowed, Kind.VERIFY, Kind.READ, Kind.WRITE))
                        .as("service comes back by itself").isTrue();
                assertThat(load.awaitAfter(System.nanoTime(), Duration.ofSeconds(30),
                        answer -> answer.kind() == Kind.HEALTH && answer.status() == 200, Kind.HEALTH))
                        .as("health comes back").isTrue();
            } finally {
                load.close();
            }

            List<Answer> answers = load.answers();
            Map<Kind, Integer> counted = new EnumMap<>(Kind.class);
            answers.forEach(answer -> counted.merge(answer.kind(), 1, Integer::sum));
            assertThat(counted.keySet()).containsExactlyInAnyOrder(Kind.values());
            for (Answer answer : answers) {
                assertThat(answer.failure()).as("answered: %s", answer).isNull();
                assertThat(answer.took()).as("answered in time: %s", answer)
                        .isLessThanOrEqualTo(answer.kind() == Kind.HEALTH ? HealthProbe.DEADLINE.plus(SLACK) : bound);
                assertThat(answer.allowed() || answer.storeUnavailable() || answer.kind() == Kind.HEALTH && answer.status() == 200)
                        .as("a success or 503: %s", answer).isTrue();
            }
            long untrusted = frozenAt + LEASE.toNanos();
            System.out.printf("faults under load: %d answers (%s); slowest %d ms, bound %d ms; %d sent while the store could not answer%n",
                    answers.size(), counted,
                    answers.stream().mapToLong(answer -> answer.took().toMillis()).max().orElse(0), bound.toMillis(),
                    answers.stream().filter(answer -> answer.sent() - untrusted >= 0 && answer.sent() - killedAt < 0).count());
            List<Answer> allowedWhileDown = answers.stream()
                    .filter(answer -> answer.sent() - untrusted >= 0 && answer.sent() - killedAt < 0 && answer.allowed())
                    .toList();
            assertThat(allowedWhileDown).as("allowed while the store could not answer").isEmpty();
            assertThat(answers.stream().filter(answer -> answer.sent() - untrusted >= 0 && answer.sent() - killedAt < 0).count())
                    .as("requests sent while the store could not answer").isPositive();

            // Nothing answered 201 was lost by the kill.
            Set<String> kept = new TreeSet<>();
            HttpResponse<String> incidents = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/v2/status_pages/status/incidents"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(incidents.statusCode()).as(incidents.body()).isEqualTo(200);
            JSON.readTree(incidents.body()).path("incidents").forEach(incident -> kept.add(incident.path("id").asText()));
            List<String> acknowledged = answers.stream()
                    .filter(answer -> answer.kind() == Kind.WRITE && answer.status() == 201)
                    .map(answer -> answer.body().at("/incident/id").asText())
                    .toList();
            assertThat(acknowledged).isNotEmpty();
            assertThat(kept).containsAll(acknowledged);
        } finally {
            PostgresProcesses.signal("-CONT", frozen);
        }
    }
}
