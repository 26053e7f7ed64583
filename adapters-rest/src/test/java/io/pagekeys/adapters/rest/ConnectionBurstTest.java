package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A burst of connections opened at once is queued by the kernel until the server accepts them; a queue
 * shorter than the burst resets the connections beyond it.
 */
class ConnectionBurstTest {

    private static final int BURST = 200;

    static ApiWorld world;

    @BeforeAll
    static void start() {
        world = ApiWorld.start();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void theDefaultAcceptQueueHoldsABurstLargerThanJettysOwn() {
        assertThat(RestSettings.defaults().acceptQueue()).isGreaterThanOrEqualTo(BURST);
    }

    /**
     * The backlog the kernel gives the listening socket: what was asked, capped by
     * {@code net.core.somaxconn}. {@code ss} shows it as the Send-Q of a listening socket. Whether a burst
     * overflows a short queue depends on how fast the acceptor runs meanwhile, so the burst below can
     * pass on a short queue by luck; this cannot.
     */
    @Test
    void theListeningSocketHasTheConfiguredBacklogAsTheKernelCapsIt() throws Exception {
        int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).strip());
        assertThat(somaxconn).as("net.core.somaxconn, which caps every listen backlog").isGreaterThanOrEqualTo(BURST);

        assertThat(backlog(world.base.getPort())).isEqualTo(Math.min(RestSettings.DEFAULT_ACCEPT_QUEUE, somaxconn));
        try (ApiWorld small = ApiWorld.start(settings -> settings.withAcceptQueue(300))) {
            assertThat(backlog(small.base.getPort())).isEqualTo(Math.min(300, somaxconn));
        }
    }

    private static int backlog(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor()).as("ss: %s", out).isZero();
        // State Recv-Q Send-Q Local Peer: for a listening socket Send-Q is the backlog.
        String[] columns = out.strip().split("\\s+");
        assertThat(columns).as("ss: %s", out).hasSizeGreaterThan(3);
        return Integer.parseInt(columns[2]);
    }

    @Test
    void twoHundredConnectionsOpenedAtOnceAreAllAnsweredWithoutAReset() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        ExecutorService connecting = Executors.newFixedThreadPool(BURST);
        try {
            CountDownLatch ready = new CountDownLatch(BURST);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Socket>> opened = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                opened.add(connecting.submit(() -> {
                    ready.countDown();
                    go.await();
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress(world.base.getHost(), world.base.getPort()), 10_000);
                    socket.setSoTimeout(30_000);
                    return socket;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Socket> socket : opened) {
                sockets.add(socket.get(30, TimeUnit.SECONDS));
            }
            // Every connection is open before any request is sent or any answer read.
            byte[] request = "GET /api/v2/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            List<Future<String>> answers = new ArrayList<>();
            for (Socket socket : sockets) {
                answers.add(connecting.submit(() -> exchange(socket, request)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> answer : answers) {
                String text = answer.get(60, TimeUnit.SECONDS);
                if (!text.startsWith("HTTP/1.1 200")) {
                    failures.add(text.lines().findFirst().orElse("(nothing)"));
                }
            }
            assertThat(failures).as("connections not answered 200").isEmpty();
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            connecting.shutdownNow();
        }
    }

    private static String exchange(Socket socket, byte[] request) {
        try {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
