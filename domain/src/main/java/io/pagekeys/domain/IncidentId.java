package io.pagekeys.domain;

/** The identifier of an incident: a positive integer. */
public record IncidentId(long value) {

    public IncidentId {
        if (value <= 0) {
            throw new InvalidValueException("incident_id", "must be a positive integer");
        }
    }

    public static IncidentId of(long value) {
        return new IncidentId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
