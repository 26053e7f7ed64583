package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pagekeys.adapters.rest.EveryRouteDeniesTest.Operation;
import io.pagekeys.adapters.rest.EveryRouteDeniesTest.Scene;
import io.pagekeys.adapters.rest.EveryRouteDeniesTest.Unusable;
import io.pagekeys.adapters.rest.EveryRouteDeniesTest.Who;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Bad input at volume: requests generated from a seed over every operation of the API (the table of
 * {@link EveryRouteDeniesTest}), each spoilt in one way that must get it refused: a credential that
 * authenticates no one, a caller the route refuses, a target that is not there, a body that is not
 * valid JSON, not UTF-8, of the wrong shape or of the wrong type, a path that names nothing, an
 * unknown method, an oversized header. Every answer is below 500, every refusal is a problem
 * document, no answer or log line shows a stack trace, no writing request succeeds, and what the
 * organization holds, read back through the API, is the same afterwards.
 *
 * <p>{@code -Dpagekeys.fuzz.requests=N} sends N requests (10,000 by default) and
 * {@code -Dpagekeys.fuzz.seed=S} replays a run; the counts are printed at the end.
 */
class GeneratedBadInputTest {

    private static final int REQUESTS = Integer.getInteger("pagekeys.fuzz.requests", 10_000);
    private static final long SEED = Long.getLong("pagekeys.fuzz.seed", System.nanoTime());
    private static final int THREADS = 4;
    private static final Pattern STACK_TRACE = Pattern.compile("Exception|\\tat |\\bat (io|java|org)\\.");
    private static final Pattern LAST_USED = Pattern.compile("\"last_used_at\":(null|\"[^\"]*\")");

    /** What a spoilt request is expected to get, when it is known exactly. */
    private record Expected(int status, String code, boolean orMalformed) {
        static final Expected ANY_REFUSAL = new Expected(0, null);

        Expected(int status, String code) {
            this(status, code, false);
        }

        boolean allows(int answered, String answeredCode) {
            if (orMalformed && answered == 400 && ("malformed_json".equals(answeredCode) || "bad_request".equals(answeredCode))) {
                return true;
            }
            return (status == 0 || status == answered) && (code == null || code.equals(answeredCode));
        }
    }

    /** One generated request: its name for the counts, what it sends, and what it must get. */
    private record Generated(String kind, String operation, HttpRequest request, Expected expected, boolean writes) {

        /** Sent as raw bytes, written whole before the answer is read (for what the server refuses before reading it all). */
        boolean raw() {
            return kind.equals("oversized header");
        }
    }

    static Scene scene;
    private static String before;

    @BeforeAll
    static void start() {
        EveryRouteDeniesTest.start();
        scene = new Scene();
        // Everything the table's operations name, and every caller, made before the snapshot.
        for (Who who : Who.values()) {
            scene.token(who);
        }
        for (Unusable unusable : Unusable.values()) {
            scene.token(unusable);
        }
        for (Operation operation : EveryRouteDeniesTest.OPERATIONS) {
            operation.path(scene);
            operation.missing.forEach(missing -> missing.value().apply(scene));
        }
        before = contents();
    }

    @AfterAll
    static void stop() {
        EveryRouteDeniesTest.stop();
    }

    @Test
    void generatedBadRequestsAreRefusedCleanlyAndWriteNothing() throws Exception {
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        long started = System.nanoTime();
        // Jetty at ERROR, as the reference server ships it and as the tests' logging configuration sets it (a
        // capture only makes a logger say more): Jetty 12.1 may log a WARN of its own buffer handling
        // ("already released") with its stack, the answers being right.
        try (CapturedLogs logs = CapturedLogs.start(name -> name.startsWith("io.pagekeys") ? Level.DEBUG
                : name.startsWith("org.eclipse.jetty") ? Level.ERROR : Level.INFO)) {
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Random random = new Random(SEED + t);
                    running.add(clients.submit(() -> {
                        while (sent.getAndIncrement() < REQUESTS && failures.size() < 20) {
                            Generated generated = generate(random);
                            String failure = send(generated, counts);
                            if (failure != null) {
                                failures.add(failure);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> client : running) {
                    client.get();
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(failures).as("answers that broke the rules (seed %d)", SEED).isEmpty();
            Matcher trace = STACK_TRACE.matcher(logs.text());
            assertThat(trace.find() ? logs.text().substring(Math.max(0, trace.start() - 300), Math.min(logs.text().length(), trace.end() + 300)) : "")
                    .as("the server's log near a stack trace (seed %d)", SEED).isEmpty();
        }
        assertThat(contents()).as("what the organization holds after only refused requests (seed %d)", SEED).isEqualTo(before);
        long total = counts.entrySet().stream().filter(entry -> entry.getKey().startsWith("status ")).mapToLong(entry -> entry.getValue().sum()).sum();
        assertThat(total).isGreaterThanOrEqualTo(REQUESTS);
        System.out.printf("generated bad input: %d requests in %d ms, seed %d%n", total, (System.nanoTime() - started) / 1_000_000, SEED);
        new TreeMap<>(counts).forEach((name, count) -> System.out.printf("  %-70s %8d%n", name, count.sum()));
    }

    /** Sends one request and checks its answer; the failure, or null. */
    private static String send(Generated generated, Map<String, LongAdder> counts) {
        int status;
        String body;
        String contentType;
        if (generated.raw()) {
            HttpRequest request = generated.request();
            StringBuilder head = new StringBuilder(request.method() + " " + request.uri().getRawPath() + " HTTP/1.1\r\nHost: localhost");
            request.headers().map().forEach((name, values) -> values.forEach(value -> head.append("\r\n").append(name).append(": ").append(value)));
            String answer;
            try {
                answer = EveryRouteDeniesTest.world.raw(head.toString());
            } catch (RuntimeException e) {
                return generated + ": no answer: " + e;
            }
            int split = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.1 ") || split < 0) {
                return generated + ": not an HTTP answer: " + abbreviated(answer);
            }
            status = Integer.parseInt(answer.substring(9, 12));
            body = answer.substring(split + 4);
            contentType = answer.substring(0, split).toLowerCase(Locale.ROOT).contains("content-type: application/problem+json")
                    ? "application/problem+json" : "";
        } else {
            HttpResponse<String> response;
            try {
                try {
                    response = EveryRouteDeniesTest.world.http.send(generated.request(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    // A kept-alive connection that the server has closed meanwhile: counted, and sent once
                    // more on a connection of its own; a second failure is a failure.
                    counts.computeIfAbsent("resent after: " + e.getMessage(), any -> new LongAdder()).increment();
                    HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    response = fresh.send(generated.request(), HttpResponse.BodyHandlers.ofString());
                }
            } catch (IOException e) {
                return generated + ": no answer: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            status = response.statusCode();
            body = response.body();
            contentType = response.headers().firstValue("Content-Type").orElse("");
        }
        counts.computeIfAbsent("status " + status, any -> new LongAdder()).increment();
        counts.computeIfAbsent("kind " + generated.kind(), any -> new LongAdder()).increment();
        counts.computeIfAbsent("operation " + generated.operation(), any -> new LongAdder()).increment();
        String what = generated.kind() + " " + generated.request().method() + " " + generated.request().uri().getRawPath()
                + " with " + generated.request().headers().firstValue("Authorization").map(GeneratedBadInputTest::abbreviated).orElse("no key")
                + " answered " + status + " " + abbreviated(body);
        if (status >= 500) {
            return what + ": a server error";
        }
        if (STACK_TRACE.matcher(body).find()) {
            return what + ": a stack trace in the answer";
        }
        if (generated.writes() && status < 300) {
            return what + ": a writing request that should have been refused was not";
        }
        if (status >= 400) {
            if (!contentType.startsWith("application/problem+json")) {
                return what + ": a refusal that is not a problem document";
            }
            JsonNode problem;
            try {
                problem = ApiWorld.JSON.readTree(body);
            } catch (IOException e) {
                return what + ": a problem document that is not JSON";
            }
            if (problem.path("status").asInt() != status || problem.path("code").asText().isEmpty()) {
                return what + ": a problem document without its status and code";
            }
            Expected expected = generated.expected();
            if (!expected.allows(status, problem.path("code").asText())) {
                return what + ": expected " + expected;
            }
        } else if (generated.expected().status() != 0 && generated.expected().status() != status) {
            return what + ": expected " + generated.expected().status();
        }
        return null;
    }

    private static String abbreviated(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    // ---- the generator ------------------------------------------------------------------------------

    private static Generated generate(Random random) {
        List<Operation> operations = EveryRouteDeniesTest.OPERATIONS;
        Operation operation = operations.get(random.nextInt(operations.size()));
        boolean hasBody = operation.body(scene) != null;
        int kind = random.nextInt(hasBody ? 9 : 7);
        return switch (kind) {
            case 0 -> unusableCredential(random, operation);
            case 1 -> refusedCaller(random, operation);
            case 2 -> missingTarget(random, operation);
            case 3 -> spoiltPath(random, operation);
            case 4 -> unknownMethod(random, operation);
            case 5 -> oversizedHeader(random, operation);
            case 6 -> hasBody ? notJson(random, operation) : refusedCaller(random, operation);
            case 7 -> spoiltBody(random, operation);
            default -> notUtf8(random, operation);
        };
    }

    private static boolean writes(String method) {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    private static Generated unusableCredential(Random random, Operation operation) {
        String owner = scene.token(Who.OWNER);
        String authorization = switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> "Bearer " + scene.token(Unusable.values()[1 + random.nextInt(Unusable.values().length - 1)]);
            case 2 -> "Bearer " + oneCharacterChanged(random, owner);
            case 3 -> "Bearer " + owner.substring(0, random.nextInt(owner.length()));
            case 4 -> "Bearer " + owner + (char) ('a' + random.nextInt(26));
            case 5 -> "Basic " + printable(random, 1 + random.nextInt(60));
            case 6 -> "Bearer " + printable(random, random.nextInt(200));
            default -> "Bearer";
        };
        HttpRequest.Builder request = builder(operation.path(scene), authorization);
        return new Generated("unusable credential", operation.name(), withBody(request, operation, operation.body(scene)),
                new Expected(401, null), writes(operation.method));
    }

    private static Generated refusedCaller(Random random, Operation operation) {
        EveryRouteDeniesTest.Denial denial = operation.denials.get(random.nextInt(operation.denials.size()));
        String body = operation.body(scene);
        boolean spoilt = body != null && random.nextBoolean();
        if (spoilt) {
            // Refused before the values of its body are judged (403 comes before 422); a body that is not
            // JSON at all is refused as such (400) before anything else is asked of it.
            body = spoilt(random, body);
        }
        HttpRequest.Builder request = builder(operation.path(scene), "Bearer " + scene.token(denial.who()));
        return new Generated("refused caller", operation.name(), withBody(request, operation, body),
                new Expected(403, denial.code(), spoilt), writes(operation.method));
    }

    private static Generated missingTarget(Random random, Operation operation) {
        if (operation.missing.isEmpty()) {
            return refusedCaller(random, operation);
        }
        EveryRouteDeniesTest.Missing missing = operation.missing.get(random.nextInt(operation.missing.size()));
        String path = operation.path(scene, Map.of(missing.parameter(), missing.value()));
        HttpRequest.Builder request = builder(path, "Bearer " + scene.token(Who.OWNER));
        return new Generated("missing target", operation.name(), withBody(request, operation, operation.body(scene)),
                new Expected(404, null), writes(operation.method));
    }

    private static final List<String> BAD_SEGMENTS = List.of(
            "%00", "%2e%2e", "%2F", "%2f..%2f", ".%2e", "%C0%AE", "%ff%fe", "%E2%82", "-1", "0",
            "99999999999999999999999999", "1e3", "0x10", "%20", "+", "%0d%0aX:y", "%3Cscript%3E", "\u00fcn\u00efc\u00f6de",
            "\u202e", "key_", "key_!!", "uk_", "NULL", "%22", "'", ";", "~");

    private static Generated spoiltPath(Random random, Operation operation) {
        List<String> parameters = operation.parameters();
        String path;
        if (parameters.isEmpty() || random.nextInt(5) == 0) {
            // An extra segment, or a prefix of the API that is not an operation.
            path = random.nextBoolean() ? operation.path(scene) + "/" + BAD_SEGMENTS.get(random.nextInt(BAD_SEGMENTS.size()))
                    : "/api/v2/" + BAD_SEGMENTS.get(random.nextInt(BAD_SEGMENTS.size()));
        } else {
            String parameter = parameters.get(random.nextInt(parameters.size()));
            String segment = random.nextInt(10) == 0 ? "a".repeat(1_000 + random.nextInt(9_000))
                    : BAD_SEGMENTS.get(random.nextInt(BAD_SEGMENTS.size()));
            path = operation.path(scene, Map.of(parameter, any -> segment));
        }
        HttpRequest.Builder request = builder(path, "Bearer " + scene.token(Who.OWNER));
        return new Generated("spoilt path", operation.name(), withBody(request, operation, operation.body(scene)),
                Expected.ANY_REFUSAL, writes(operation.method));
    }

    private static final List<String> METHODS = List.of("PATCH", "TRACE", "PROPFIND", "FOO", "get", "Delete", "M-SEARCH");

    private static Generated unknownMethod(Random random, Operation operation) {
        String method = METHODS.get(random.nextInt(METHODS.size()));
        HttpRequest.Builder request = builder(operation.path(scene), "Bearer " + scene.token(Who.OWNER))
                .method(method, HttpRequest.BodyPublishers.noBody());
        return new Generated("unknown method", operation.name(), request.build(), Expected.ANY_REFUSAL, true);
    }

    private static Generated oversizedHeader(Random random, Operation operation) {
        HttpRequest.Builder request = builder(operation.path(scene), "Bearer " + scene.token(Who.OWNER));
        if (random.nextBoolean()) {
            request.header("X-Filler", printable(random, 9_000 + random.nextInt(12_000)));
        } else {
            for (int i = 0; i < 120; i++) {
                request.header("X-Filler-" + i, printable(random, 100));
            }
        }
        return new Generated("oversized header", operation.name(), request.method(operation.method, HttpRequest.BodyPublishers.noBody()).build(),
                new Expected(431, null), true);
    }

    private static final List<String> NOT_JSON_TYPES = List.of(
            "text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1", "application/xml");

    private static Generated notJson(Random random, Operation operation) {
        HttpRequest.Builder request = builder(operation.path(scene), "Bearer " + scene.token(Who.OWNER));
        if (random.nextBoolean()) {
            request.header("Content-Type", NOT_JSON_TYPES.get(random.nextInt(NOT_JSON_TYPES.size())));
        }
        request.method(operation.method, HttpRequest.BodyPublishers.ofString(operation.body(scene)));
        return new Generated("not sent as JSON", operation.name(), request.build(), new Expected(415, null), true);
    }

    private static Generated spoiltBody(Random random, Operation operation) {
        HttpRequest.Builder request = builder(operation.path(scene), "Bearer " + scene.token(Who.OWNER));
        return new Generated("spoilt body", operation.name(), withBody(request, operation, spoilt(random, operation.body(scene))),
                Expected.ANY_REFUSAL, true);
    }

    private static Generated notUtf8(Random random, Operation operation) {
        byte[] body = operation.body(scene).getBytes(StandardCharsets.UTF_8);
        // Inside a string: just after an opening quote of a value.
        List<Integer> openings = new ArrayList<>();
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '"' && i > 0 && (body[i - 1] == ' ' || body[i - 1] == ':')) {
                openings.add(i + 1);
            }
        }
        int at = openings.isEmpty() ? 1 + random.nextInt(body.length - 1) : openings.get(random.nextInt(openings.size()));
        byte[][] invalid = {{(byte) 0xC0, (byte) 0xAD}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}, {(byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        ByteArrayOutputStream spoilt = new ByteArrayOutputStream();
        spoilt.write(body, 0, at);
        spoilt.writeBytes(invalid[random.nextInt(invalid.length)]);
        spoilt.write(body, at, body.length - at);
        HttpRequest request = builder(operation.path(scene), "Bearer " + scene.token(Who.OWNER))
                .header("Content-Type", "application/json")
                .method(operation.method, HttpRequest.BodyPublishers.ofByteArray(spoilt.toByteArray()))
                .build();
        return new Generated("not UTF-8", operation.name(), request, new Expected(400, "malformed_json"), true);
    }

    /** {@code json} spoilt so that no reading of it is a valid request. */
    private static String spoilt(Random random, String json) {
        switch (random.nextInt(6)) {
            case 0:
                // A strict prefix of an object is never a whole JSON document (an empty body is no body:
                // what a rotation without a grace period sends).
                return json.substring(0, 1 + random.nextInt(json.length() - 1));
            case 1: {
                String[] roots = {"[]", "1", "\"x\"", "null", "true", "[" + json + "]", " 0 "};
                return roots[random.nextInt(roots.length)];
            }
            case 2:
                return replaceOneValue(random, json, new String[] {"[]", "{}", "[[]]", "{\"a\":1}"});
            case 3:
                return replaceOneString(random, json, new String[] {"\\ud800", "x\\udfffy", "\\ud83d", "", "\\u0000", "   "});
            case 4:
                return json + json;
            default:
                return json.replaceFirst("\\{", "{\"a\":\"b\",,");
        }
    }

    private static final Pattern VALUE = Pattern.compile(":\\s*(\"[^\"]*\"|-?[0-9]+|true|false|null)");
    private static final Pattern STRING_VALUE = Pattern.compile(":\\s*\"([^\"]*)\"");

    private static String replaceOneValue(Random random, String json, String[] replacements) {
        List<int[]> spans = spans(VALUE, json);
        if (spans.isEmpty()) {
            return json.substring(0, json.length() - 1);
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return json.substring(0, span[0]) + replacements[random.nextInt(replacements.length)] + json.substring(span[1]);
    }

    /** A string value of {@code json} replaced by one that no field takes (an unpaired surrogate, blank, a NUL). */
    private static String replaceOneString(Random random, String json, String[] replacements) {
        List<int[]> spans = spans(STRING_VALUE, json);
        if (spans.isEmpty()) {
            return replaceOneValue(random, json, new String[] {"\"\\ud800\""});
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return json.substring(0, span[0]) + replacements[random.nextInt(replacements.length)] + json.substring(span[1]);
    }

    private static List<int[]> spans(Pattern pattern, String json) {
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = pattern.matcher(json);
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(1), matcher.end(1)});
        }
        return spans;
    }

    private static String oneCharacterChanged(Random random, String token) {
        int at = random.nextInt(token.length());
        char original = token.charAt(at);
        char changed;
        do {
            changed = (char) ('0' + random.nextInt('z' - '0' + 1));
        } while (changed == original);
        return token.substring(0, at) + changed + token.substring(at + 1);
    }

    private static String printable(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (' ' + random.nextInt(95)));
        }
        return text.toString().strip().isEmpty() ? "x" : text.toString().strip();
    }

    private static HttpRequest.Builder builder(String path, String authorization) {
        // Not URI.resolve, which would take dot segments out of the path before it is sent.
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(EveryRouteDeniesTest.world.base + path));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private static HttpRequest withBody(HttpRequest.Builder request, Operation operation, String body) {
        if (body == null) {
            return request.method(operation.method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/json")
                .method(operation.method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    // ---- what the organization holds ----------------------------------------------------------------

    /** Every listing of the scene's organization, read with the owner's key, without the times of last use. */
    private static String contents() {
        StringBuilder contents = new StringBuilder();
        for (Operation operation : EveryRouteDeniesTest.OPERATIONS) {
            if (operation.method.equals("GET")) {
                ApiWorld.Answer answer = EveryRouteDeniesTest.world.get(operation.path(scene), scene.token(Who.OWNER)).is(200);
                contents.append(operation.name()).append('\n').append(LAST_USED.matcher(answer.body()).replaceAll("")).append('\n');
            }
        }
        return contents.toString();
    }
}
