package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.jooq.Tables.API_KEYS;
import static io.pagekeys.adapters.persistence.jooq.Tables.API_KEY_PAGES;
import static java.util.Objects.requireNonNull;
import static org.jooq.impl.DSL.array;
import static org.jooq.impl.DSL.collation;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.when;

import io.pagekeys.adapters.persistence.jooq.tables.records.ApiKeysRecord;
import io.pagekeys.application.ConflictException;
import io.pagekeys.application.NotFoundException;
import io.pagekeys.application.port.out.ApiKeys;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Revocation;
import io.pagekeys.domain.Rotation;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import io.pagekeys.domain.UserId;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep3;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.SortField;

/**
 * {@link ApiKeys} on PostgreSQL: a row of {@code api_keys} per key, and its page selection in
 * {@code api_key_pages}. Every read fetches a key and its selection in one statement, so that the lookup
 * of a presented token is one round trip through the unique index on the fingerprint.
 */
public final class JooqApiKeys implements ApiKeys {

    private static final String ALL_PAGES = PageRule.allPages().code();

    /** The selected subdomains, in one scalar subquery; not even looked up for an all-pages key. */
    private static final Field<String[]> PAGES = when(
                    API_KEYS.PAGE_RULE.ne(inline(ALL_PAGES)),
                    array(select(API_KEY_PAGES.SUBDOMAIN).from(API_KEY_PAGES).where(API_KEY_PAGES.KEY_ID.eq(API_KEYS.ID))))
            .as("pages");

    private static final List<Field<?>> COLUMNS = columns();

    /** Every stored page of the key's selection, whatever its rule says. */
    private static final Field<String[]> STORED_PAGES =
            array(select(API_KEY_PAGES.SUBDOMAIN).from(API_KEY_PAGES).where(API_KEY_PAGES.KEY_ID.eq(API_KEYS.ID)));

    private static final Select<Record> BY_FINGERPRINT =
            select(COLUMNS).from(API_KEYS).where(API_KEYS.FINGERPRINT.eq(param("fingerprint", String.class)));

    /** Oldest first; keys made at the same instant by id in code-point order, on every collation. */
    private static final List<SortField<?>> OLDEST_FIRST =
            List.of(API_KEYS.CREATED_AT.asc(), API_KEYS.ID.collate(collation("C")).asc());

    private final Transactions transactions;
    private final DecisionView view;

    /**
     * The lookup of a presented token, rendered once: building and rendering the query took about half
     * of the adapter's own CPU time per lookup (see docs/persistence.md).
     */
    private final String byFingerprint;

    /** The reads of the store behind the view, made once. */
    private final Function<TokenFingerprint, Optional<ApiKey>> loadByFingerprint = this::selectByFingerprint;

    private final Function<ApiKeyId, Optional<ApiKey>> loadById = this::selectById;

    @Inject
    public JooqApiKeys(Transactions transactions, DecisionView view) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.view = requireNonNull(view, "view is null");
        this.byFingerprint = transactions.statement(sql -> sql.render(BY_FINGERPRINT));
    }

    @Override
    public void add(ApiKey key) {
        requireNonNull(key, "key is null");
        transactions.atomically(sql -> {
            ApiKeysRecord row = sql.newRecord(API_KEYS);
            row.setId(key.id().value())
                    .setKind(key.kind().code())
                    .setOrganizationId(key.organization().value())
                    .setUserId(key.user().map(UserId::value).orElse(null))
                    .setFingerprint(key.fingerprint().hex())
                    .setHint(key.hint())
                    .setCreatedAt(key.createdAt())
                    .setCreatedBy(key.createdBy().toString());
            writeChangeable(row, key);
            // Not a failing statement: a refusal must leave the caller's transaction usable.
            int inserted = sql.insertInto(API_KEYS).set(row).onConflictDoNothing().execute();
            if (inserted == 0) {
                throw new ConflictException(ConflictException.DUPLICATE, "a key of id " + key.id() + " or of that token exists already");
            }
            insertPages(sql, key.id(), key.organization().value(), selectedPages(key.pageRule()));
            return null;
        });
        view.changedKey(key.id(), key.fingerprint());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The selection is compared with the stored one, read by the same statement that updates the key,
     * and {@code api_key_pages} is written only where they differ: a revocation, rotation or use leaves it
     * alone.
     */
    @Override
    public void update(ApiKey key) {
        requireNonNull(key, "key is null");
        transactions.atomically(sql -> {
            ApiKeysRecord changes = sql.newRecord(API_KEYS);
            writeChangeable(changes, key);
            // Only what may change after issue: id, kind, organization, user, secret and creation stay.
            // RETURNING reads api_key_pages as the statement found it, before any change below.
            Record2<Long, String[]> updated = sql.update(API_KEYS)
                    .set(changes)
                    .where(API_KEYS.ID.eq(key.id().value()))
                    .returningResult(API_KEYS.ORGANIZATION_ID, STORED_PAGES)
                    .fetchOptional()
                    .orElseThrow(() -> new NotFoundException("no key " + key.id()));
            Set<String> stored = new HashSet<>(Arrays.asList(updated.value2()));
            Set<String> wanted = new HashSet<>(selectedPages(key.pageRule()));
            List<String> leaving = stored.stream().filter(page -> !wanted.contains(page)).sorted().toList();
            List<String> coming = wanted.stream().filter(page -> !stored.contains(page)).sorted().toList();
            if (!leaving.isEmpty()) {
                sql.deleteFrom(API_KEY_PAGES)
                        .where(API_KEY_PAGES.KEY_ID.eq(key.id().value()))
                        .and(API_KEY_PAGES.SUBDOMAIN.in(leaving))
                        .execute();
            }
            insertPages(sql, key.id(), updated.value1(), coming);
            return null;
        });
        view.changedKey(key.id(), key.fingerprint());
        // Its last use is now as given: a pending one would overwrite it.
        transactions.afterCommit(() -> view.uses().discard(key.id()));
    }

    @Override
    public Optional<ApiKey> findById(ApiKeyId id) {
        requireNonNull(id, "id is null");
        return view.uses().latestOf(view.keyById(id, loadById));
    }

    private Optional<ApiKey> selectById(ApiKeyId id) {
        return transactions.statement(sql -> selectKeys(sql).where(API_KEYS.ID.eq(id.value())).fetchOptional(JooqApiKeys::toKey));
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code SELECT ... FOR NO KEY UPDATE}: the row lock of an update, which excludes other lockers and
     * writers of the key until the transaction ends, but not the foreign-key checks of rows that refer to
     * the key (its events, its replacement), which a plain {@code FOR UPDATE} would block for nothing.
     */
    @Override
    public Optional<ApiKey> lockById(ApiKeyId id) {
        requireNonNull(id, "id is null");
        return view.uses().latestOf(transactions.statement(sql -> selectKeys(sql)
                .where(API_KEYS.ID.eq(id.value()))
                .forNoKeyUpdate()
                .fetchOptional(JooqApiKeys::toKey)));
    }

    @Override
    public Optional<ApiKey> findByFingerprint(TokenFingerprint fingerprint) {
        requireNonNull(fingerprint, "fingerprint is null");
        return view.uses().latestOf(view.keyByFingerprint(fingerprint, loadByFingerprint));
    }

    /** {@inheritDoc} <p>The key as the view or the store holds it, without the use pending for it. */
    @Override
    public Optional<ApiKey> findToDecide(TokenFingerprint fingerprint) {
        requireNonNull(fingerprint, "fingerprint is null");
        return view.keyByFingerprint(fingerprint, loadByFingerprint);
    }

    private Optional<ApiKey> selectByFingerprint(TokenFingerprint fingerprint) {
        return transactions.statement(sql ->
                sql.resultQuery(byFingerprint, fingerprint.hex()).coerce(COLUMNS).fetchOptional(JooqApiKeys::toKey));
    }

    @Override
    public List<ApiKey> organizationKeys(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return list(API_KEYS.ORGANIZATION_ID.eq(organization.value()).and(API_KEYS.KIND.eq(KeyKind.ORGANIZATION.code())));
    }

    @Override
    public List<ApiKey> userKeys(OrganizationId organization) {
        requireNonNull(organization, "organization is null");
        return list(API_KEYS.ORGANIZATION_ID.eq(organization.value()).and(API_KEYS.KIND.eq(KeyKind.USER.code())));
    }

    @Override
    public List<ApiKey> userKeys(OrganizationId organization, UserId user) {
        requireNonNull(organization, "organization is null");
        requireNonNull(user, "user is null");
        return list(API_KEYS.USER_ID.eq(user.value()).and(API_KEYS.ORGANIZATION_ID.eq(organization.value())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Kept in memory and written with the other keys' uses at the next interval ({@link BatchedUses}),
     * never on the caller's path; reads of the key through this process see it at once.
     */
    @Override
    public void recordUse(ApiKeyId id, Instant at) {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        // Inside a unit of work, only once it has committed: work that fails records no use.
        BatchedUses uses = view.uses();
        if (transactions.deferring()) {
            transactions.afterCommit(() -> uses.record(id, at));
        } else {
            uses.record(id, at);
        }
    }

    @Override
    public void forgetPage(Subdomain page) {
        requireNonNull(page, "page is null");
        // A selection that loses its last page stays a selection (page_rule is left alone): of no page.
        transactions.statement(sql -> sql.deleteFrom(API_KEY_PAGES).where(API_KEY_PAGES.SUBDOMAIN.eq(page.value())).execute());
        view.changedAllKeys();
    }

    private List<ApiKey> list(Condition condition) {
        return transactions.statement(sql -> selectKeys(sql).where(condition).orderBy(OLDEST_FIRST).fetch(JooqApiKeys::toKey))
                .stream()
                .map(view.uses()::latest)
                .toList();
    }

    private static SelectJoinStep<Record> selectKeys(DSLContext sql) {
        return sql.select(COLUMNS).from(API_KEYS);
    }

    /** What {@code update} writes: the settings, last use, revocation and rotation. */
    private static void writeChangeable(ApiKeysRecord row, ApiKey key) {
        row.setName(key.name().value())
                .setScope(key.scope().permissions().stream().map(Permission::code).toArray(String[]::new))
                .setPageRule(key.pageRule().code())
                .setAllowedCidrs(key.allowedIps().stream().map(Cidr::toString).toArray(String[]::new))
                .setExpiresAt(key.expiresAt().orElse(null))
                .setLastUsedAt(key.lastUsedAt().orElse(null))
                .setRevokedAt(key.revocation().map(Revocation::revokedAt).orElse(null))
                .setRevokedBy(key.revocation().map(r -> r.revokedBy().toString()).orElse(null))
                .setRotatedAt(key.rotation().map(Rotation::rotatedAt).orElse(null))
                .setRotatedBy(key.rotation().map(r -> r.rotatedBy().toString()).orElse(null))
                .setReplacedBy(key.rotation().map(r -> r.replacedBy().value()).orElse(null))
                .setGraceUntil(key.rotation().map(Rotation::graceUntil).orElse(null));
    }

    private static void insertPages(DSLContext sql, ApiKeyId key, long organization, List<String> pages) {
        if (pages.isEmpty()) {
            return;
        }
        InsertValuesStep3<?, String, String, Long> insert =
                sql.insertInto(API_KEY_PAGES, API_KEY_PAGES.KEY_ID, API_KEY_PAGES.SUBDOMAIN, API_KEY_PAGES.ORGANIZATION_ID);
        for (String page : pages) {
            insert = insert.values(key.value(), page, organization);
        }
        insert.onConflictDoNothing().execute();
    }

    private static List<String> selectedPages(PageRule rule) {
        if (rule instanceof PageRule.SelectedPages selected) {
            return selected.pages().stream().map(Subdomain::value).toList();
        }
        return List.of();
    }

    private static ApiKey toKey(Record row) {
        return StoredRows.restore("api_keys", row.get(API_KEYS.ID), () -> restore(row));
    }

    private static ApiKey restore(Record row) {
        String kindCode = row.get(API_KEYS.KIND);
        KeyKind kind = KeyKind.fromCode(kindCode).orElseThrow(() -> corrupt("kind", kindCode));
        String[] pages = row.get(PAGES);
        PageRule pageRule = switch (row.get(API_KEYS.PAGE_RULE)) {
            case "all" -> PageRule.allPages();
            // Built directly: a selection emptied by page deletions is a legal state, unlike an empty choice.
            case "selected" -> new PageRule.SelectedPages(pages == null ? new TreeSet<>() : subdomains(pages));
            default -> throw corrupt("page rule", row.get(API_KEYS.PAGE_RULE));
        };
        KeySettings settings = new KeySettings(
                KeyName.of(row.get(API_KEYS.NAME)),
                KeyScope.of(Arrays.stream(row.get(API_KEYS.SCOPE)).map(Permission::parse).toList()),
                pageRule,
                Arrays.stream(row.get(API_KEYS.ALLOWED_CIDRS)).map(Cidr::parse).toList(),
                Optional.ofNullable(row.get(API_KEYS.EXPIRES_AT)));
        Optional<Revocation> revocation = Optional.ofNullable(row.get(API_KEYS.REVOKED_AT))
                .map(at -> new Revocation(at, Actor.parse(row.get(API_KEYS.REVOKED_BY))));
        Optional<Rotation> rotation = Optional.ofNullable(row.get(API_KEYS.ROTATED_AT))
                .map(at -> new Rotation(at, Actor.parse(row.get(API_KEYS.ROTATED_BY)),
                        ApiKeyId.of(row.get(API_KEYS.REPLACED_BY)), row.get(API_KEYS.GRACE_UNTIL)));
        return ApiKey.restore(
                ApiKeyId.of(row.get(API_KEYS.ID)),
                kind,
                OrganizationId.of(row.get(API_KEYS.ORGANIZATION_ID)),
                Optional.ofNullable(row.get(API_KEYS.USER_ID)).map(UserId::of),
                settings,
                new TokenFingerprint(row.get(API_KEYS.FINGERPRINT)),
                row.get(API_KEYS.HINT),
                row.get(API_KEYS.CREATED_AT),
                Actor.parse(row.get(API_KEYS.CREATED_BY)),
                Optional.ofNullable(row.get(API_KEYS.LAST_USED_AT)),
                revocation,
                rotation);
    }

    private static TreeSet<Subdomain> subdomains(String[] pages) {
        TreeSet<Subdomain> set = new TreeSet<>();
        for (String page : pages) {
            set.add(Subdomain.of(page));
        }
        return set;
    }

    private static List<Field<?>> columns() {
        List<Field<?>> columns = new ArrayList<>(Arrays.asList(API_KEYS.fields()));
        columns.add(PAGES);
        return List.copyOf(columns);
    }

    private static IllegalStateException corrupt(String what, String value) {
        return new IllegalStateException("the store holds a key with an unknown " + what + ": " + value);
    }
}
