package io.pagekeys.domain;

import static io.pagekeys.domain.Fixtures.API_STATUS;
import static io.pagekeys.domain.Fixtures.GLOBEX_STATUS;
import static io.pagekeys.domain.Fixtures.STATUS;
import static io.pagekeys.domain.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRuleTest {

    private static final Subdomain CREATED_LATER = Subdomain.of("created-later");

    @Test
    void allPagesAdmitsEveryPageIncludingLaterOnes() {
        PageRule all = PageRule.allPages();

        assertThat(all.admits(STATUS)).isTrue();
        assertThat(all.admits(CREATED_LATER)).isTrue();
        assertThat(all.code()).isEqualTo("all");
    }

    @Test
    void selectionAdmitsOnlyItsPages() {
        PageRule selected = only(STATUS, API_STATUS);

        assertThat(selected.admits(STATUS)).isTrue();
        assertThat(selected.admits(API_STATUS)).isTrue();
        assertThat(selected.admits(CREATED_LATER)).isFalse();
        assertThat(selected.admits(GLOBEX_STATUS)).isFalse();
        assertThat(selected.code()).isEqualTo("selected");
    }

    @Test
    void chosenSelectionMustNameAPage() {
        assertThatThrownBy(() -> PageRule.selected(List.of()))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("status_pages"));
    }

    @Test
    void selectionIgnoresOrderAndRepeats() {
        assertThat(PageRule.selected(List.of(API_STATUS, STATUS, STATUS))).isEqualTo(only(STATUS, API_STATUS));
    }

    @Test
    void allPagesCoversEveryRule() {
        assertThat(PageRule.allPages().covers(PageRule.allPages())).isTrue();
        assertThat(PageRule.allPages().covers(only(STATUS))).isTrue();
    }

    @Test
    void selectionCoversItsSubsetsButNeverAllPages() {
        PageRule selected = only(STATUS, API_STATUS);

        assertThat(selected.covers(only(STATUS))).isTrue();
        assertThat(selected.covers(only(STATUS, API_STATUS))).isTrue();
        assertThat(selected.covers(only(STATUS, CREATED_LATER))).isFalse();
        assertThat(selected.covers(only(CREATED_LATER))).isFalse();
        assertThat(selected.covers(PageRule.allPages())).isFalse();
        assertThat(only(STATUS).covers(selected)).isFalse();
    }

    @Test
    void deletedPageLeavesTheSelection() {
        PageRule remaining = only(STATUS, API_STATUS).without(STATUS);

        assertThat(remaining).isEqualTo(only(API_STATUS));
        assertThat(remaining.admits(STATUS)).isFalse();
    }

    @Test
    void deletingAnUnselectedPageChangesNothing() {
        PageRule selected = only(STATUS);

        assertThat(selected.without(API_STATUS)).isEqualTo(selected);
        assertThat(PageRule.allPages().without(STATUS)).isEqualTo(PageRule.allPages());
        assertThat(PageRule.allPages().without(STATUS).admits(STATUS)).isTrue();
    }

    @Test
    void selectionThatLosesItsLastPageAdmitsNothing() {
        PageRule empty = only(STATUS).without(STATUS);

        assertThat(empty.admits(STATUS)).isFalse();
        assertThat(empty.admits(API_STATUS)).isFalse();
        assertThat(empty.admits(CREATED_LATER)).isFalse();
        assertThat(empty).isInstanceOf(PageRule.SelectedPages.class);
        assertThat(((PageRule.SelectedPages) empty).pages()).isEmpty();
        // an empty selection gives nothing it could pass on
        assertThat(only(STATUS).covers(empty)).isTrue();
        assertThat(empty.covers(only(STATUS))).isFalse();
    }

    @Test
    void selectionCannotBeChangedThroughItsSet() {
        PageRule.SelectedPages selected = (PageRule.SelectedPages) only(STATUS);

        assertThatThrownBy(() -> selected.pages().add(API_STATUS)).isInstanceOf(UnsupportedOperationException.class);
    }
}
