package io.pagekeys.adapters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pagekeys.application.port.in.Member;
import io.pagekeys.domain.Subdomain;
import java.util.List;

/**
 * {@code {"member": {"user_id", "email", "role"}}}, with {@code status_page} for page-level members;
 * lists are {@code {"members": [...]}}. Requests: {@code {"member": {"email", "role"}}} to add,
 * {@code {"member": {"role"}}} to change a role.
 */
final class MemberJson {

    private MemberJson() {}

    record Body(long userId, String email, String role, @JsonInclude(JsonInclude.Include.NON_NULL) String statusPage) {

        static Body of(Member member) {
            return new Body(member.user().id().value(), member.user().email().value(), member.role().code(),
                    member.page().map(Subdomain::value).orElse(null));
        }
    }

    record Envelope(Body member) {

        static Envelope of(Member member) {
            return new Envelope(Body.of(member));
        }
    }

    record ListEnvelope(List<Body> members) {

        static ListEnvelope of(List<Member> members) {
            return new ListEnvelope(members.stream().map(Body::of).toList());
        }
    }

    record NewMember(String email, String role) {}

    record NewMemberEnvelope(NewMember member) {}

    record RoleChange(String role) {}

    record RoleChangeEnvelope(RoleChange member) {}
}
