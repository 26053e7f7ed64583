package io.pagekeys.domain;

import static io.pagekeys.domain.Fixtures.API_STATUS;
import static io.pagekeys.domain.Fixtures.NOW;
import static io.pagekeys.domain.Fixtures.STATUS;
import static io.pagekeys.domain.Fixtures.cidrs;
import static io.pagekeys.domain.Fixtures.only;
import static io.pagekeys.domain.Fixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeySettingsTest {

    private static final Instant IN_A_WEEK = NOW.plusSeconds(7 * 24 * 3600);
    private static final Instant IN_A_MONTH = NOW.plusSeconds(30 * 24 * 3600);

    @Test
    void plainSettingsAreAllPagesFromAnywhereWithoutExpiry() {
        KeySettings plain = KeySettings.of(KeyName.of("ci"), KeyScope.readOnly());

        assertThat(plain.pageRule()).isEqualTo(PageRule.allPages());
        assertThat(plain.allowedIps()).isEmpty();
        assertThat(plain.expiresAt()).isEmpty();
    }

    @Test
    void allowedAddressesAreCopied() {
        List<Cidr> blocks = new ArrayList<>(cidrs("10.0.0.0/8"));
        KeySettings settings = settings(KeyScope.readOnly()).withAllowedIps(blocks);

        blocks.add(Cidr.parse("192.0.2.0/24"));

        assertThat(settings.allowedIps()).containsExactly(Cidr.parse("10.0.0.0/8"));
        assertThatThrownBy(() -> settings.allowedIps().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Nested
    class NoEscalation {

        private final KeySettings ceiling = settings(KeyScope.readWrite(), only(STATUS, API_STATUS)).withExpiry(IN_A_MONTH);

        @Test
        void settingsEqualToTheCeilingAreWithinIt() {
            assertThat(ceiling.within(ceiling)).isTrue();
        }

        @Test
        void smallerScopeFewerPagesAndEarlierExpiryAreWithin() {
            KeySettings smaller = settings(KeyScope.readOnly(), only(STATUS)).withExpiry(IN_A_WEEK);

            assertThat(smaller.within(ceiling)).isTrue();
        }

        @Test
        void scopeBeyondTheCeilingIsNotWithin() {
            KeySettings wider = settings(KeyScope.of(Permission.PAGES_READ, Permission.API_KEYS_MANAGE), only(STATUS))
                    .withExpiry(IN_A_WEEK);

            assertThat(wider.within(ceiling)).isFalse();
        }

        @Test
        void pagesBeyondTheCeilingAreNotWithin() {
            KeySettings otherPage = settings(KeyScope.readOnly(), only(Subdomain.of("elsewhere"))).withExpiry(IN_A_WEEK);
            KeySettings allPages = settings(KeyScope.readOnly(), PageRule.allPages()).withExpiry(IN_A_WEEK);

            assertThat(otherPage.within(ceiling)).isFalse();
            assertThat(allPages.within(ceiling)).isFalse();
        }

        @Test
        void laterExpiryIsNotWithin() {
            KeySettings later = settings(KeyScope.readOnly(), only(STATUS)).withExpiry(IN_A_MONTH.plusNanos(1));

            assertThat(later.within(ceiling)).isFalse();
            assertThat(later.withExpiry(IN_A_MONTH).within(ceiling)).isTrue();
        }

        @Test
        void ceilingWithExpiryRefusesAKeyWithout() {
            KeySettings forever = new KeySettings(
                    KeyName.of("forever"), KeyScope.readOnly(), only(STATUS), List.of(), Optional.empty());

            assertThat(forever.within(ceiling)).isFalse();
        }

        @Test
        void ceilingWithoutExpiryAdmitsAnyExpiry() {
            KeySettings unbounded = settings(KeyScope.full());
            Instant latest = KeySettings.EXPIRY_LIMIT.minusNanos(1);

            assertThat(settings(KeyScope.readOnly()).within(unbounded)).isTrue();
            assertThat(settings(KeyScope.readOnly()).withExpiry(IN_A_MONTH).within(unbounded)).isTrue();
            assertThat(settings(KeyScope.full()).withExpiry(latest).within(unbounded)).isTrue();
        }

        @Test
        void theNameDoesNotCount() {
            KeySettings renamed = new KeySettings(
                    KeyName.of("other name"), KeyScope.readOnly(), only(STATUS), List.of(), Optional.of(IN_A_WEEK));

            assertThat(renamed.within(ceiling)).isTrue();
        }

        @Test
        void aCeilingFromAnywhereAdmitsAnyAddresses() {
            KeySettings fenced = settings(KeyScope.readOnly(), only(STATUS)).withExpiry(IN_A_WEEK)
                    .withAllowedIps(cidrs("0.0.0.0/0", "2001:db8::/32"));

            assertThat(fenced.within(ceiling)).isTrue();
        }

        @Test
        void underAFencedCeilingAKeyMustBeFencedInsideItsBlocks() {
            KeySettings fencedCeiling = ceiling.withAllowedIps(cidrs("10.0.0.0/8", "2001:db8::/32"));
            KeySettings within = settings(KeyScope.readOnly(), only(STATUS)).withExpiry(IN_A_WEEK);

            assertThat(within.withAllowedIps(cidrs("10.1.0.0/16")).within(fencedCeiling)).isTrue();
            assertThat(within.withAllowedIps(cidrs("10.0.0.0/8", "2001:db8:1::/48", "10.9.9.9")).within(fencedCeiling)).isTrue();
            assertThat(within.within(fencedCeiling)).as("from anywhere").isFalse();
            assertThat(within.withAllowedIps(cidrs("0.0.0.0/0")).within(fencedCeiling)).as("wider block").isFalse();
            assertThat(within.withAllowedIps(cidrs("10.0.0.0/7")).within(fencedCeiling)).as("one bit wider").isFalse();
            assertThat(within.withAllowedIps(cidrs("10.1.0.0/16", "192.0.2.0/24")).within(fencedCeiling))
                    .as("one block outside").isFalse();
            assertThat(within.withAllowedIps(cidrs("2001:db9::/32")).within(fencedCeiling)).as("other network").isFalse();
        }

        @Test
        void blocksOfTheOtherFamilyAreNotWithin() {
            KeySettings ipv4Ceiling = ceiling.withAllowedIps(cidrs("0.0.0.0/0"));
            KeySettings ipv6 = settings(KeyScope.readOnly(), only(STATUS)).withExpiry(IN_A_WEEK).withAllowedIps(cidrs("::/0"));

            assertThat(ipv6.within(ipv4Ceiling)).isFalse();
        }
    }

    @Test
    void anExpiryMustBeBeforeTheYear10000() {
        Instant tooLate = Instant.parse("+300000-01-01T00:00:00Z");

        assertThatThrownBy(() -> settings(KeyScope.readOnly()).withExpiry(tooLate))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("expires_at"));
        assertThatThrownBy(() -> settings(KeyScope.readOnly()).withExpiry(KeySettings.EXPIRY_LIMIT))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> settings(KeyScope.readOnly()).withExpiry(Instant.MAX)).isInstanceOf(InvalidValueException.class);
        Instant latest = Instant.parse("9999-12-31T23:59:59.999999Z");
        assertThat(settings(KeyScope.readOnly()).withExpiry(latest).expiresAt()).contains(latest);
    }
}
