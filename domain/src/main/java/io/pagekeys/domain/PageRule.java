package io.pagekeys.domain;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which status pages of its organization a key admits: all of them (including pages created later), or
 * a selected set. A selection may become empty when its pages are deleted; it then admits no page.
 */
public sealed interface PageRule {

    /** Whether the key may act on {@code page}, as far as its page rule goes. */
    boolean admits(Subdomain page);

    /** Whether every page this rule admits is admitted by {@code this}, now and when pages are added. */
    boolean covers(PageRule other);

    /** This rule once {@code page} is deleted. */
    PageRule without(Subdomain page);

    /** The lower-case wire name: {@code all} or {@code selected}. */
    String code();

    static PageRule allPages() {
        return AllPages.INSTANCE;
    }

    /**
     * A selection of pages, which must not be empty when chosen by a person.
     *
     * @throws InvalidValueException when {@code pages} is empty
     */
    static PageRule selected(Collection<Subdomain> pages) {
        requireNonNull(pages, "pages is null");
        if (pages.isEmpty()) {
            throw new InvalidValueException("status_pages", "must name at least one status page");
        }
        return new SelectedPages(new TreeSet<>(pages));
    }

    /** All pages of the organization. */
    enum AllPages implements PageRule {
        INSTANCE;

        @Override
        public boolean admits(Subdomain page) {
            requireNonNull(page, "page is null");
            return true;
        }

        @Override
        public boolean covers(PageRule other) {
            requireNonNull(other, "other is null");
            return true;
        }

        @Override
        public PageRule without(Subdomain page) {
            return this;
        }

        @Override
        public String code() {
            return "all";
        }
    }

    /** Only the pages named. */
    record SelectedPages(SortedSet<Subdomain> pages) implements PageRule {

        public SelectedPages {
            pages = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(pages, "pages is null")));
        }

        @Override
        public boolean admits(Subdomain page) {
            requireNonNull(page, "page is null");
            return pages.contains(page);
        }

        @Override
        public boolean covers(PageRule other) {
            requireNonNull(other, "other is null");
            return other instanceof SelectedPages selected && pages.containsAll(selected.pages);
        }

        @Override
        public PageRule without(Subdomain page) {
            if (!pages.contains(page)) {
                return this;
            }
            TreeSet<Subdomain> remaining = new TreeSet<>(pages);
            remaining.remove(page);
            return new SelectedPages(remaining);
        }

        @Override
        public String code() {
            return "selected";
        }
    }
}
