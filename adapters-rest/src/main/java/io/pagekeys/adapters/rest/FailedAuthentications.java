package io.pagekeys.adapters.rest;

import io.pagekeys.domain.IpAddress;
import java.net.Inet6Address;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failed-authentication throttle: a client that has failed authentication {@code limit} times
 * within the last minute is refused with 429 until the oldest of those failures is a minute old.
 * Kept per instance, in memory: behind a load balancer each instance counts its own (the limit is a brake
 * on guessing, not an exact quota).
 *
 * <p>A client is an IPv4 address, or an IPv6 /64: one host usually holds a whole /64, and would otherwise
 * get a fresh allowance with each of its addresses.
 *
 * <p>The clients followed are bounded ({@code maxClients}), so that a flood of addresses cannot exhaust
 * memory: beyond the bound, the client whose last failure is the oldest is forgotten first. Clients are
 * kept in the order of their last failure, so forgetting those whose failures have all left the window
 * looks only at the oldest end, never at the whole map. Looking a client up, which every authenticated
 * request does, takes no lock shared between clients.
 */
final class FailedAuthentications {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** How many clients are followed at most; each costs at most {@code limit} longs. */
    static final int DEFAULT_MAX_CLIENTS = 10_000;
    private static final String UNKNOWN = "unknown";

    private final int limit;
    private final int maxClients;
    private final Clock clock;
    /** For lookups. */
    private final Map<String, Failures> byClient = new ConcurrentHashMap<>();
    /** The same clients, the one whose last failure is the oldest first; guarded by itself. */
    private final LinkedHashMap<String, Failures> byLastFailure = new LinkedHashMap<>();

    FailedAuthentications(int limit, Clock clock) {
        this(limit, DEFAULT_MAX_CLIENTS, clock);
    }

    FailedAuthentications(int limit, int maxClients, Clock clock) {
        if (limit < 1 || maxClients < 1) {
            throw new IllegalArgumentException("limit and max clients must be positive");
        }
        this.limit = limit;
        this.maxClients = maxClients;
        this.clock = clock;
    }

    /** Records a failed authentication from {@code address} (empty when the address is unknown). */
    void record(Optional<IpAddress> address) {
        String client = client(address);
        long now = clock.millis();
        synchronized (byLastFailure) {
            forgetIdle(now);
            Failures failures = byLastFailure.remove(client);
            if (failures == null) {
                failures = new Failures(limit);
                byClient.put(client, failures);
            }
            failures.add(now);
            byLastFailure.put(client, failures);
            while (byLastFailure.size() > maxClients) {
                Iterator<Map.Entry<String, Failures>> oldest = byLastFailure.entrySet().iterator();
                byClient.remove(oldest.next().getKey());
                oldest.remove();
            }
        }
    }

    /**
     * When {@code address} is throttled, the whole seconds until it may try again (at least 1); empty when
     * it is not.
     */
    OptionalLong retryAfter(Optional<IpAddress> address) {
        Failures failures = byClient.get(client(address));
        if (failures == null) {
            return OptionalLong.empty();
        }
        return failures.retryAfter(clock.millis(), limit);
    }

    /** How many clients are followed now. */
    int clients() {
        synchronized (byLastFailure) {
            return byLastFailure.size();
        }
    }

    /** Who counts as one client: an IPv4 address, or the /64 of an IPv6 one. */
    static String client(Optional<IpAddress> address) {
        if (address.isEmpty()) {
            return UNKNOWN;
        }
        if (!(address.get().address() instanceof Inet6Address)) {
            return address.get().toString();
        }
        byte[] bytes = address.get().address().getAddress();
        StringBuilder network = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            network.append(Integer.toHexString(((bytes[2 * group] & 0xFF) << 8) | (bytes[2 * group + 1] & 0xFF))).append(':');
        }
        return network.append(":/64").toString();
    }

    /** Forgets the clients, oldest first, whose last failure has left the window. */
    private void forgetIdle(long now) {
        Iterator<Map.Entry<String, Failures>> oldest = byLastFailure.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Failures> entry = oldest.next();
            if (entry.getValue().last() > now - WINDOW.toMillis()) {
                return;
            }
            byClient.remove(entry.getKey());
            oldest.remove();
        }
    }

    /** The instants (epoch milliseconds) of a client's last {@code limit} failures, oldest first. */
    private static final class Failures {

        private final long[] at;
        private int first;
        private int size;

        Failures(int limit) {
            this.at = new long[limit];
        }

        synchronized void add(long now) {
            if (size == at.length) {
                first = (first + 1) % at.length;
                size--;
            }
            at[(first + size) % at.length] = now;
            size++;
        }

        synchronized long last() {
            return size == 0 ? Long.MIN_VALUE : at[(first + size - 1) % at.length];
        }

        synchronized OptionalLong retryAfter(long now, int limit) {
            long windowStart = now - WINDOW.toMillis();
            while (size > 0 && at[first] <= windowStart) {
                first = (first + 1) % at.length;
                size--;
            }
            if (size < limit) {
                return OptionalLong.empty();
            }
            long waitMillis = at[first] + WINDOW.toMillis() - now;
            return OptionalLong.of(Math.max(1, (waitMillis + 999) / 1000));
        }
    }
}
