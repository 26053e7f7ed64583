package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.API_KEYS;
import static io.pagekeys.adapters.persistence.jooq.Tables.API_KEY_PAGES;
import static io.pagekeys.adapters.persistence.jooq.Tables.INCIDENTS;
import static io.pagekeys.adapters.persistence.jooq.Tables.INCIDENT_UPDATES;
import static io.pagekeys.adapters.persistence.jooq.Tables.KEY_EVENTS;
import static io.pagekeys.adapters.persistence.jooq.Tables.MEMBERSHIPS;
import static io.pagekeys.adapters.persistence.jooq.Tables.ORGANIZATIONS;
import static io.pagekeys.adapters.persistence.jooq.Tables.STATUS_PAGES;
import static io.pagekeys.adapters.persistence.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pagekeys.adapters.persistence.ConstraintViolation.Kind;
import io.pagekeys.adapters.persistence.jooq.tables.records.ApiKeysRecord;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Token;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaConstraintsTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private DSLContext sql;

    @BeforeEach
    void emptyDatabase() {
        database.truncate();
        sql = database.dsl();
    }

    @Test
    void takenSubdomainIsRejectedByThePrimaryKeyOfStatusPages() {
        long acme = organization("Acme");
        long globex = organization("Globex");
        page("status", acme);

        Throwable failure = catchThrowable(() -> page("status", globex));

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.UNIQUE, "status_pages_pkey"));
    }

    @Test
    void subdomainThatIsNotADnsLabelIsRejected() {
        long acme = organization("Acme");

        assertThat(violationOf(catchThrowable(() -> page("Status", acme))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "status_pages_subdomain_check"));
        assertThat(violationOf(catchThrowable(() -> page("-status", acme))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "status_pages_subdomain_check"));
        assertThat(violationOf(catchThrowable(() -> page("s", acme))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "status_pages_subdomain_check"));
    }

    @Test
    void roleOutsideTheCatalogueIsRejected() {
        long acme = organization("Acme");
        long ada = user("ada@example.com");

        Throwable failure = catchThrowable(() -> membership(ada, acme, null, "superuser"));

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.CHECK, "memberships_role_check"));
    }

    @Test
    void billingRoleExistsOnlyAtOrganizationLevel() {
        long acme = organization("Acme");
        long ada = user("ada@example.com");
        page("status", acme);
        membership(ada, acme, null, "billing");

        Throwable failure = catchThrowable(() -> membership(ada, acme, "status", "billing"));

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.CHECK, "memberships_billing_check"));
    }

    @Test
    void userHasOneOrganizationLevelMembershipAndOnePerPage() {
        long acme = organization("Acme");
        long ada = user("ada@example.com");
        page("status", acme);
        membership(ada, acme, null, "owner");
        membership(ada, acme, "status", "viewer");

        assertThat(violationOf(catchThrowable(() -> membership(ada, acme, null, "editor"))))
                .isEqualTo(new ConstraintViolation(Kind.UNIQUE, "memberships_organization_level_key"));
        assertThat(violationOf(catchThrowable(() -> membership(ada, acme, "status", "editor"))))
                .isEqualTo(new ConstraintViolation(Kind.UNIQUE, "memberships_page_level_key"));
    }

    @Test
    void pageLevelMembershipCannotNameAPageOfAnotherOrganization() {
        long acme = organization("Acme");
        long globex = organization("Globex");
        long ada = user("ada@example.com");
        page("globex", globex);

        Throwable failure = catchThrowable(() -> membership(ada, acme, "globex", "viewer"));

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.FOREIGN_KEY, "memberships_page_fkey"));
    }

    @Test
    void emailIsStoredOnceAndInLowerCase() {
        user("ada@example.com");

        assertThat(violationOf(catchThrowable(() -> user("ada@example.com"))))
                .isEqualTo(new ConstraintViolation(Kind.UNIQUE, "users_email_key"));
        assertThat(violationOf(catchThrowable(() -> user("Ada@Example.com"))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "users_email_check"));
    }

    @Test
    void twoKeysCannotShareAFingerprint() {
        long acme = organization("Acme");
        organizationKey(acme, "key_00000000000000001", fingerprint('a'), key -> {});

        Throwable failure = catchThrowable(() -> organizationKey(acme, "key_00000000000000002", fingerprint('a'), key -> {}));

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.UNIQUE, "api_keys_fingerprint_key"));
    }

    @Test
    void scopeMustBeANonEmptySubsetOfTheCatalogue() {
        long acme = organization("Acme");

        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                        key -> key.setScope(new String[] {"pages.read", "pages.admin"})))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_scope_check"));
        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000002", fingerprint('2'),
                        key -> key.setScope(new String[0])))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_scope_check"));
        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000003", fingerprint('3'),
                        key -> key.setScope(new String[] {"pages.read", null})))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_scope_check"));
    }

    @Test
    void userKeyNeedsAUserAndAnOrganizationKeyHasNone() {
        long acme = organization("Acme");
        long ada = user("ada@example.com");

        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                        key -> key.setKind("user").setHint("uk_AbCd…wxyz")))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_user_check"));
        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000002", fingerprint('2'),
                        key -> key.setUserId(ada)))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_user_check"));
    }

    @Test
    void rotationIsRecordedWholeWithAGraceOfAtMostSevenDays() {
        long acme = organization("Acme");
        organizationKey(acme, "key_00000000000000002", fingerprint('2'), key -> {});

        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                        key -> key.setRotatedAt(NOW).setReplacedBy("key_00000000000000002")))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_rotated_check"));
        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                        key -> key.setRotatedAt(NOW).setRotatedBy("operator").setReplacedBy("key_00000000000000002")
                                .setGraceUntil(NOW.plus(Duration.ofDays(7)).plusSeconds(1))))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_rotated_check"));

        organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                key -> key.setRotatedAt(NOW).setRotatedBy("operator").setReplacedBy("key_00000000000000002")
                        .setGraceUntil(NOW.plus(Duration.ofDays(7))));
    }

    @Test
    void sevenDaysOfGraceAreCountedInSecondsWhateverTheSessionTimeZone() {
        long acme = organization("Acme");
        organizationKey(acme, "key_00000000000000002", fingerprint('2'), key -> {});
        // In Berlin, the 7 calendar days after 2030-03-28 last 167 hours, those after 2030-10-24 169.
        Instant beforeSummerTime = Instant.parse("2030-03-28T12:00:00Z");
        Instant beforeWinterTime = Instant.parse("2030-10-24T12:00:00Z");

        inBerlin(transaction -> transaction.insertInto(API_KEYS).set(keyRecord(acme, "key_00000000000000001", fingerprint('1'),
                key -> key.setRotatedAt(beforeSummerTime).setRotatedBy("operator").setReplacedBy("key_00000000000000002")
                        .setGraceUntil(beforeSummerTime.plus(Duration.ofDays(7))))).execute());
        Throwable failure = catchThrowable(() -> inBerlin(transaction -> transaction.insertInto(API_KEYS)
                .set(keyRecord(acme, "key_00000000000000003", fingerprint('3'),
                        key -> key.setRotatedAt(beforeWinterTime).setRotatedBy("operator").setReplacedBy("key_00000000000000002")
                                .setGraceUntil(beforeWinterTime.plus(Duration.ofDays(7)).plusSeconds(1))))
                .execute()));

        assertThat(sql.fetchCount(API_KEYS, API_KEYS.ID.eq("key_00000000000000001"))).isOne();
        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_rotated_check"));
    }

    @Test
    void replacementIsAKeyOfTheSameOrganization() {
        long acme = organization("Acme");
        long globex = organization("Globex");
        organizationKey(globex, "key_00000000000000002", fingerprint('2'), key -> {});

        Throwable failure = catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                key -> key.setRotatedAt(NOW).setRotatedBy("operator").setReplacedBy("key_00000000000000002").setGraceUntil(NOW)));

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.FOREIGN_KEY, "api_keys_replaced_by_fkey"));
    }

    @Test
    void relatedKeyOfAnEventIsAKeyOfTheSameOrganization() {
        long acme = organization("Acme");
        long globex = organization("Globex");
        organizationKey(acme, "key_00000000000000001", fingerprint('1'), key -> {});
        organizationKey(globex, "key_00000000000000002", fingerprint('2'), key -> {});

        Throwable failure = catchThrowable(() -> sql.insertInto(KEY_EVENTS)
                .set(KEY_EVENTS.KEY_ID, "key_00000000000000001")
                .set(KEY_EVENTS.ORGANIZATION_ID, acme)
                .set(KEY_EVENTS.TYPE, "rotated")
                .set(KEY_EVENTS.ACTOR, "operator")
                .set(KEY_EVENTS.AT, NOW)
                .set(KEY_EVENTS.RELATED_KEY_ID, "key_00000000000000002")
                .execute());

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.FOREIGN_KEY, "key_events_related_key_fkey"));
    }

    /** Whether the model writes {@code text} as an actor: Actor.parse reads it, and Actor.toString gives it back. */
    private static boolean writtenAsAnActor(String text) {
        try {
            return Actor.parse(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "operator", "user:1", "user:42", "user:999999999999999999", "user:1000000000000000000",
        "user:9223372036854775807", "key:key_0aZ9bY8cX7dW6eV5f",
        "Operator", "operator ", "operator\n", " user:1", "user:", "user:0", "user:007", "user:+7", "user:-1", "user:1.5",
        "user:9223372036854775808", "user:9999999999999999999", "user:10000000000000000000", "key:", "key:anything",
        "key:key_0aZ9bY8cX7dW6eV5", "key:key_0aZ9bY8cX7dW6eV5fg", "key:key_0aZ9bY8cX7dW6eV5é", "key:KEY_0aZ9bY8cX7dW6eV5f",
        "user:1;key:key_0aZ9bY8cX7dW6eV5f", "system"})
    void actorsAreStoredExactlyWhenTheModelWritesThem(String actor) {
        long acme = organization("Acme");
        organizationKey(acme, "key_00000000000000002", fingerprint('2'), key -> {});

        Throwable asCreator = catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                key -> key.setCreatedBy(actor)));
        Throwable asEventActor = catchThrowable(() -> sql.insertInto(KEY_EVENTS)
                .set(KEY_EVENTS.KEY_ID, "key_00000000000000002")
                .set(KEY_EVENTS.ORGANIZATION_ID, acme)
                .set(KEY_EVENTS.TYPE, "issued")
                .set(KEY_EVENTS.ACTOR, actor)
                .set(KEY_EVENTS.AT, NOW)
                .execute());

        if (writtenAsAnActor(actor)) {
            assertThat(asCreator).isNull();
            assertThat(asEventActor).isNull();
        } else {
            assertThat(violationOf(asCreator)).isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_created_by_check"));
            assertThat(violationOf(asEventActor)).isEqualTo(new ConstraintViolation(Kind.CHECK, "key_events_actor_check"));
        }
    }

    @Test
    void revokerAndRotatorAreActorsToo() {
        long acme = organization("Acme");
        organizationKey(acme, "key_00000000000000002", fingerprint('2'), key -> {});

        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                        key -> key.setRevokedAt(NOW).setRevokedBy("user:0")))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_revoked_check"));
        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                        key -> key.setRotatedAt(NOW).setRotatedBy("key:key_2").setReplacedBy("key_00000000000000002")
                                .setGraceUntil(NOW)))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_rotated_check"));
    }

    @Test
    void keyIdHasTheShapeOfAnApiKeyId() {
        long acme = organization("Acme");

        for (String id : new String[] {"key_0000000000000001", "key_000000000000000001", "KEY_00000000000000001",
            "key_0000000000000000-", "00000000000000000001"}) {
            assertThat(violationOf(catchThrowable(() -> organizationKey(acme, id, fingerprint('1'), key -> {}))))
                    .as(id)
                    .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_id_check"));
        }
        organizationKey(acme, "key_0aZ9bY8cX7dW6eV5f", fingerprint('1'), key -> {});
    }

    @Test
    void hintHasTheShapeOfATokenHintOfTheKeysKind() {
        long acme = organization("Acme");
        long ada = user("ada@example.com");

        for (String hint : new String[] {"uk_AbCd…wxyz", "ok_AbCd...wxyz", "ok_AbC…wxyz", "ok_AbCd…wxyz1", "ok_Ab-d…wxyz",
            "xk_AbCd…wxyz", "ok_AbCd…wxyz "}) {
            assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                            key -> key.setHint(hint)))))
                    .as(hint)
                    .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_hint_check"));
        }
        assertThat(violationOf(catchThrowable(() -> organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                        key -> key.setKind("user").setUserId(ada)))))
                .isEqualTo(new ConstraintViolation(Kind.CHECK, "api_keys_hint_check"));

        organizationKey(acme, "key_00000000000000001", fingerprint('1'),
                key -> key.setHint(Token.generate(KeyKind.ORGANIZATION, new byte[Token.SECRET_BYTES]).hint()));
        organizationKey(acme, "key_00000000000000002", fingerprint('2'),
                key -> key.setKind("user").setUserId(ada).setHint(Token.generate(KeyKind.USER, new byte[Token.SECRET_BYTES]).hint()));
    }

    @Test
    void rotationMayWriteTheOldKeyBeforeItsReplacementWithinOneTransaction() {
        long acme = organization("Acme");

        sql.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            transaction.insertInto(API_KEYS).set(keyRecord(acme, "key_00000000000000001", fingerprint('1'),
                    key -> key.setRotatedAt(NOW).setRotatedBy("user:1").setReplacedBy("key_00000000000000002").setGraceUntil(NOW)))
                    .execute();
            transaction.insertInto(API_KEYS).set(keyRecord(acme, "key_00000000000000002", fingerprint('2'), key -> {})).execute();
        });

        assertThat(sql.fetchCount(API_KEYS)).isEqualTo(2);
    }

    @Test
    void selectionCannotNameAPageOfAnotherOrganization() {
        long acme = organization("Acme");
        long globex = organization("Globex");
        page("globex", globex);
        organizationKey(acme, "key_00000000000000001", fingerprint('1'), key -> key.setPageRule("selected"));

        Throwable failure = catchThrowable(() -> sql.insertInto(API_KEY_PAGES)
                .set(API_KEY_PAGES.KEY_ID, "key_00000000000000001")
                .set(API_KEY_PAGES.SUBDOMAIN, "globex")
                .set(API_KEY_PAGES.ORGANIZATION_ID, acme)
                .execute());

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.FOREIGN_KEY, "api_key_pages_page_fkey"));
    }

    @Test
    void deletingAPageRemovesItFromSelectionsMembershipsAndIncidents() {
        long acme = organization("Acme");
        long ada = user("ada@example.com");
        page("status", acme);
        page("other", acme);
        membership(ada, acme, null, "owner");
        membership(ada, acme, "status", "viewer");
        organizationKey(acme, "key_00000000000000001", fingerprint('1'), key -> key.setPageRule("selected"));
        for (String subdomain : new String[] {"status", "other"}) {
            sql.insertInto(API_KEY_PAGES)
                    .set(API_KEY_PAGES.KEY_ID, "key_00000000000000001")
                    .set(API_KEY_PAGES.SUBDOMAIN, subdomain)
                    .set(API_KEY_PAGES.ORGANIZATION_ID, acme)
                    .execute();
        }
        long incident = sql.insertInto(INCIDENTS)
                .set(INCIDENTS.SUBDOMAIN, "status")
                .set(INCIDENTS.TITLE, "Outage")
                .set(INCIDENTS.TYPE, "major")
                .set(INCIDENTS.STATUS, "open")
                .set(INCIDENTS.CREATED_AT, NOW)
                .returning(INCIDENTS.ID)
                .fetchOne(INCIDENTS.ID);
        sql.insertInto(INCIDENT_UPDATES)
                .set(INCIDENT_UPDATES.INCIDENT_ID, incident)
                .set(INCIDENT_UPDATES.TYPE, "investigating")
                .set(INCIDENT_UPDATES.DESCRIPTION, "Looking into it")
                .set(INCIDENT_UPDATES.CREATED_AT, NOW)
                .execute();

        sql.deleteFrom(STATUS_PAGES).where(STATUS_PAGES.SUBDOMAIN.eq("status")).execute();

        assertThat(sql.fetch(API_KEY_PAGES).getValues(API_KEY_PAGES.SUBDOMAIN)).containsExactly("other");
        assertThat(sql.fetch(MEMBERSHIPS).getValues(MEMBERSHIPS.SUBDOMAIN)).containsExactly((String) null);
        assertThat(sql.fetchCount(INCIDENTS)).isZero();
        assertThat(sql.fetchCount(INCIDENT_UPDATES)).isZero();
        assertThat(sql.fetchCount(API_KEYS)).isEqualTo(1);
    }

    @Test
    void resolvedIncidentAndOnlyOneHasAResolutionInstant() {
        long acme = organization("Acme");
        page("status", acme);

        Throwable failure = catchThrowable(() -> sql.insertInto(INCIDENTS)
                .set(INCIDENTS.SUBDOMAIN, "status")
                .set(INCIDENTS.TITLE, "Outage")
                .set(INCIDENTS.TYPE, "major")
                .set(INCIDENTS.STATUS, "resolved")
                .set(INCIDENTS.CREATED_AT, NOW)
                .execute());

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.CHECK, "incidents_resolved_check"));
    }

    @Test
    void auditEventBelongsToTheOrganizationOfItsKey() {
        long acme = organization("Acme");
        long globex = organization("Globex");
        organizationKey(acme, "key_00000000000000001", fingerprint('1'), key -> {});

        Throwable failure = catchThrowable(() -> sql.insertInto(KEY_EVENTS)
                .set(KEY_EVENTS.KEY_ID, "key_00000000000000001")
                .set(KEY_EVENTS.ORGANIZATION_ID, globex)
                .set(KEY_EVENTS.TYPE, "issued")
                .set(KEY_EVENTS.ACTOR, "operator")
                .set(KEY_EVENTS.AT, NOW)
                .execute());

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.FOREIGN_KEY, "key_events_key_fkey"));
    }

    @Test
    void missingRequiredValueIsReportedWithItsColumn() {
        Throwable failure = catchThrowable(() -> sql.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, "Acme")
                .execute());

        assertThat(violationOf(failure)).isEqualTo(new ConstraintViolation(Kind.NOT_NULL, "created_at"));
    }

    /** Runs {@code statements} in a transaction whose session time zone is Europe/Berlin. */
    private void inBerlin(Consumer<DSLContext> statements) {
        sql.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            transaction.execute("SET LOCAL TIME ZONE 'Europe/Berlin'");
            statements.accept(transaction);
        });
    }

    private static ConstraintViolation violationOf(Throwable failure) {
        assertThat(failure).isInstanceOf(DataAccessException.class);
        return ConstraintViolation.of(failure).orElseThrow(() -> new AssertionError("no constraint violation in " + failure));
    }

    private long organization(String name) {
        return sql.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.NAME, name)
                .set(ORGANIZATIONS.CREATED_AT, NOW)
                .returning(ORGANIZATIONS.ID)
                .fetchOne(ORGANIZATIONS.ID);
    }

    private long user(String email) {
        return sql.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.CREATED_AT, NOW)
                .returning(USERS.ID)
                .fetchOne(USERS.ID);
    }

    private void page(String subdomain, long organization) {
        sql.insertInto(STATUS_PAGES)
                .set(STATUS_PAGES.SUBDOMAIN, subdomain)
                .set(STATUS_PAGES.ORGANIZATION_ID, organization)
                .set(STATUS_PAGES.NAME, "Status of " + subdomain)
                .set(STATUS_PAGES.CREATED_AT, NOW)
                .set(STATUS_PAGES.UPDATED_AT, NOW)
                .execute();
    }

    private void membership(long user, long organization, String subdomain, String role) {
        sql.insertInto(MEMBERSHIPS)
                .set(MEMBERSHIPS.USER_ID, user)
                .set(MEMBERSHIPS.ORGANIZATION_ID, organization)
                .set(MEMBERSHIPS.SUBDOMAIN, subdomain)
                .set(MEMBERSHIPS.ROLE, role)
                .execute();
    }

    private void organizationKey(long organization, String id, String fingerprint, Consumer<ApiKeysRecord> variation) {
        sql.insertInto(API_KEYS).set(keyRecord(organization, id, fingerprint, variation)).execute();
    }

    /** A valid active organization key of full scope on all pages, then {@code variation} applied. */
    private static ApiKeysRecord keyRecord(long organization, String id, String fingerprint, Consumer<ApiKeysRecord> variation) {
        ApiKeysRecord key = new ApiKeysRecord()
                .setId(id)
                .setKind("organization")
                .setOrganizationId(organization)
                .setName("Deploy bot")
                .setScope(new String[] {"pages.read", "incidents.write"})
                .setPageRule("all")
                .setAllowedCidrs(new String[] {"203.0.113.0/24", "2001:db8::/32"})
                .setFingerprint(fingerprint)
                .setHint("ok_AbCd…wxyz")
                .setCreatedAt(NOW)
                .setCreatedBy("user:1");
        variation.accept(key);
        return key;
    }

    private static String fingerprint(char digit) {
        return String.valueOf(digit).repeat(64);
    }
}
