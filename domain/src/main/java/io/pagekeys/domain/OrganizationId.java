package io.pagekeys.domain;

/** The identifier of an organization, the tenant: a positive integer. */
public record OrganizationId(long value) {

    public OrganizationId {
        if (value <= 0) {
            throw new InvalidValueException("organization_id", "must be a positive integer");
        }
    }

    public static OrganizationId of(long value) {
        return new OrganizationId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
