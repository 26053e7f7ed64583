package io.pagekeys.application.port.in;

import static java.util.Objects.requireNonNull;

/** The outcome of adding a page member: the membership, and whether it is new (else its role was replaced). */
public record PageMemberSaved(Member member, boolean created) {

    public PageMemberSaved {
        requireNonNull(member, "member is null");
    }
}
