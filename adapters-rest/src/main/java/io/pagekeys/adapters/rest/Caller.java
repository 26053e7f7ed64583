package io.pagekeys.adapters.rest;

import static java.util.Objects.requireNonNull;

import io.pagekeys.application.port.in.Principal;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.IpAddress;
import java.util.Optional;

/**
 * An authenticated request: the key's principal, the client's address, and
 * the token as presented, kept only for the length of the request (to ask the access rule a question
 * before a refusal of the body, see {@link Gate}). {@link #toString()} never shows the token.
 */
record Caller(Principal.ViaKey principal, Optional<IpAddress> clientIp, String token) {

    Caller {
        requireNonNull(principal, "principal is null");
        requireNonNull(clientIp, "client ip is null");
        requireNonNull(token, "token is null");
    }

    ApiKey key() {
        return principal.key();
    }

    @Override
    public String toString() {
        return "Caller[" + principal.key() + "]";
    }
}
