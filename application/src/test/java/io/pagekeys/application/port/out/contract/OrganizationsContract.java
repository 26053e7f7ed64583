package io.pagekeys.application.port.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.domain.Organization;
import io.pagekeys.domain.OrganizationId;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link io.pagekeys.application.port.out.Organizations}, for every adapter. The store
 * chooses ids; this contract asks only that they be distinct and positive (the in-memory store counts
 * from 1, as a fresh database does).
 */
public abstract class OrganizationsContract extends PortContract {

    @Test
    void createGivesTheOrganizationAFreshIdAndKeepsWhatItWasGiven() {
        Organization organization = organizations().create("Ünïcødé Status — 株式会社", at(Duration.ofNanos(7_000)));

        assertThat(organization.id().value()).isPositive();
        assertThat(organization.name()).isEqualTo("Ünïcødé Status — 株式会社");
        assertThat(organization.createdAt()).isEqualTo(at(Duration.ofNanos(7_000)));
        assertThat(organizations().findById(organization.id())).contains(organization);
    }

    @Test
    void everyCreatedOrganizationGetsItsOwnId() {
        Set<OrganizationId> ids = IntStream.range(0, 5)
                .mapToObj(i -> organizations().create("Same name", T0).id())
                .collect(Collectors.toSet());

        assertThat(ids).hasSize(5);
    }

    @Test
    void anUnknownIdFindsNothing() {
        OrganizationId unknown = OrganizationId.of(Long.MAX_VALUE);

        assertThat(organizations().findById(unknown)).isEmpty();
        assertThat(unitOfWork().run(() -> organizations().lockById(unknown))).isEmpty();
    }

    @Test
    void lockByIdFindsTheOrganizationInsideAUnitOfWork() {
        Organization organization = anOrganization();

        assertThat(unitOfWork().run(() -> organizations().lockById(organization.id()))).contains(organization);
    }
}
