package io.pagekeys.adapters.rest;

import io.javalin.http.Context;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.IpAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling: the socket's peer, unless that peer is a trusted proxy, in which case the
 * {@code X-Forwarded-For} chain is read from the right, skipping trusted proxies, and the first address
 * that is not one is the client. A header from an untrusted peer is ignored, so that a client cannot
 * choose its own address.
 */
final class ClientAddresses {

    private final List<Cidr> trustedProxies;

    ClientAddresses(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client's address; empty only when even the peer's address cannot be read. */
    Optional<IpAddress> of(Context ctx) {
        Optional<IpAddress> peer = parse(ctx.req().getRemoteAddr());
        if (peer.isEmpty() || !isTrusted(peer.get())) {
            return peer;
        }
        List<String> forwarded = ctx.req().getHeaders("X-Forwarded-For") == null
                ? List.of()
                : Collections.list(ctx.req().getHeaders("X-Forwarded-For"));
        IpAddress client = peer.get();
        List<String> hops = forwarded.stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::strip)
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<IpAddress> hop = parse(hops.get(i));
            if (hop.isEmpty()) {
                return Optional.of(client); // a hop we cannot read: trust nothing further left
            }
            client = hop.get();
            if (!isTrusted(client)) {
                return Optional.of(client);
            }
        }
        return Optional.of(client);
    }

    private boolean isTrusted(IpAddress address) {
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }

    private static Optional<IpAddress> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpAddress.parse(text));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
