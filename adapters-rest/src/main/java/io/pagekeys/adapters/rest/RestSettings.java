package io.pagekeys.adapters.rest;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.Cidr;
import java.time.Duration;
import java.util.List;

/**
 * How the HTTP API is served.
 *
 * @param port the TCP port to listen on; 0 picks a free one ({@link RestApi#start()} tells which)
 * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param maxBodyBytes the largest request body accepted; larger ones are answered 413 before being read
 * @param trustedProxies the peers whose {@code X-Forwarded-For} header is believed; empty: none
 * @param failedAuthenticationLimit how many failed authentications one client (an IPv4 address, or an
 *     IPv6 /64) may have within a minute before it is answered 429
 * @param stopTimeout how long {@link RestApi#stop()} waits for requests in flight
 * @param acceptQueue how many connections the kernel may hold for the server before it accepts them (the
 *     listen backlog); beyond it, new connections are reset. The kernel caps it (Linux:
 *     {@code net.core.somaxconn})
 */
public record RestSettings(
        int port, String host, long maxBodyBytes, List<Cidr> trustedProxies, int failedAuthenticationLimit, Duration stopTimeout,
        int acceptQueue) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_FAILED_AUTHENTICATION_LIMIT = 100;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Jetty's own default is 50, which a burst of a few hundred clients overflows. */
    public static final int DEFAULT_ACCEPT_QUEUE = 1024;

    public RestSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        requireNonNull(host, "host is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body bytes must be positive");
        }
        trustedProxies = List.copyOf(requireNonNull(trustedProxies, "trusted proxies is null"));
        if (failedAuthenticationLimit < 1) {
            throw new IllegalArgumentException("failed authentication limit must be positive");
        }
        requireNonNull(stopTimeout, "stop timeout is null");
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stop timeout is negative");
        }
        if (acceptQueue < 1) {
            throw new IllegalArgumentException("accept queue must be positive");
        }
    }

    /**
     * Port 8080 on the loopback address, 64 KiB bodies, no trusted proxy, 100 failed authentications a
     * minute, an accept queue of 1024.
     */
    public static RestSettings defaults() {
        return new RestSettings(DEFAULT_PORT, DEFAULT_HOST, DEFAULT_MAX_BODY_BYTES, List.of(),
                DEFAULT_FAILED_AUTHENTICATION_LIMIT, DEFAULT_STOP_TIMEOUT, DEFAULT_ACCEPT_QUEUE);
    }

    public RestSettings onPort(int newPort) {
        return new RestSettings(newPort, host, maxBodyBytes, trustedProxies, failedAuthenticationLimit, stopTimeout, acceptQueue);
    }

    public RestSettings boundTo(String newHost) {
        return new RestSettings(port, newHost, maxBodyBytes, trustedProxies, failedAuthenticationLimit, stopTimeout, acceptQueue);
    }

    public RestSettings withMaxBodyBytes(long newMaxBodyBytes) {
        return new RestSettings(port, host, newMaxBodyBytes, trustedProxies, failedAuthenticationLimit, stopTimeout, acceptQueue);
    }

    public RestSettings trustingProxies(List<Cidr> newTrustedProxies) {
        return new RestSettings(port, host, maxBodyBytes, newTrustedProxies, failedAuthenticationLimit, stopTimeout, acceptQueue);
    }

    public RestSettings withFailedAuthenticationLimit(int newLimit) {
        return new RestSettings(port, host, maxBodyBytes, trustedProxies, newLimit, stopTimeout, acceptQueue);
    }

    public RestSettings withStopTimeout(Duration newStopTimeout) {
        return new RestSettings(port, host, maxBodyBytes, trustedProxies, failedAuthenticationLimit, newStopTimeout, acceptQueue);
    }

    public RestSettings withAcceptQueue(int newAcceptQueue) {
        return new RestSettings(port, host, maxBodyBytes, trustedProxies, failedAuthenticationLimit, stopTimeout, newAcceptQueue);
    }
}
