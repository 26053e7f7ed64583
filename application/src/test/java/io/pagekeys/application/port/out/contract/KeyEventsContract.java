package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.pagekeys.application.port.out.KeyEvents}, for every adapter.
 *
 * <p>Where the port's javadoc leaves a choice, this contract makes it: "oldest first" is by the event's
 * instant, and events of the same instant come in the order they were appended; the events of one key
 * are those whose {@code key} it is (a rotation's event belongs to the old key and only names the
 * replacement as its related key); an event's key, and its related key, are stored keys of the event's
 * organization.
 */
public abstract class KeyEventsContract extends PortContract {

    @Test
    void theEventsOfAKeyComeBackAsAppendedOldestFirst() {
        Organization organization = anOrganization();
        User owner = aUser();
        ApiKey key = userKey(organization, owner, readOnlyEverywhere(), at(1));
        apiKeys().add(key);
        ApiKey.Rotated rotated = key.rotate(newKeyId(), newToken(KeyKind.USER), GracePeriod.ofSeconds(60),
                Actor.key(key.id()), at(10));
        apiKeys().add(rotated.replacement());
        apiKeys().update(rotated.old());
        KeyEvent issued = KeyEvent.issued(key, Actor.user(owner.id()), at(1));
        KeyEvent rotation = KeyEvent.rotated(key, rotated.replacement().id(), Actor.key(key.id()), at(10));
        KeyEvent revoked = KeyEvent.revoked(key, Actor.operator(), at(Duration.ofNanos(10_000_001_000L)));

        keyEvents().append(issued);
        keyEvents().append(rotation);
        keyEvents().append(revoked);

        assertThat(keyEvents().of(key.id())).containsExactly(issued, rotation, revoked);
        assertThat(keyEvents().of(rotated.replacement().id())).isEmpty();
    }

    @Test
    void theEventsOfAnOrganizationAreThoseOfEveryKeyOfItOldestFirst() {
        Organization organization = anOrganization();
        Organization other = anOrganization();
        ApiKey first = anOrganizationKeyOf(organization, at(1));
        ApiKey second = anOrganizationKeyOf(organization, at(2));
        ApiKey elsewhere = anOrganizationKeyOf(other, at(1));
        KeyEvent late = KeyEvent.revoked(first, Actor.operator(), at(30));
        KeyEvent early = KeyEvent.issued(second, Actor.operator(), at(10));
        KeyEvent middle = KeyEvent.revoked(second, Actor.operator(), at(20));

        keyEvents().append(late);
        keyEvents().append(KeyEvent.issued(elsewhere, Actor.operator(), at(15)));
        keyEvents().append(early);
        keyEvents().append(middle);

        assertThat(keyEvents().of(organization.id())).containsExactly(early, middle, late);
        assertThat(keyEvents().of(second.id())).containsExactly(early, middle);
    }

    @Test
    void eventsOfTheSameInstantComeInTheOrderTheyWereAppended() {
        Organization organization = anOrganization();
        ApiKey old = anOrganizationKeyOf(organization, at(1));
        ApiKey.Rotated rotated = old.rotate(newKeyId(), newToken(KeyKind.ORGANIZATION), GracePeriod.none(),
                Actor.operator(), at(10));
        KeyEvent rotation = KeyEvent.rotated(old, rotated.replacement().id(), Actor.operator(), at(10));
        KeyEvent issued = KeyEvent.issued(rotated.replacement(), Actor.operator(), at(10));
        KeyEvent revoked = KeyEvent.revoked(old, Actor.operator(), at(10));

        unitOfWork().execute(() -> {
            apiKeys().update(rotated.old());
            apiKeys().add(rotated.replacement());
            keyEvents().append(rotation);
            keyEvents().append(issued);
            keyEvents().append(revoked);
        });

        assertThat(keyEvents().of(organization.id())).containsExactly(rotation, issued, revoked);
    }

    @Test
    void anEventAppendedInAFailedUnitOfWorkIsNotKept() {
        Organization organization = anOrganization();
        ApiKey key = anOrganizationKeyOf(organization, at(1));

        assertThatThrownBy(() -> unitOfWork().execute(() -> {
            keyEvents().append(KeyEvent.revoked(key, Actor.operator(), at(5)));
            throw new IllegalStateException("the change fails");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(keyEvents().of(key.id())).isEmpty();
        assertThat(keyEvents().of(organization.id())).isEmpty();
    }

    @Test
    void keysAndOrganizationsWithoutEventsHaveNone() {
        Organization organization = anOrganization();
        ApiKey key = anOrganizationKeyOf(organization, at(1));

        assertThat(keyEvents().of(key.id())).isEmpty();
        assertThat(keyEvents().of(organization.id())).isEmpty();
    }
}
