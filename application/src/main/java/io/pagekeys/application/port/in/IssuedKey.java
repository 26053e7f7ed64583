package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.Token;

/**
 * A key just issued or rotated in, with its token: the only moment the token exists outside the
 * client. Show it once; do not log it.
 */
public record IssuedKey(ApiKey key, Token token) {

    public IssuedKey {
        requireNonNull(key, "key is null");
        requireNonNull(token, "token is null");
    }
}
