package io.pagekeys.domain;

/** The identifier of a user: a positive integer. */
public record UserId(long value) {

    public UserId {
        if (value <= 0) {
            throw new InvalidValueException("user_id", "must be a positive integer");
        }
    }

    public static UserId of(long value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
