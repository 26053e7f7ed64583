package io.pagekeys.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How long a change made through one server takes to reach the decisions of another on the same store.
 * Two kinds of trial, each many times over:
 *
 * <ul>
 *   <li><b>revocation</b>: a read-only organization key is created through server B and verified there
 *       (allowed, so B's view holds it), then revoked through server A; the time runs from A's answer to
 *       the first answer of B that refuses the key (B is asked again and again, one request after the
 *       other, on one connection);
 *   <li><b>demotion</b>: a member holding a user key is made viewer through A, after being seen by B as an
 *       editor who may write incidents on the page; the time runs from A's answer to B's first refusal
 *       of {@code incidents.write}. The member is then made editor again through A, and the time until B
 *       allows the write again is reported too (promotion).
 * </ul>
 *
 * <p>Every decision on B is asked through {@code POST /api/v2/auth/verify}, the route of gateways, which
 * runs the same access rule on the same view as every authenticated route.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.pagekeys.benchmarks.http.Propagation \
 *     A_URL B_URL ORGANIZATION_ID OWNER_TOKEN PAGE MEMBER_USER_ID MEMBER_TOKEN TRIALS</pre>
 */
public final class Propagation {

    /** A trial that has not seen the change after this long counts as this long, and is reported as such. */
    private static final long GIVE_UP_NANOS = Duration.ofSeconds(10).toNanos();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI a;
    private final URI b;
    private final long organization;
    private final String ownerToken;
    private final String page;

    private Propagation(URI a, URI b, long organization, String ownerToken, String page) {
        this.a = a;
        this.b = b;
        this.organization = organization;
        this.ownerToken = ownerToken;
        this.page = page;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 8) {
            System.err.println("usage: Propagation A_URL B_URL ORGANIZATION_ID OWNER_TOKEN PAGE MEMBER_USER_ID MEMBER_TOKEN TRIALS");
            System.exit(2);
        }
        Propagation run = new Propagation(URI.create(args[0]), URI.create(args[1]), Long.parseLong(args[2]), args[3], args[4]);
        long member = Long.parseLong(args[5]);
        String memberToken = args[6];
        int trials = Integer.parseInt(args[7]);
        // A few rounds of each, not reported: the JIT compiles both servers' paths first.
        run.revocations(20);
        run.demotions(member, memberToken, 20);
        Results revocations = run.revocations(trials);
        Results demotions = run.demotions(member, memberToken, trials);
        System.out.println("| change (through A), seen refused or allowed by B | trials | p50 | p99 | worst | within 1 s | requests to B until seen: median, most |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(revocations.row("organization key revoked", revocations.changed));
        System.out.println(demotions.row("member made viewer: incidents.write refused", demotions.changed));
        System.out.println(demotions.row("member made editor again: incidents.write allowed", demotions.restored));
        List<Sample> unchanged = new ArrayList<>(revocations.unchanged);
        unchanged.addAll(demotions.unchanged);
        System.out.println(revocations.row("(for comparison: a verify on B answered from its view, nothing changed)", unchanged));
    }

    private Results revocations(int trials) throws IOException, InterruptedException {
        Results results = new Results();
        for (int i = 0; i < trials; i++) {
            JsonNode created = send(b, "POST", "/api/v2/orgs/" + organization + "/api_keys",
                    "{\"api_key\": {\"name\": \"Propagation " + i + "\", \"scope\": \"read_only\"}}", 201).path("api_key");
            String token = created.path("token").asText();
            String id = created.path("id").asText();
            if (!allowedOnB(token, "pages.read")) {
                throw new IllegalStateException("server B refuses a key it has just created");
            }
            // Asked again, to time an answer from B's view (the first one loaded the key from the store).
            long asked = System.nanoTime();
            if (!allowedOnB(token, "pages.read")) {
                throw new IllegalStateException("server B refuses a key it has just allowed");
            }
            results.unchanged.add(new Sample(System.nanoTime() - asked, 1));
            send(a, "DELETE", "/api/v2/orgs/" + organization + "/api_keys/" + id, null, 204);
            results.changed.add(untilB(token, "pages.read", false, "revoked", System.nanoTime()));
        }
        return results;
    }

    private Results demotions(long member, String memberToken, int trials) throws IOException, InterruptedException {
        Results results = new Results();
        String path = "/api/v2/orgs/" + organization + "/members/" + member;
        for (int i = 0; i < trials; i++) {
            long asked = System.nanoTime();
            if (!allowedOnB(memberToken, "incidents.write")) {
                throw new IllegalStateException("server B refuses the editor's write before the demotion");
            }
            results.unchanged.add(new Sample(System.nanoTime() - asked, 1));
            send(a, "PUT", path, "{\"member\": {\"role\": \"viewer\"}}", 200);
            results.changed.add(untilB(memberToken, "incidents.write", false, "role_excludes", System.nanoTime()));
            send(a, "PUT", path, "{\"member\": {\"role\": \"editor\"}}", 200);
            results.restored.add(untilB(memberToken, "incidents.write", true, "role_excludes", System.nanoTime()));
        }
        return results;
    }

    /**
     * Asks B until its answer for {@code token} is {@code allowed}; the time since {@code since} and the
     * requests it took.
     *
     * @throws IllegalStateException when B refuses for another reason than {@code reason}
     */
    private Sample untilB(String token, String permission, boolean allowed, String reason, long since)
            throws IOException, InterruptedException {
        int requests = 0;
        while (true) {
            JsonNode answer = verifyOnB(token, permission);
            long now = System.nanoTime();
            requests++;
            boolean answered = answer.path("allowed").asBoolean();
            if (!answered && !answer.path("reason").asText().equals(reason)) {
                throw new IllegalStateException("server B refused for " + answer.path("reason").asText() + ", not " + reason);
            }
            if (answered == allowed || now - since > GIVE_UP_NANOS) {
                return new Sample(now - since, requests);
            }
        }
    }

    private boolean allowedOnB(String token, String permission) throws IOException, InterruptedException {
        return verifyOnB(token, permission).path("allowed").asBoolean();
    }

    private JsonNode verifyOnB(String token, String permission) throws IOException, InterruptedException {
        return send(b, "POST", "/api/v2/auth/verify",
                "{\"token\": \"" + token + "\", \"status_page\": \"" + page + "\", \"permission\": \"" + permission + "\"}", 200);
    }

    private JsonNode send(URI server, String method, String path, String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ownerToken)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + server.resolve(path) + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private record Sample(long nanos, int requests) {}

    private static final class Results {

        /** A verify on B answered from its view, nothing changed: the round trip that bounds what can be seen. */
        final List<Sample> unchanged = new ArrayList<>();
        final List<Sample> changed = new ArrayList<>();
        final List<Sample> restored = new ArrayList<>();

        String row(String change, List<Sample> samples) {
            List<Long> nanos = new ArrayList<>(samples.stream().map(Sample::nanos).toList());
            List<Integer> requests = new ArrayList<>(samples.stream().map(Sample::requests).toList());
            Collections.sort(nanos);
            Collections.sort(requests);
            long withinOneSecond = nanos.stream().filter(n -> n <= Duration.ofSeconds(1).toNanos()).count();
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d/%d | %d, %d |", change, nanos.size(),
                    millis(percentile(nanos, 0.50)), millis(percentile(nanos, 0.99)), millis(nanos.get(nanos.size() - 1)),
                    withinOneSecond, nanos.size(), percentile(requests, 0.50), requests.get(requests.size() - 1));
        }

        /** The nearest-rank percentile: the least value that at least {@code fraction} of the samples do not exceed. */
        private static <T> T percentile(List<T> sorted, double fraction) {
            int rank = (int) Math.ceil(fraction * sorted.size());
            return sorted.get(Math.max(rank, 1) - 1);
        }

        private static String millis(long nanos) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
    }
}
