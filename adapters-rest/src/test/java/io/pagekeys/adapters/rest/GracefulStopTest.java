package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

    @Test
    void stopLetsTheRequestsInFlightFinish() throws Exception {
        try (ApiWorld world = ApiWorld.start()) {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            world.health.set(() -> {
                entered.countDown();
                try {
                    return release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            CompletableFuture<HttpResponse<String>> inFlight =
                    world.http.sendAsync(world.request("/health", null).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(world.api::stop);
            awaitConnectionsRefused(world);
            assertThat(stopping).isNotDone();
            release.countDown();

            assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anApiStartsOnceAndStopsAnyNumberOfTimes() {
        try (ApiWorld world = ApiWorld.start()) {
            world.api.stop();
            world.api.stop();

            assertThatThrownBy(world.api::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anApiThatNeverStartedHasNoPortAndStopsQuietly() {
        try (ApiWorld world = ApiWorld.start()) {
            RestApi api = new RestApi(world.access, world.keys, world.administration, () -> true,
                    RestSettings.defaults().onPort(0), world.clock);

            assertThatThrownBy(api::port).isInstanceOf(IllegalStateException.class);
            api.close();
        }
    }

    @Test
    void aPortTakenIsReportedAndTheApiMayStartElsewhere() {
        try (ApiWorld world = ApiWorld.start()) {
            RestApi second = new RestApi(world.access, world.keys, world.administration, () -> true,
                    RestSettings.defaults().onPort(world.base.getPort()), world.clock);

            assertThatThrownBy(second::start).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(second::port).isInstanceOf(IllegalStateException.class);
            second.stop();
        }
    }

    /** Once the server is stopping it takes no new connection; polls for that, within a deadline. */
    private static void awaitConnectionsRefused(ApiWorld world) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket(world.base.getHost(), world.base.getPort())) {
                Thread.onSpinWait();
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server still takes connections while stopping");
    }
}
