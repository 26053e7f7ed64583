package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who did something, as the audit trail and a key's {@code created_by} record it: a person, a key, or
 * the operator at the command line. Written as {@code user:12}, {@code key:key_...} or {@code operator}.
 */
public record Actor(Type type, Optional<String> id) {

    public enum Type {
        USER,
        KEY,
        OPERATOR
    }

    public Actor {
        requireNonNull(type, "type is null");
        requireNonNull(id, "id is null");
        if ((type == Type.OPERATOR) != id.isEmpty()) {
            throw new IllegalArgumentException("the operator has no id; users and keys have one");
        }
    }

    public static Actor user(UserId user) {
        return new Actor(Type.USER, Optional.of(user.toString()));
    }

    public static Actor key(ApiKeyId key) {
        return new Actor(Type.KEY, Optional.of(key.value()));
    }

    public static Actor operator() {
        return new Actor(Type.OPERATOR, Optional.empty());
    }

    /**
     * The actor that {@link #toString()} wrote.
     *
     * @throws IllegalArgumentException when {@code text} is not such a text
     */
    public static Actor parse(String text) {
        requireNonNull(text, "actor is null");
        if (text.equals("operator")) {
            return operator();
        }
        try {
            if (text.startsWith("user:")) {
                return user(UserId.of(Long.parseLong(text.substring(5))));
            }
            if (text.startsWith("key:")) {
                return key(ApiKeyId.of(text.substring(4)));
            }
        } catch (NumberFormatException | InvalidValueException e) {
            throw new IllegalArgumentException("not an actor: " + text, e);
        }
        throw new IllegalArgumentException("not an actor: " + text);
    }

    @Override
    public String toString() {
        return switch (type) {
            case USER -> "user:" + id.orElseThrow();
            case KEY -> "key:" + id.orElseThrow();
            case OPERATOR -> "operator";
        };
    }
}
