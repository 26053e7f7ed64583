package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.NotFoundException;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentStatus;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UpdateType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.pagekeys.application.port.out.Incidents}, for every adapter.
 *
 * <p>Where the port's javadoc leaves a choice, this contract makes it: an incident's updates come back in
 * the order of its list, whatever their instants; {@code update} writes title, type, status, resolution
 * and updates, while the page and creation instant stay as added (the domain only ever appends updates,
 * and that is all this contract exercises); {@code of} is newest first by creation instant, and incidents
 * created at the same instant come the last added first (higher id first). {@code lockById} finds as
 * {@code findById} does; that it locks is the {@link UnitOfWorkContract}'s to check.
 */
public abstract class IncidentsContract extends PortContract {

    @Test
    void addGivesTheIncidentAFreshIdAndKeepsEverythingElse() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident incident = Incident.open(page, "Ünïcødé outage ⚡", IncidentType.MAJOR, List.of(
                new IncidentUpdate(UpdateType.INVESTIGATING, "Looking into it.\n\tLine two — ✓", at(5)),
                new IncidentUpdate(UpdateType.IDENTIFIED, "Found it", at(Duration.ofNanos(4_000_001_000L))),
                new IncidentUpdate(UpdateType.UPDATE, "Same instant as the first", at(5))), at(1));

        Incident added = incidents().add(incident);

        assertThat(added.id()).isPresent();
        assertThat(added.id().orElseThrow().value()).isPositive();
        assertThat(added).isEqualTo(incident.withId(added.id().orElseThrow()));
        assertThat(incidents().findById(added.id().orElseThrow())).contains(added);
    }

    @Test
    void everyAddedIncidentGetsItsOwnId() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident first = incidents().add(Incident.open(page, "First", IncidentType.MINOR, List.of(), at(1)));
        Incident second = incidents().add(Incident.open(page, "First", IncidentType.MINOR, List.of(), at(1)));

        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void updateReplacesTitleTypeStatusResolutionAndUpdates() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident added = incidents().add(Incident.open(page, "Slow", IncidentType.MINOR,
                List.of(new IncidentUpdate(UpdateType.INVESTIGATING, "Looking", at(1))), at(1)));

        Incident resolved = added.retitled("Down")
                .retyped(IncidentType.MAJOR)
                .withUpdate(new IncidentUpdate(UpdateType.RESOLVED, "Fixed", at(9)))
                .withStatus(IncidentStatus.RESOLVED, at(9));
        incidents().update(resolved);
        assertThat(incidents().findById(added.id().orElseThrow())).contains(resolved);

        Incident reopened = resolved.withStatus(IncidentStatus.OPEN, at(12))
                .withUpdate(new IncidentUpdate(UpdateType.MONITORING, "Back again", at(12)));
        incidents().update(reopened);
        assertThat(incidents().findById(added.id().orElseThrow())).contains(reopened);
        assertThat(reopened.resolvedAt()).isEmpty();
    }

    @Test
    void updateLeavesThePageAndCreationAsAdded() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        Subdomain otherPage = aPageOf(organization).subdomain();
        Incident added = incidents().add(Incident.open(page, "Slow", IncidentType.MINOR, List.of(), at(1)));

        incidents().update(new Incident(added.id(), otherPage, "Renamed", IncidentType.MINOR, IncidentStatus.OPEN,
                List.of(), at(3), Optional.empty()));

        assertThat(incidents().findById(added.id().orElseThrow())).contains(added.retitled("Renamed"));
        assertThat(incidents().of(otherPage)).isEmpty();
    }

    @Test
    void updatingAnIncidentThatDoesNotExistThrowsNotFound() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident missing = Incident.open(page, "Never added", IncidentType.MINOR, List.of(), at(1))
                .withId(IncidentId.of(Long.MAX_VALUE));

        assertThatThrownBy(() -> incidents().update(missing)).isInstanceOf(NotFoundException.class);
        assertThat(incidents().findById(IncidentId.of(Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void lockByIdFindsTheIncidentInsideAUnitOfWork() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident added = incidents().add(Incident.open(page, "Locked", IncidentType.MINOR,
                List.of(new IncidentUpdate(UpdateType.INVESTIGATING, "Looking", at(2))), at(1)));

        assertThat(unitOfWork().run(() -> incidents().lockById(added.id().orElseThrow()))).contains(added);
    }

    @Test
    void lockByIdFindsNothingForAnUnknownId() {
        assertThat(unitOfWork().run(() -> incidents().lockById(IncidentId.of(Long.MAX_VALUE)))).isEmpty();
    }

    @Test
    void ofListsTheIncidentsOfThatPageNewestFirst() {
        Organization organization = anOrganization();
        Subdomain page = aPageOf(organization).subdomain();
        Subdomain otherPage = aPageOf(organization).subdomain();
        Incident middle = incidents().add(Incident.open(page, "Middle", IncidentType.MINOR, List.of(), at(20)));
        Incident newest = incidents().add(Incident.open(page, "Newest", IncidentType.MAJOR, List.of(), at(30)));
        Incident oldest = incidents().add(Incident.open(page, "Oldest", IncidentType.SCHEDULED, List.of(), at(10)));
        incidents().add(Incident.open(otherPage, "Elsewhere", IncidentType.MINOR, List.of(), at(25)));

        assertThat(incidents().of(page)).containsExactly(newest, middle, oldest);
    }

    @Test
    void incidentsCreatedAtTheSameInstantAreListedTheLastAddedFirst() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident first = incidents().add(Incident.open(page, "First", IncidentType.MINOR, List.of(), at(10)));
        Incident second = incidents().add(Incident.open(page, "Second", IncidentType.MINOR, List.of(), at(10)));
        Incident third = incidents().add(Incident.open(page, "Third", IncidentType.MINOR, List.of(), at(10)));

        assertThat(incidents().of(page)).containsExactly(third, second, first);
    }

    @Test
    void aPageWithoutIncidentsListsNone() {
        assertThat(incidents().of(aPageOf(anOrganization()).subdomain())).isEmpty();
    }

    @Test
    void removingThePageRemovesItsIncidentsAndTheirUpdates() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident added = incidents().add(Incident.open(page, "Gone", IncidentType.MAJOR,
                List.of(new IncidentUpdate(UpdateType.INVESTIGATING, "Looking", at(1))), at(1)));

        statusPages().remove(page);

        assertThat(incidents().findById(added.id().orElseThrow())).isEmpty();
        assertThat(incidents().of(page)).isEmpty();
    }
}
