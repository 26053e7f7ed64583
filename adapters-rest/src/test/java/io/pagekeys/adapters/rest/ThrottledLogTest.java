package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ThrottledLog log = new ThrottledLog(3, 10, TimeUnit.SECONDS, now::get);

    private int writtenOf(int attempts) {
        int written = 0;
        for (int i = 0; i < attempts; i++) {
            if (log.permit().write()) {
                written++;
            }
        }
        return written;
    }

    @Test
    void writesTheBurstThenHoldsBackUntilTheWindowEnds() {
        assertThat(writtenOf(1_000)).isEqualTo(3);
        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(log.permit().write()).isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(writtenOf(1_000)).isEqualTo(3);
    }

    @Test
    void theFirstLineAfterAHeldBackStretchCountsWhatWasHeldBack() {
        assertThat(log.permit()).isEqualTo(new ThrottledLog.Permit(true, 0));
        writtenOf(2 + 41);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(log.permit()).isEqualTo(new ThrottledLog.Permit(true, 41));
        assertThat(log.permit()).isEqualTo(new ThrottledLog.Permit(true, 0));
    }

    @Test
    void aBurstMustAllowOneLine() {
        assertThatThrownBy(() -> new ThrottledLog(0, 1, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrottledLog(1, 0, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
    }
}
