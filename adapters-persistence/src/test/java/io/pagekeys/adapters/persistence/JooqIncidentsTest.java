package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.INCIDENTS;
import static io.pagekeys.adapters.persistence.jooq.Tables.INCIDENT_UPDATES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.IncidentsContract;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UpdateType;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqIncidentsTest extends IncidentsContract {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static DrivenPorts ports;

    @Override
    protected DrivenPorts ports() {
        // One set of adapters for the class, as a server has: no test assumes an empty store.
        if (ports == null) {
            ports = JooqPorts.on(database.dataSource());
        }
        return ports;
    }

    @Test
    void updateAppendsTheNewUpdatesAndLeavesTheStoredOnesAlone() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident added = incidents().add(Incident.open(page, "Slow", IncidentType.MINOR, List.of(
                new IncidentUpdate(UpdateType.INVESTIGATING, "Looking", at(1)),
                new IncidentUpdate(UpdateType.IDENTIFIED, "Found it", at(2))), at(1)));
        IncidentId id = added.id().orElseThrow();
        List<Long> before = updateRows(id);

        Incident updated = added.retitled("Slower").withUpdate(new IncidentUpdate(UpdateType.MONITORING, "Watching", at(3)));
        incidents().update(updated);

        List<Long> after = updateRows(id);
        assertThat(before).hasSize(2);
        assertThat(after).hasSize(3).startsWith(before.toArray(Long[]::new));
        assertThat(incidents().findById(id)).contains(updated);
    }

    @Test
    void lockByIdHoldsOffWritersOfTheIncidentButNotRowsThatReferToIt() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident added = incidents().add(Incident.open(page, "Locked", IncidentType.MINOR, List.of(), at(1)));
        long id = added.id().orElseThrow().value();

        unitOfWork().execute(() -> {
            assertThat(incidents().lockById(added.id().orElseThrow())).contains(added);

            // From another session, which does not wait: a writer of the incident is refused at once...
            Throwable writer = catchThrowable(() -> database.dsl().fetch("SELECT id FROM incidents WHERE id = ? FOR NO KEY UPDATE NOWAIT", id));
            assertThat(writer).isInstanceOf(DataAccessException.class).hasMessageContaining("could not obtain lock");
            // ...while the key-share lock of a foreign-key check (an update inserted meanwhile) is granted.
            assertThat(database.dsl().fetch("SELECT id FROM incidents WHERE id = ? FOR KEY SHARE NOWAIT", id)).hasSize(1);
        });

        assertThat(database.dsl().fetch("SELECT id FROM incidents WHERE id = ? FOR NO KEY UPDATE NOWAIT", id)).hasSize(1);
    }

    private static List<Long> updateRows(IncidentId incident) {
        return database.dsl().select(INCIDENT_UPDATES.ID)
                .from(INCIDENT_UPDATES)
                .join(INCIDENTS).on(INCIDENTS.ID.eq(INCIDENT_UPDATES.INCIDENT_ID))
                .where(INCIDENTS.ID.eq(incident.value()))
                .orderBy(INCIDENT_UPDATES.ID)
                .fetch(INCIDENT_UPDATES.ID);
    }
}
