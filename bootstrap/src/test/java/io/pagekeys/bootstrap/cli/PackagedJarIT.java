package io.pagekeys.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar as an operator runs it, in processes of its own: {@code serve} on the embedded
 * default store, {@code init} beside it, a request with the printed token, and a graceful stop on
 * SIGTERM that lets a request in flight finish. Runs after {@code package}, so it tests the shaded artifact itself.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "pagekeys.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dataDirectory;

    private Process start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dpagekeys.port=0",
                "-Dpagekeys.data.dir=" + dataDirectory,
                "-jar",
                JAR.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).start();
    }

    /** The lines a process writes to standard error, as they come. */
    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("(log unreadable: " + e.getMessage() + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, Pattern pattern, List<String> seen) throws InterruptedException {
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("log so far: %s", seen).isNotNull();
            seen.add(line);
            if (pattern.matcher(line).find()) {
                return line;
            }
        }
    }

    @Test
    void theJarServesInitsAndStopsGracefully() throws Exception {
        assertThat(Files.isRegularFile(JAR)).as("the shaded jar was packaged").isTrue();
        Process server = start("serve");
        try {
            BlockingQueue<String> log = linesOf(server);
            List<String> seen = new ArrayList<>();
            Matcher listening = LISTENING.matcher(awaitLine(log, LISTENING, seen));
            assertThat(listening.find()).isTrue();
            int port = Integer.parseInt(listening.group(1));
            assertThat(seen).anyMatch(line -> line.contains("data in " + dataDirectory));

            Process init = start("init", "--org-name", "Acme", "--owner-email", "owner@acme.example", "--json");
            String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(init.exitValue()).isZero();
            assertThat(out.lines()).hasSize(1);
            JsonNode created = new ObjectMapper().readTree(out);

            HttpResponse<String> me = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/me"))
                            .header("Authorization", "Bearer " + created.get("token").asText())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("\"organization_id\":" + created.get("organization_id").asLong());

            Process badArguments = start("issue-user-key", "--org-id", "x");
            assertThat(badArguments.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(badArguments.exitValue()).isEqualTo(Cli.USAGE);

            // A request in flight when the stop begins: its headers and half its body are sent; a second
            // request's full round trip makes sure the server has taken the first one up.
            String body = "{\"status_page\": {\"subdomain\": \"in-flight\", \"name\": \"Sent while stopping\"}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (Socket slow = new Socket("127.0.0.1", port)) {
                OutputStream request = slow.getOutputStream();
                request.write(("POST /api/v2/orgs/" + created.get("organization_id").asLong() + "/status_pages HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: Bearer " + created.get("token").asText() + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                request.write(bytes, 0, bytes.length / 2);
                request.flush();
                assertThat(HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

                // SIGTERM through the handle: Process.destroy() would also close our end of its log.
                assertThat(server.toHandle().destroy()).isTrue();
                awaitLine(log, Pattern.compile("pagekeys is stopping"), seen);
                request.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                request.flush();
                String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 201").contains("\"subdomain\":\"in-flight\"");
            }
            awaitLine(log, Pattern.compile("pagekeys has stopped"), seen);
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).noneMatch(line -> line.contains("did not stop"));
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * Requests that Jetty's parser refuses, each carrying a secret-looking value in the text it cannot
     * parse (a Host header, a request target): Jetty used to log that text at WARN, unthrottled, 7 KB a
     * line. Every one is answered with a 4xx, and nothing of what the client sent reaches the log.
     */
    @Test
    void refusedRequestsPutNothingTheClientSentIntoTheLog() throws Exception {
        Process server = start("serve");
        try {
            BlockingQueue<String> log = linesOf(server);
            List<String> seen = new ArrayList<>();
            Matcher listening = LISTENING.matcher(awaitLine(log, LISTENING, seen));
            assertThat(listening.find()).isTrue();
            int port = Integer.parseInt(listening.group(1));
            int linesBefore = seen.size();

            String secret = "uk_" + "Q7vZ".repeat(10) + "x3K";
            String padding = "p".repeat(7 * 1024);
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                requests.add("GET /api/v2/hello HTTP/1.1\r\nHost: a b " + secret + padding + "\r\nConnection: close\r\n\r\n");
            }
            requests.add("CONNECT /x?t=" + secret + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            requests.add("GET /x?t=%zz" + secret + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            requests.add("GET http://a b" + secret + "/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            requests.add("GET /api/v2/hello HTTP/1.1\r\nHost: [" + secret + "\r\nConnection: close\r\n\r\n");
            requests.add("GET /api/v2/hello HTTP/1.1\r\nHost: localhost\r\nX-" + secret + "\u0001: 1\r\nConnection: close\r\n\r\n");
            requests.add("GET /api/v2/me?token=" + secret + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            requests.add("GET /api/v2/" + secret + "/%2e%2e/%2e%2e/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            for (String request : requests) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertThat(answer).as("answer to %s", request.lines().findFirst().orElse(""))
                            .matches("(?s)HTTP/1\\.1 4\\d\\d .*").doesNotContain(secret);
                }
            }

            assertThat(server.toHandle().destroy()).isTrue();
            awaitLine(log, Pattern.compile("pagekeys has stopped"), seen);
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> written = seen.subList(linesBefore, seen.size());
            assertThat(written).noneMatch(line -> line.contains(secret) || line.contains("Q7vZQ7vZ") || line.contains("pppppppp"));
            assertThat(String.join("\n", written).length()).as("log written while refusing: %s", written).isLessThan(2_000);
        } finally {
            server.destroyForcibly();
        }
    }

    /** Sends {@code signal} ({@code -STOP}, {@code -CONT}, {@code -KILL}) to the process {@code pid}. */
    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /**
     * A server whose embedded PostgreSQL is down and cannot start it again yet (the server's process is
     * stopped, as a paused container would be, and its postmaster killed): the CLI beside it fails within
     * its own bound, saying that the database is down, rather than waiting the whole startup wait of 30 s;
     * once the server runs again it starts its database by itself and the CLI works.
     */
    @Test
    void theCliBesideAServerWhoseDatabaseIsDownFailsSoonSayingSoAndWorksOnceItIsBack() throws Exception {
        Process server = start("serve");
        boolean stopped = false;
        try {
            BlockingQueue<String> log = linesOf(server);
            List<String> seen = new ArrayList<>();
            awaitLine(log, LISTENING, seen);
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
            ProcessHandle postgres = ProcessHandle.of(postmaster).orElseThrow();

            signal("-STOP", server.pid());
            stopped = true;
            signal("-KILL", postmaster);
            assertThat(postgres.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();

            long began = System.nanoTime();
            Process init = start("init", "--org-name", "Acme", "--owner-email", "owner@acme.example", "--json");
            String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(init.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);

            assertThat(init.exitValue()).as(err).isEqualTo(Cli.REFUSED);
            assertThat(out).isEmpty();
            assertThat(err).contains("pagekeys: failed: the PostgreSQL server of " + dataDirectory.toRealPath() + " is down")
                    .doesNotContain("\tat ");
            assertThat(tookSeconds).as("the CLI's wait, in seconds").isLessThan(30);

            signal("-CONT", server.pid());
            stopped = false;
            awaitLine(log, Pattern.compile("embedded PostgreSQL .* runs again"), seen);
            Process again = start("init", "--org-name", "Acme", "--owner-email", "owner@acme.example", "--json");
            String created = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(again.exitValue()).as(created).isZero();
            assertThat(new ObjectMapper().readTree(created).get("token").asText()).startsWith("uk_");
        } finally {
            if (stopped) {
                signal("-CONT", server.pid());
            }
            server.destroyForcibly();
        }
    }
}
