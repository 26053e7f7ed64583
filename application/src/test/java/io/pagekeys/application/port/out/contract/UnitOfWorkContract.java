package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.application.ConflictException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.Incident;
import io.pagekeys.domain.IncidentId;
import io.pagekeys.domain.IncidentType;
import io.pagekeys.domain.IncidentUpdate;
import io.pagekeys.domain.KeyEvent;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.StatusPage;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UpdateType;
import io.pagekeys.domain.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.pagekeys.application.port.out.UnitOfWork}, for every adapter.
 *
 * <p>Where the port's javadoc leaves a choice, this contract makes it:
 *
 * <ul>
 *   <li>A nested {@code run} joins the unit around it: the outer work sees its changes, and they are
 *       committed or undone with the outer unit. When the nested work throws, its own changes are undone
 *       at once (a savepoint), even if the outer work catches the exception and goes on, since the port
 *       says so of every {@code run}.
 *   <li>Work that throws an {@link Error} is undone as work that throws an exception is.
 *   <li>A port refusing a change inside a unit ({@link ConflictException}, {@link NotFoundException})
 *       leaves the unit usable: the work may catch the refusal and go on, and its other changes are
 *       kept. (On PostgreSQL, the refused statement must not abort the transaction: check first, use
 *       {@code INSERT ... ON CONFLICT DO NOTHING}, or a savepoint.)
 *   <li>Units that lock one key ({@code ApiKeys.lockById}), one organization
 *       ({@code Organizations.lockById}) or one incident ({@code Incidents.lockById}) run one after the
 *       other from the lock on, and each sees what the previous one committed. The concurrent tests use 8
 *       threads, so a pooled adapter needs at least 8 connections.
 *   <li>{@code afterCommit} inside nested work waits for the outermost unit, and runs once it has
 *       committed, outside it: what the action writes through the ports is committed at once, and others
 *       see the unit's changes by then. Actions given inside nested work that throws are dropped with its
 *       changes, even if the outer work catches the exception and commits. Outside a unit of work, the
 *       action runs at once as a plain call: what it throws reaches the caller, as the port's "after the
 *       commit" rule has no committed work to protect there.
 * </ul>
 */
public abstract class UnitOfWorkContract extends PortContract {

    private static final int THREADS = 8;

    @Test
    void runAnswersWhatTheWorkAnswers() {
        assertThat(unitOfWork().run(() -> "answer")).isEqualTo("answer");
        assertThat(unitOfWork().<String>run(() -> null)).isNull();
    }

    @Test
    void committedWorkKeepsEveryChange() {
        record Made(Organization organization, User user, StatusPage page, Membership membership, ApiKey key,
                Incident incident, KeyEvent event) {}

        Made made = unitOfWork().run(() -> {
            Organization organization = organizations().create("Committed", T0);
            User user = users().findOrCreate(uniqueEmail(), T0);
            StatusPage page = aPageOf(organization);
            Membership membership = Membership.pageLevel(user.id(), organization.id(), page.subdomain(), Role.EDITOR);
            memberships().save(membership);
            ApiKey key = userKey(organization, user,
                    readOnlyEverywhere().withPageRule(PageRule.selected(List.of(page.subdomain()))), at(1));
            apiKeys().add(key);
            Incident incident = incidents().add(
                    Incident.open(page.subdomain(), "Committed", IncidentType.MINOR, List.of(), at(2)));
            KeyEvent event = KeyEvent.issued(key, Actor.user(user.id()), at(1));
            keyEvents().append(event);
            return new Made(organization, user, page, membership, key, incident, event);
        });

        assertThat(organizations().findById(made.organization().id())).contains(made.organization());
        assertThat(users().findByEmail(made.user().email())).contains(made.user());
        assertThat(statusPages().find(made.page().subdomain())).contains(made.page());
        assertThat(memberships().pageMembers(made.page().subdomain())).containsExactly(made.membership());
        assertThat(apiKeys().findById(made.key().id())).contains(made.key());
        assertThat(incidents().of(made.page().subdomain())).containsExactly(made.incident());
        assertThat(keyEvents().of(made.organization().id())).containsExactly(made.event());
    }

    @Test
    void failedWorkLeavesNothingBehind() {
        Organization organization = anOrganization();
        User owner = aMemberOf(organization, Role.OWNER);
        Membership ownership = Membership.organizationLevel(owner.id(), organization.id(), Role.OWNER);
        StatusPage page = aPageOf(organization);
        User viewer = aUser();
        Membership viewing = Membership.pageLevel(viewer.id(), organization.id(), page.subdomain(), Role.VIEWER);
        memberships().save(viewing);
        Incident incident = incidents().add(Incident.open(page.subdomain(), "Before", IncidentType.MINOR, List.of(), at(1)));
        ApiKey key = userKey(organization, owner,
                readOnlyEverywhere().withPageRule(PageRule.selected(List.of(page.subdomain()))), at(1));
        apiKeys().add(key);
        KeyEvent issued = KeyEvent.issued(key, Actor.user(owner.id()), at(1));
        keyEvents().append(issued);
        EmailAddress newcomerEmail = uniqueEmail();
        Subdomain newPage = uniqueSubdomain();
        AtomicReference<OrganizationId> newOrganization = new AtomicReference<>();
        AtomicReference<IncidentId> newIncident = new AtomicReference<>();
        ApiKey newKey = anUnstoredOrganizationKey(organization);
        IllegalStateException failure = new IllegalStateException("the work fails at the end");

        assertThatThrownBy(() -> unitOfWork().execute(() -> {
            newOrganization.set(organizations().create("Doomed", T0).id());
            User newcomer = users().findOrCreate(newcomerEmail, T0);
            statusPages().add(StatusPage.create(newPage, organization.id(), "Doomed", at(5)));
            memberships().save(Membership.organizationLevel(newcomer.id(), organization.id(), Role.ADMIN));
            memberships().save(ownership.withRole(Role.ADMIN));
            apiKeys().add(newKey);
            apiKeys().update(key.revoke(Actor.operator(), at(5)));
            apiKeys().recordUse(key.id(), at(5));
            newIncident.set(incidents().add(Incident.open(page.subdomain(), "Doomed", IncidentType.MAJOR, List.of(), at(5)))
                    .id().orElseThrow());
            incidents().update(incident.retitled("Renamed"));
            keyEvents().append(KeyEvent.revoked(key, Actor.operator(), at(5)));
            memberships().removeAll(viewer.id(), organization.id());
            statusPages().update(page.renamed("Renamed", at(5)));
            apiKeys().forgetPage(page.subdomain());
            statusPages().remove(page.subdomain());
            throw failure;
        })).isSameAs(failure);

        assertThat(organizations().findById(newOrganization.get())).isEmpty();
        assertThat(users().findByEmail(newcomerEmail)).isEmpty();
        assertThat(statusPages().find(newPage)).isEmpty();
        assertThat(statusPages().find(page.subdomain())).contains(page);
        assertThat(statusPages().of(organization.id())).containsExactly(page);
        assertThat(memberships().organizationMembers(organization.id())).containsExactly(ownership);
        assertThat(memberships().pageMembers(page.subdomain())).containsExactly(viewing);
        assertThat(apiKeys().findById(newKey.id())).isEmpty();
        assertThat(apiKeys().findById(key.id())).contains(key);
        assertThat(incidents().findById(newIncident.get())).isEmpty();
        assertThat(incidents().of(page.subdomain())).containsExactly(incident);
        assertThat(keyEvents().of(organization.id())).containsExactly(issued);
    }

    @Test
    void theFailureOfTheWorkComesOutAsItWas() {
        RuntimeException failure = new IllegalArgumentException("as it was");

        assertThatThrownBy(() -> unitOfWork().run(() -> {
            throw failure;
        })).isSameAs(failure);
    }

    @Test
    void workThatThrowsAnErrorIsUndoneToo() {
        Organization organization = anOrganization();
        Subdomain doomed = uniqueSubdomain();
        Error failure = new AssertionError("an error, not an exception");

        assertThatThrownBy(() -> unitOfWork().execute(() -> {
            statusPages().add(StatusPage.create(doomed, organization.id(), "Doomed", T0));
            throw failure;
        })).isSameAs(failure);

        assertThat(statusPages().find(doomed)).isEmpty();
    }

    @Test
    void nestedWorkJoinsTheUnitAroundIt() {
        Subdomain subdomain = uniqueSubdomain();

        Organization organization = unitOfWork().run(() -> {
            Organization created = organizations().create("Outer", T0);
            unitOfWork().execute(() -> statusPages().add(StatusPage.create(subdomain, created.id(), "Inner", T0)));
            assertThat(statusPages().find(subdomain)).isPresent();
            User viewer = users().findOrCreate(uniqueEmail(), T0);
            memberships().save(Membership.pageLevel(viewer.id(), created.id(), subdomain, Role.VIEWER));
            return created;
        });

        assertThat(organizations().findById(organization.id())).contains(organization);
        assertThat(statusPages().find(subdomain)).isPresent();
        assertThat(memberships().pageMembers(subdomain)).hasSize(1);
    }

    @Test
    void aFailureAfterNestedWorkUndoesTheNestedWorkToo() {
        Organization organization = anOrganization();
        Subdomain outer = uniqueSubdomain();
        Subdomain inner = uniqueSubdomain();
        IllegalStateException failure = new IllegalStateException("the outer work fails");

        assertThatThrownBy(() -> unitOfWork().execute(() -> {
            statusPages().add(StatusPage.create(outer, organization.id(), "Outer", T0));
            unitOfWork().execute(() -> statusPages().add(StatusPage.create(inner, organization.id(), "Inner", T0)));
            throw failure;
        })).isSameAs(failure);

        assertThat(statusPages().find(outer)).isEmpty();
        assertThat(statusPages().find(inner)).isEmpty();
    }

    @Test
    void failedNestedWorkThatTheOuterWorkCatchesIsUndoneAlone() {
        Organization organization = anOrganization();
        Subdomain before = uniqueSubdomain();
        Subdomain inner = uniqueSubdomain();
        Subdomain after = uniqueSubdomain();
        IllegalStateException failure = new IllegalStateException("the nested work fails");

        unitOfWork().execute(() -> {
            statusPages().add(StatusPage.create(before, organization.id(), "Before", T0));
            assertThatThrownBy(() -> unitOfWork().execute(() -> {
                statusPages().add(StatusPage.create(inner, organization.id(), "Inner", T0));
                throw failure;
            })).isSameAs(failure);
            assertThat(statusPages().find(inner)).isEmpty();
            statusPages().add(StatusPage.create(after, organization.id(), "After", T0));
        });

        assertThat(statusPages().find(before)).isPresent();
        assertThat(statusPages().find(inner)).isEmpty();
        assertThat(statusPages().find(after)).isPresent();
    }

    @Test
    void aRefusalCaughtInsideAUnitOfWorkLeavesTheUnitUsable() {
        Organization organization = anOrganization();
        StatusPage taken = aPageOf(organization);
        ApiKey existing = anOrganizationKeyOf(organization, at(1));
        Subdomain first = uniqueSubdomain();
        Subdomain second = uniqueSubdomain();

        unitOfWork().execute(() -> {
            statusPages().add(StatusPage.create(first, organization.id(), "First", T0));
            assertThatThrownBy(() -> statusPages().add(StatusPage.create(taken.subdomain(), organization.id(), "Again", T0)))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> apiKeys().add(existing)).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> apiKeys().update(anUnstoredOrganizationKey(organization)))
                    .isInstanceOf(NotFoundException.class);
            statusPages().add(StatusPage.create(second, organization.id(), "Second", T0));
        });

        assertThat(statusPages().find(first)).isPresent();
        assertThat(statusPages().find(second)).isPresent();
        assertThat(statusPages().find(taken.subdomain())).contains(taken);
    }

    @Test
    void aRefusalThatLeavesTheWorkUndoesTheWholeUnit() {
        Organization organization = anOrganization();
        StatusPage taken = aPageOf(organization);
        Subdomain first = uniqueSubdomain();

        assertThatThrownBy(() -> unitOfWork().execute(() -> {
            statusPages().add(StatusPage.create(first, organization.id(), "First", T0));
            statusPages().add(StatusPage.create(taken.subdomain(), organization.id(), "Again", T0));
        })).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.code()).isEqualTo(ConflictException.SUBDOMAIN_TAKEN));

        assertThat(statusPages().find(first)).isEmpty();
    }

    @Test
    void unitsOfWorkThatLockOneKeyRunOneAfterTheOther() {
        ApiKey key = anOrganizationKeyOf(anOrganization(), at(1));
        int rounds = 25;

        // Read, then write what was read plus one second: without the lock, some increments are lost. The
        // reads in between widen the window in which an unlocked store would let another unit in.
        concurrently(THREADS, () -> {
            for (int i = 0; i < rounds; i++) {
                unitOfWork().execute(() -> {
                    ApiKey current = apiKeys().lockById(key.id()).orElseThrow();
                    apiKeys().organizationKeys(current.organization());
                    Thread.yield();
                    apiKeys().findById(key.id());
                    apiKeys().update(current.usedAt(current.lastUsedAt().orElse(T0).plusSeconds(1)));
                });
            }
            return null;
        });

        assertThat(apiKeys().findById(key.id()).orElseThrow().lastUsedAt()).contains(at(THREADS * rounds));
    }

    @Test
    void unitsOfWorkThatLockOneOrganizationRunOneAfterTheOther() {
        Organization organization = anOrganization();
        List<User> owners = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            owners.add(aMemberOf(organization, Role.OWNER));
        }
        AtomicInteger next = new AtomicInteger();

        // Each owner leaves unless they are the last one: only the lock keeps two from leaving at once.
        List<Boolean> left = concurrently(THREADS, () -> {
            User me = owners.get(next.getAndIncrement());
            return unitOfWork().run(() -> {
                organizations().lockById(organization.id()).orElseThrow();
                long remaining = memberships().organizationMembers(organization.id()).stream()
                        .filter(membership -> membership.role() == Role.OWNER)
                        .count();
                Thread.yield();
                memberships().of(me.id(), organization.id());
                if (remaining <= 1) {
                    return false;
                }
                return memberships().remove(me.id(), organization.id(), Optional.empty());
            });
        });

        assertThat(left).containsOnlyOnce(false);
        assertThat(memberships().organizationMembers(organization.id())).hasSize(1);
    }

    @Test
    void unitsOfWorkThatLockOneIncidentRunOneAfterTheOther() {
        Subdomain page = aPageOf(anOrganization()).subdomain();
        Incident incident = incidents().add(Incident.open(page, "Busy", IncidentType.MINOR, List.of(), at(1)));
        IncidentId id = incident.id().orElseThrow();
        int rounds = 5;
        AtomicInteger appended = new AtomicInteger();

        // Read, then write what was read plus one update: without the lock, some updates are lost.
        concurrently(THREADS, () -> {
            for (int i = 0; i < rounds; i++) {
                unitOfWork().execute(() -> {
                    Incident current = incidents().lockById(id).orElseThrow();
                    incidents().of(page);
                    Thread.yield();
                    incidents().findById(id);
                    incidents().update(current.withUpdate(new IncidentUpdate(UpdateType.UPDATE,
                            "Update " + appended.incrementAndGet(), at(2))));
                });
            }
            return null;
        });

        assertThat(incidents().findById(id).orElseThrow().updates()).hasSize(THREADS * rounds);
    }

    // ---- after commit ------------------------------------------------------------------------------

    @Test
    void anActionRunsOnlyOnceTheUnitHasCommitted() {
        List<String> happened = new CopyOnWriteArrayList<>();

        String answer = unitOfWork().run(() -> {
            unitOfWork().afterCommit(() -> happened.add("action"));
            happened.add("work ends");
            return "answer";
        });

        assertThat(answer).isEqualTo("answer");
        assertThat(happened).containsExactly("work ends", "action");
    }

    @Test
    void anActionGivenInNestedWorkWaitsForTheOutermostUnit() {
        List<String> happened = new CopyOnWriteArrayList<>();

        unitOfWork().execute(() -> {
            unitOfWork().execute(() -> {
                unitOfWork().afterCommit(() -> happened.add("action"));
                happened.add("nested work ends");
            });
            happened.add("outer work ends");
        });

        assertThat(happened).containsExactly("nested work ends", "outer work ends", "action");
    }

    @Test
    void actionsRunInTheOrderGiven() {
        List<String> happened = new CopyOnWriteArrayList<>();

        unitOfWork().execute(() -> {
            unitOfWork().afterCommit(() -> happened.add("first"));
            unitOfWork().execute(() -> unitOfWork().afterCommit(() -> happened.add("second")));
            unitOfWork().afterCommit(() -> happened.add("third"));
        });

        assertThat(happened).containsExactly("first", "second", "third");
    }

    @Test
    void anActionNeverRunsWhenTheUnitIsUndone() {
        List<String> happened = new CopyOnWriteArrayList<>();
        IllegalStateException failure = new IllegalStateException("the work fails");

        assertThatThrownBy(() -> unitOfWork().execute(() -> {
            unitOfWork().afterCommit(() -> happened.add("outer action"));
            unitOfWork().execute(() -> unitOfWork().afterCommit(() -> happened.add("nested action")));
            throw failure;
        })).isSameAs(failure);

        assertThat(happened).isEmpty();
        unitOfWork().execute(() -> {});
        assertThat(happened).isEmpty();
    }

    @Test
    void anActionGivenInFailedNestedWorkIsDroppedWithIt() {
        List<String> happened = new CopyOnWriteArrayList<>();
        IllegalStateException failure = new IllegalStateException("the nested work fails");

        unitOfWork().execute(() -> {
            unitOfWork().afterCommit(() -> happened.add("before"));
            assertThatThrownBy(() -> unitOfWork().execute(() -> {
                unitOfWork().afterCommit(() -> happened.add("nested"));
                throw failure;
            })).isSameAs(failure);
            unitOfWork().afterCommit(() -> happened.add("after"));
        });

        assertThat(happened).containsExactly("before", "after");
    }

    @Test
    void outsideAUnitOfWorkAnActionRunsAtOnce() {
        List<String> happened = new CopyOnWriteArrayList<>();

        unitOfWork().afterCommit(() -> happened.add("action"));

        assertThat(happened).containsExactly("action");
    }

    @Test
    void anActionRunsOutsideTheUnitOnceOthersSeeItsChanges() {
        Organization organization = anOrganization();
        Subdomain subdomain = uniqueSubdomain();
        AtomicReference<Optional<StatusPage>> seenByAnother = new AtomicReference<>();
        List<String> happened = new CopyOnWriteArrayList<>();

        unitOfWork().execute(() -> {
            statusPages().add(StatusPage.create(subdomain, organization.id(), "Committed", T0));
            unitOfWork().afterCommit(() -> {
                // Another thread sees only what is committed; an action given now runs at once.
                seenByAnother.set(concurrently(1, () -> statusPages().find(subdomain)).get(0));
                unitOfWork().afterCommit(() -> happened.add("given in the action"));
                happened.add("action ends");
            });
        });

        assertThat(seenByAnother.get()).isPresent();
        assertThat(happened).containsExactly("given in the action", "action ends");
    }

    @Test
    void whatAnActionWritesIsKept() {
        ApiKey key = anOrganizationKeyOf(anOrganization(), at(1));

        unitOfWork().execute(() -> {
            apiKeys().lockById(key.id()).orElseThrow();
            unitOfWork().afterCommit(() -> apiKeys().recordUse(key.id(), at(7)));
        });

        assertThat(apiKeys().findById(key.id()).orElseThrow().lastUsedAt()).contains(at(7));
    }

    @Test
    void anActionThatThrowsFailsNeitherTheCommittedWorkNorTheNextAction() {
        Organization organization = anOrganization();
        Subdomain subdomain = uniqueSubdomain();
        List<String> happened = new CopyOnWriteArrayList<>();

        String answer = unitOfWork().run(() -> {
            statusPages().add(StatusPage.create(subdomain, organization.id(), "Kept", T0));
            unitOfWork().afterCommit(() -> {
                throw new IllegalStateException("the bookkeeping fails");
            });
            unitOfWork().afterCommit(() -> happened.add("next action"));
            return "answer";
        });

        assertThat(answer).isEqualTo("answer");
        assertThat(statusPages().find(subdomain)).isPresent();
        assertThat(happened).containsExactly("next action");
    }

    @Test
    void whatAnActionRunAtOnceOutsideAUnitOfWorkThrowsReachesTheCaller() {
        IllegalStateException failure = new IllegalStateException("the bookkeeping fails");

        assertThatThrownBy(() -> unitOfWork().afterCommit(() -> {
            throw failure;
        })).isSameAs(failure);
    }

    private static ApiKey anUnstoredOrganizationKey(Organization organization) {
        return organizationKey(organization, readOnlyEverywhere(), at(2));
    }
}
