package io.pagekeys.domain;

/** A change that only an active key accepts (rotation) was asked of a key that is not active. */
public final class KeyNotActiveException extends DomainException {

    private final KeyState state;

    public KeyNotActiveException(ApiKeyId key, KeyState state) {
        super("key_not_active", "key " + key + " is " + state.code() + ", only an active key can be rotated");
        this.state = state;
    }

    public KeyState state() {
        return state;
    }
}
