package io.pagekeys.domain;

import static io.pagekeys.domain.Permission.API_KEYS_MANAGE;
import static io.pagekeys.domain.Permission.BILLING_READ;
import static io.pagekeys.domain.Permission.INCIDENTS_WRITE;
import static io.pagekeys.domain.Permission.MEMBERS_MANAGE;
import static io.pagekeys.domain.Permission.OWN_API_KEYS_MANAGE;
import static io.pagekeys.domain.Permission.PAGES_CREATE;
import static io.pagekeys.domain.Permission.PAGES_DELETE;
import static io.pagekeys.domain.Permission.PAGES_READ;
import static io.pagekeys.domain.Permission.PAGES_WRITE;
import static io.pagekeys.domain.Permission.PAGE_MEMBERS_MANAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyScopeTest {

    @Test
    void readOnlyIsPagesReadAlone() {
        assertThat(KeyScope.readOnly().permissions()).containsExactlyInAnyOrder(PAGES_READ);
    }

    @Test
    void readWriteIsReadingWritingCreatingAndDeletingPagesAndIncidents() {
        assertThat(KeyScope.readWrite().permissions())
                .containsExactlyInAnyOrder(PAGES_READ, INCIDENTS_WRITE, PAGES_WRITE, PAGES_CREATE, PAGES_DELETE);
    }

    @Test
    void fullIsTheWholeCatalogue() {
        assertThat(KeyScope.full().permissions()).containsExactlyInAnyOrder(
                PAGES_READ, INCIDENTS_WRITE, PAGES_WRITE, PAGES_DELETE, PAGE_MEMBERS_MANAGE,
                PAGES_CREATE, MEMBERS_MANAGE, BILLING_READ, API_KEYS_MANAGE, OWN_API_KEYS_MANAGE);
        assertThat(KeyScope.full().permissions()).hasSize(10);
    }

    @Test
    void aScopeOfAPresetsPermissionsIsThatPresetsOneInstanceAndAnyOtherIsItsOwn() {
        assertThat(KeyScope.of(List.of(PAGES_READ))).isSameAs(KeyScope.readOnly());
        assertThat(KeyScope.of(PAGES_WRITE, PAGES_READ, INCIDENTS_WRITE, PAGES_DELETE, PAGES_CREATE)).isSameAs(KeyScope.readWrite());
        assertThat(KeyScope.parse("pages.read")).isSameAs(KeyScope.readOnly());
        assertThat(KeyScope.parse("read_only")).isSameAs(KeyScope.readOnly());
        KeyScope custom = KeyScope.of(PAGES_READ, PAGES_WRITE);
        assertThat(custom).isNotSameAs(KeyScope.of(PAGES_READ, PAGES_WRITE)).isEqualTo(KeyScope.of(PAGES_READ, PAGES_WRITE));
        assertThat(custom.preset()).isEmpty();
    }

    @Test
    void noPresetCanMintKeysButFull() {
        assertThat(KeyScope.readOnly().contains(API_KEYS_MANAGE)).isFalse();
        assertThat(KeyScope.readOnly().contains(OWN_API_KEYS_MANAGE)).isFalse();
        assertThat(KeyScope.readWrite().contains(API_KEYS_MANAGE)).isFalse();
        assertThat(KeyScope.readWrite().contains(OWN_API_KEYS_MANAGE)).isFalse();
        assertThat(KeyScope.full().contains(API_KEYS_MANAGE)).isTrue();
    }

    @Test
    void presetsParseByTheirWireNames() {
        assertThat(KeyScope.parse("read_only")).isEqualTo(KeyScope.readOnly());
        assertThat(KeyScope.parse("read_write")).isEqualTo(KeyScope.readWrite());
        assertThat(KeyScope.parse("full")).isEqualTo(KeyScope.full());
        assertThat(KeyScope.parse(" full ")).isEqualTo(KeyScope.full());
    }

    @Test
    void commaSeparatedPermissionsParseToThatSet() {
        assertThat(KeyScope.parse("pages.read").permissions()).containsExactly(PAGES_READ);
        assertThat(KeyScope.parse("pages.read,incidents.write").permissions())
                .containsExactlyInAnyOrder(PAGES_READ, INCIDENTS_WRITE);
        assertThat(KeyScope.parse(" billing.read , own_api_keys.manage ").permissions())
                .containsExactlyInAnyOrder(BILLING_READ, OWN_API_KEYS_MANAGE);
        assertThat(KeyScope.parse("pages.read,pages.read").permissions()).containsExactly(PAGES_READ);
    }

    @Test
    void everyPermissionParsesByItsWireName() {
        for (Permission permission : Permission.values()) {
            assertThat(KeyScope.parse(permission.code()).permissions()).containsExactly(permission);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "pages.read,", ",pages.read", "pages.read,,pages.write", "READ_ONLY", "Full",
        "read-only", "pages.Read", "pages_read", "admin", "read_only,pages.read", "pages.read;pages.write"})
    void emptyListsAndUnknownNamesAreRefused(String text) {
        assertThatThrownBy(() -> KeyScope.parse(text))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("scope"));
    }

    @Test
    void emptyScopeIsRefused() {
        assertThatThrownBy(() -> new KeyScope(Set.of())).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> KeyScope.of(List.of())).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void scopeCannotBeChangedThroughItsSet() {
        assertThatThrownBy(() -> KeyScope.readOnly().permissions().add(API_KEYS_MANAGE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(KeyScope.readOnly().permissions()).containsExactly(PAGES_READ);
    }

    @Test
    void scopeCoversItsSubsets() {
        KeyScope readWrite = KeyScope.readWrite();

        assertThat(readWrite.covers(readWrite)).isTrue();
        assertThat(readWrite.covers(KeyScope.readOnly())).isTrue();
        assertThat(readWrite.covers(KeyScope.of(PAGES_CREATE, PAGES_DELETE))).isTrue();
        assertThat(readWrite.covers(KeyScope.full())).isFalse();
        assertThat(readWrite.covers(KeyScope.of(PAGES_READ, OWN_API_KEYS_MANAGE))).isFalse();
        assertThat(KeyScope.readOnly().covers(readWrite)).isFalse();
        assertThat(KeyScope.full().covers(readWrite)).isTrue();
        assertThat(KeyScope.of(BILLING_READ).covers(KeyScope.readOnly())).isFalse();
    }

    @Test
    void scopeKnowsItsPreset() {
        assertThat(KeyScope.of(PAGES_READ).preset()).contains(KeyScope.Preset.READ_ONLY);
        assertThat(KeyScope.parse("pages.read,incidents.write,pages.write,pages.create,pages.delete").preset())
                .contains(KeyScope.Preset.READ_WRITE);
        assertThat(KeyScope.of(List.of(Permission.values())).preset()).contains(KeyScope.Preset.FULL);
        assertThat(KeyScope.of(PAGES_READ, INCIDENTS_WRITE).preset()).isEmpty();
        assertThat(KeyScope.Preset.READ_ONLY.code()).isEqualTo("read_only");
    }
}
