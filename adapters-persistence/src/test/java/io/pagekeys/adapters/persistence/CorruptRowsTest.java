package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.API_KEYS;
import static io.pagekeys.adapters.persistence.jooq.Tables.INCIDENTS;
import static io.pagekeys.adapters.persistence.jooq.Tables.ORGANIZATIONS;
import static io.pagekeys.adapters.persistence.jooq.Tables.STATUS_PAGES;
import static io.pagekeys.adapters.persistence.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.InvalidValueException;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A row that the schema lets through but the model refuses (written by hand, or by another version) is a
 * fault of the store, reported as such with the row's id: never as the domain's invalid value, which
 * callers would answer as the client's mistake.
 */
class CorruptRowsTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    /** A name with a control character: within the schema's length check, refused by the model. */
    private static final String CORRUPT_NAME = "Deploy\u0007bot";

    private DrivenPorts ports;
    private Organization organization;

    @BeforeEach
    void acme() {
        database.truncate();
        ports = JooqPorts.on(database.dataSource());
        organization = ports.organizations().create("Acme", NOW);
    }

    @Test
    void aKeyWithAValueTheModelRefusesIsABrokenInvariantNamingTheKey() {
        Token token = Token.generate(KeyKind.ORGANIZATION, new byte[Token.SECRET_BYTES]);
        ApiKey key = ApiKey.issueOrganizationKey(ApiKeyId.of("key_0aZ9bY8cX7dW6eV5f"), organization.id(),
                KeySettings.of(KeyName.of("Deploy bot"), KeyScope.readOnly()), token, Actor.operator(), NOW);
        ports.apiKeys().add(key);
        database.dsl().update(API_KEYS).set(API_KEYS.NAME, CORRUPT_NAME).where(API_KEYS.ID.eq(key.id().value())).execute();

        assertBrokenInvariantNaming("key_0aZ9bY8cX7dW6eV5f", () -> ports.apiKeys().findById(key.id()));
        assertBrokenInvariantNaming("key_0aZ9bY8cX7dW6eV5f", () -> ports.apiKeys().findByFingerprint(key.fingerprint()));
        assertBrokenInvariantNaming("key_0aZ9bY8cX7dW6eV5f", () -> ports.unitOfWork().run(() -> ports.apiKeys().lockById(key.id())));
        assertBrokenInvariantNaming("key_0aZ9bY8cX7dW6eV5f", () -> ports.apiKeys().organizationKeys(organization.id()));
        assertThat(catchThrowable(() -> ports.apiKeys().findByFingerprint(key.fingerprint())))
                .hasMessageNotContaining(key.fingerprint().hex())
                .hasMessageNotContaining(key.hint());
    }

    @Test
    void anIncidentWithATitleTheModelRefusesIsABrokenInvariantNamingTheIncident() {
        insertPage("status");
        long id = database.dsl().insertInto(INCIDENTS)
                .set(INCIDENTS.SUBDOMAIN, "status")
                .set(INCIDENTS.TITLE, CORRUPT_NAME)
                .set(INCIDENTS.TYPE, "major")
                .set(INCIDENTS.STATUS, "open")
                .set(INCIDENTS.CREATED_AT, NOW)
                .returning(INCIDENTS.ID)
                .fetchSingle(INCIDENTS.ID);

        assertBrokenInvariantNaming("row " + id + " of incidents", () -> ports.incidents().findById(IncidentId.of(id)));
        assertBrokenInvariantNaming("row " + id + " of incidents", () -> ports.incidents().of(Subdomain.of("status")));
    }

    @Test
    void anOrganizationPageOrUserTheModelRefusesIsABrokenInvariantNamingIt() {
        database.dsl().update(ORGANIZATIONS).set(ORGANIZATIONS.NAME, CORRUPT_NAME).execute();
        insertPage("status");
        database.dsl().update(STATUS_PAGES).set(STATUS_PAGES.NAME, CORRUPT_NAME).execute();
        // The schema asks for an @ between two non-empty parts; the model for a dotted domain too.
        long user = database.dsl().insertInto(USERS)
                .set(USERS.EMAIL, "ada@localhost")
                .set(USERS.CREATED_AT, NOW)
                .returning(USERS.ID)
                .fetchSingle(USERS.ID);

        assertBrokenInvariantNaming("row " + organization.id() + " of organizations",
                () -> ports.organizations().findById(organization.id()));
        assertBrokenInvariantNaming("row status of status_pages", () -> ports.statusPages().find(Subdomain.of("status")));
        assertBrokenInvariantNaming("row " + user + " of users", () -> ports.users().findById(UserId.of(user)));
        assertThat(catchThrowable(() -> ports.users().findById(UserId.of(user)))).hasMessageNotContaining("ada@localhost");
    }

    private void insertPage(String subdomain) {
        database.dsl().insertInto(STATUS_PAGES)
                .set(STATUS_PAGES.SUBDOMAIN, subdomain)
                .set(STATUS_PAGES.ORGANIZATION_ID, organization.id().value())
                .set(STATUS_PAGES.NAME, "Status")
                .set(STATUS_PAGES.CREATED_AT, NOW)
                .set(STATUS_PAGES.UPDATED_AT, NOW)
                .execute();
    }

    private static void assertBrokenInvariantNaming(String row, ThrowingCallable call) {
        assertThat(catchThrowable(call))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining(row)
                .hasRootCauseInstanceOf(InvalidValueException.class);
    }
}
