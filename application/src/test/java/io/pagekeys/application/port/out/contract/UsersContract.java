package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.User;
import io.pagekeys.domain.UserId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.pagekeys.application.port.out.Users}, for every adapter: one user per
 * address, kept with the instant it was first seen. Concurrent tests need at most 8 connections.
 */
public abstract class UsersContract extends PortContract {

    @Test
    void findOrCreateCreatesAUserOfThatAddress() {
        EmailAddress email = uniqueEmail();

        User user = users().findOrCreate(email, at(3));

        assertThat(user.id().value()).isPositive();
        assertThat(user.email()).isEqualTo(email);
        assertThat(user.createdAt()).isEqualTo(at(3));
        assertThat(users().findById(user.id())).contains(user);
        assertThat(users().findByEmail(email)).contains(user);
    }

    @Test
    void findOrCreateFindsTheUserItCreatedBefore() {
        EmailAddress email = uniqueEmail();
        User first = users().findOrCreate(email, at(3));

        User again = users().findOrCreate(EmailAddress.of(email.value().toUpperCase(Locale.ROOT)), at(9));

        assertThat(again).isEqualTo(first);
        assertThat(again.createdAt()).isEqualTo(at(3));
    }

    @Test
    void differentAddressesAreDifferentUsers() {
        User alice = users().findOrCreate(uniqueEmail(), T0);
        User bob = users().findOrCreate(uniqueEmail(), T0);

        assertThat(alice.id()).isNotEqualTo(bob.id());
        assertThat(users().findById(alice.id())).contains(alice);
        assertThat(users().findById(bob.id())).contains(bob);
    }

    @Test
    void unknownIdsAndAddressesFindNobody() {
        assertThat(users().findById(UserId.of(Long.MAX_VALUE))).isEmpty();
        assertThat(users().findByEmail(uniqueEmail())).isEmpty();
    }

    @Test
    void callersCreatingOneAddressAtOnceAllGetTheSameUser() {
        EmailAddress email = uniqueEmail();

        List<User> found = concurrently(8, () -> users().findOrCreate(email, T0));

        assertThat(found).hasSize(8).containsOnly(found.get(0));
        assertThat(users().findByEmail(email)).contains(found.get(0));
    }

    @Test
    void callersCreatingOneAddressAtOnceInUnitsOfWorkAllGetTheSameUser() {
        EmailAddress email = uniqueEmail();

        List<User> found = concurrently(8, () -> unitOfWork().run(() -> users().findOrCreate(email, T0)));

        assertThat(found).hasSize(8).containsOnly(found.get(0));
    }
}
