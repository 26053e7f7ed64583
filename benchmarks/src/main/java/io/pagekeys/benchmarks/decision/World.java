package io.pagekeys.benchmarks.decision;

import static java.util.Objects.requireNonNull;

import io.pagekeys.domain.AccessRequest;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.Actor;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.ApiKeyId;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.KeySettings;
import io.pagekeys.domain.MemberRoles;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.PresentedKey;
import io.pagekeys.domain.Revocation;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Rotation;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.TokenFingerprint;
import io.pagekeys.domain.UserId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One organization as the decision benchmark and the differential test see it, drawn from a seeded
 * {@link Random}: 50 pages, 200 members with organization-level and page-level roles (and a few users
 * who lost their last page membership but kept their keys), 1,000 keys of both kinds with every kind
 * of scope, page rule, allow-list and state; plus a second organization whose pages and itself serve
 * only as foreign targets. The same facts are translated into each engine's model
 * ({@link CasbinRule}, {@link CedarRule}); the requests ({@link Ask}) are drawn from the same world.
 */
public final class World {

    public static final OrganizationId ORGANIZATION = OrganizationId.of(1);
    public static final OrganizationId FOREIGN_ORGANIZATION = OrganizationId.of(2);
    /** The instant of every request; expiries and grace deadlines are drawn around it, some exactly on it. */
    public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static final int PAGES = 50;
    static final int MEMBERS = 200;
    static final int FORMER_MEMBERS = 10;
    static final int KEYS = 1_000;

    private static final List<Permission> PAGE_PERMISSIONS =
            Arrays.stream(Permission.values()).filter(Permission::isPageScoped).toList();
    private static final List<Permission> ORGANIZATION_PERMISSIONS =
            Arrays.stream(Permission.values()).filter(p -> !p.isPageScoped()).toList();
    private static final List<Role> PAGE_ROLES = Arrays.stream(Role.values()).filter(Role::allowedOnPage).toList();

    private final List<Subdomain> pages;
    private final List<Subdomain> foreignPages;
    private final List<UserId> users;
    private final Map<UserId, List<Membership>> memberships;
    private final Map<UserId, MemberRoles> roles;
    private final List<ApiKey> keys;

    private World(
            List<Subdomain> pages,
            List<Subdomain> foreignPages,
            List<UserId> users,
            Map<UserId, List<Membership>> memberships,
            List<ApiKey> keys) {
        this.pages = List.copyOf(pages);
        this.foreignPages = List.copyOf(foreignPages);
        this.users = List.copyOf(users);
        Map<UserId, List<Membership>> copied = new LinkedHashMap<>();
        Map<UserId, MemberRoles> byUser = new LinkedHashMap<>();
        memberships.forEach((user, list) -> {
            copied.put(user, List.copyOf(list));
            byUser.put(user, MemberRoles.of(list));
        });
        this.memberships = Collections.unmodifiableMap(copied);
        this.roles = Collections.unmodifiableMap(byUser);
        this.keys = List.copyOf(keys);
    }

    /** The world that {@code seed} draws; the same seed always gives the same world. */
    public static World generate(long seed) {
        Random random = new Random(seed);
        List<Subdomain> pages = new ArrayList<>();
        for (int i = 0; i < PAGES; i++) {
            pages.add(Subdomain.of(String.format("status-%02d", i)));
        }
        List<Subdomain> foreignPages = List.of(Subdomain.of("elsewhere-1"), Subdomain.of("elsewhere-2"));

        List<UserId> users = new ArrayList<>();
        Map<UserId, List<Membership>> memberships = new LinkedHashMap<>();
        for (int i = 1; i <= MEMBERS + FORMER_MEMBERS; i++) {
            UserId user = UserId.of(i);
            users.add(user);
            List<Membership> held = new ArrayList<>();
            if (i == 1) {
                held.add(Membership.organizationLevel(user, ORGANIZATION, Role.OWNER));
            } else if (i <= MEMBERS) {
                // Four in five hold an organization-level role; the others are members of some pages only.
                boolean organizationLevel = random.nextInt(5) != 0;
                if (organizationLevel) {
                    held.add(Membership.organizationLevel(user, ORGANIZATION, pick(random, Arrays.asList(Role.values()))));
                }
                int pageRoles = organizationLevel ? random.nextInt(4) : 1 + random.nextInt(4);
                for (Subdomain page : distinct(random, pages, pageRoles)) {
                    held.add(Membership.pageLevel(user, ORGANIZATION, page, pick(random, PAGE_ROLES)));
                }
            }
            // Users past MEMBERS lost their last page-level membership; their keys stay, and rule 8 judges them.
            memberships.put(user, held);
        }

        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(key(random, i, pages, users));
        }
        return new World(pages, foreignPages, users, memberships, keys);
    }

    private static ApiKey key(Random random, int index, List<Subdomain> pages, List<UserId> users) {
        byte[] idBytes = new byte[ApiKeyId.RANDOM_BYTES];
        random.nextBytes(idBytes);
        ApiKeyId id = ApiKeyId.generate(idBytes);
        boolean userKey = random.nextInt(5) < 3;
        Optional<UserId> user = userKey ? Optional.of(pick(random, users)) : Optional.empty();

        KeyScope scope = switch (random.nextInt(10)) {
            case 0, 1, 2 -> KeyScope.readOnly();
            case 3, 4 -> KeyScope.readWrite();
            case 5, 6 -> KeyScope.full();
            default -> {
                EnumSet<Permission> custom = EnumSet.noneOf(Permission.class);
                for (Permission permission : Permission.values()) {
                    if (random.nextInt(3) == 0) {
                        custom.add(permission);
                    }
                }
                if (custom.isEmpty()) {
                    custom.add(pick(random, Arrays.asList(Permission.values())));
                }
                yield KeyScope.of(custom);
            }
        };
        PageRule pageRule = random.nextInt(5) < 3
                ? PageRule.allPages()
                : PageRule.selected(distinct(random, pages, 1 + random.nextInt(6)));
        List<Cidr> allowedIps = new ArrayList<>();
        if (random.nextInt(10) < 3) {
            int blocks = 1 + random.nextInt(3);
            for (int b = 0; b < blocks; b++) {
                allowedIps.add(randomBlock(random));
            }
        }
        Optional<Instant> expiresAt = switch (random.nextInt(10)) {
            case 0 -> Optional.of(NOW.minus(Duration.ofDays(1 + random.nextInt(30))));
            case 1 -> Optional.of(NOW);
            case 2, 3 -> Optional.of(NOW.plus(Duration.ofSeconds(1 + random.nextInt(90 * 86_400))));
            default -> Optional.empty();
        };
        KeySettings settings = new KeySettings(KeyName.of("Key " + index), scope, pageRule, allowedIps, expiresAt);

        Instant createdAt = NOW.minus(Duration.ofDays(100));
        Actor creator = user.map(Actor::user).orElse(Actor.operator());
        Optional<Revocation> revocation = random.nextInt(10) == 0
                ? Optional.of(new Revocation(NOW.minus(Duration.ofHours(1 + random.nextInt(48))), creator))
                : Optional.empty();
        Optional<Rotation> rotation = Optional.empty();
        if (random.nextInt(10) == 0) {
            byte[] replacement = new byte[ApiKeyId.RANDOM_BYTES];
            random.nextBytes(replacement);
            Instant rotatedAt = NOW.minus(Duration.ofDays(2));
            Instant graceUntil = switch (random.nextInt(3)) {
                case 0 -> rotatedAt.plus(Duration.ofDays(1)); // past
                case 1 -> NOW; // ends this very instant
                default -> rotatedAt.plus(Duration.ofDays(3)); // still running
            };
            rotation = Optional.of(new Rotation(rotatedAt, creator, ApiKeyId.generate(replacement), graceUntil));
        }
        StringBuilder hex = new StringBuilder();
        for (int c = 0; c < 64; c++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        KeyKind kind = userKey ? KeyKind.USER : KeyKind.ORGANIZATION;
        return ApiKey.restore(id, kind, ORGANIZATION, user, settings, new TokenFingerprint(hex.toString()),
                kind.prefix() + "_abcd…wxyz", createdAt, creator, Optional.empty(), revocation, rotation);
    }

    private static Cidr randomBlock(Random random) {
        boolean v4 = random.nextBoolean();
        byte[] address = randomAddressBytes(random, v4);
        int prefix = v4 ? 8 + random.nextInt(25) : 16 + random.nextInt(113);
        return new Cidr(address(mask(address, prefix)), prefix);
    }

    /** A random address of that family, never an IPv4-mapped IPv6 one (IPv6 drawn from 2000::/3). */
    private static byte[] randomAddressBytes(Random random, boolean v4) {
        byte[] bytes = new byte[v4 ? 4 : 16];
        random.nextBytes(bytes);
        if (!v4) {
            bytes[0] = (byte) (0x20 | (bytes[0] & 0x1F));
        }
        return bytes;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - keep)));
        }
        return masked;
    }

    private static IpAddress address(byte[] bytes) {
        try {
            return new IpAddress(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A random address inside {@code block}. */
    private static IpAddress inside(Random random, Cidr block) {
        byte[] network = block.network().address().getAddress();
        byte[] noise = new byte[network.length];
        random.nextBytes(noise);
        byte[] result = new byte[network.length];
        for (int i = 0; i < network.length; i++) {
            int keep = Math.max(0, Math.min(8, block.prefixLength() - i * 8));
            int hostMask = ~(0xFF << (8 - keep)) & 0xFF;
            result[i] = (byte) ((network[i] & ~hostMask) | (noise[i] & hostMask));
        }
        return address(result);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static <T extends Comparable<T>> Set<T> distinct(Random random, List<T> from, int count) {
        TreeSet<T> chosen = new TreeSet<>();
        while (chosen.size() < count) {
            chosen.add(pick(random, from));
        }
        return chosen;
    }

    /**
     * One request as the three engines are asked it: a key of the world (of any state), a target (a page
     * of the organization, a page the key does not select, the organization, or a target of the foreign
     * organization), a permission of the target's level, a client address (inside one of the key's
     * blocks, elsewhere, IPv4 or IPv6, or unknown) and the instant.
     */
    public record Ask(ApiKey key, AccessTarget target, Permission permission, Optional<IpAddress> clientIp, Instant now) {

        public Ask {
            requireNonNull(key, "key is null");
            requireNonNull(target, "target is null");
            requireNonNull(permission, "permission is null");
            requireNonNull(clientIp, "client ip is null");
            requireNonNull(now, "now is null");
        }

        @Override
        public String toString() {
            ApiKey k = key;
            return k.id() + " (" + k.kind().code() + k.user().map(u -> " of user " + u).orElse("")
                    + ", scope " + k.scope().permissions() + ", pages " + describe(k.pageRule())
                    + ", ips " + k.allowedIps() + ", expires " + k.expiresAt().map(Instant::toString).orElse("never")
                    + (k.revocation().isPresent() ? ", revoked" : "")
                    + k.rotation().map(r -> ", rotated with grace until " + r.graceUntil()).orElse("")
                    + ") " + permission + " on " + describe(target) + " from " + clientIp.map(Object::toString).orElse("unknown")
                    + " at " + now;
        }

        private static String describe(PageRule rule) {
            return rule instanceof PageRule.SelectedPages selected ? selected.pages().toString() : "all";
        }

        private static String describe(AccessTarget target) {
            return target instanceof AccessTarget.OnPage onPage
                    ? "page " + onPage.page() + " of organization " + onPage.organization()
                    : "organization " + target.organization();
        }
    }

    /** {@code count} requests drawn from {@code seed}; the same seed always gives the same sequence. */
    public List<Ask> asks(int count, long seed) {
        Random random = new Random(seed);
        List<Ask> asks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            asks.add(ask(random));
        }
        return asks;
    }

    private Ask ask(Random random) {
        ApiKey key = pick(random, keys);
        int where = random.nextInt(20);
        AccessTarget target;
        if (where == 0) {
            target = random.nextBoolean()
                    ? AccessTarget.page(FOREIGN_ORGANIZATION, pick(random, foreignPages))
                    : AccessTarget.organization(FOREIGN_ORGANIZATION);
        } else if (where < 5) {
            target = AccessTarget.organization(ORGANIZATION);
        } else if (where < 12 && key.pageRule() instanceof PageRule.SelectedPages selected && !selected.pages().isEmpty()) {
            target = AccessTarget.page(ORGANIZATION, pick(random, new ArrayList<>(selected.pages())));
        } else if (where < 16 && key.user().isPresent() && !memberships.get(key.user().get()).isEmpty()) {
            // A page where the key's user has a role of their own, if any: page-level roles at work.
            List<Membership> held = memberships.get(key.user().get());
            Membership membership = pick(random, held);
            target = AccessTarget.page(ORGANIZATION, membership.page().orElseGet(() -> pick(random, pages)));
        } else {
            target = AccessTarget.page(ORGANIZATION, pick(random, pages));
        }
        Permission permission = pick(random, target instanceof AccessTarget.OnPage ? PAGE_PERMISSIONS : ORGANIZATION_PERMISSIONS);
        Optional<IpAddress> clientIp;
        int from = random.nextInt(10);
        if (from == 0) {
            clientIp = Optional.empty();
        } else if (from < 7 && !key.allowedIps().isEmpty()) {
            clientIp = Optional.of(inside(random, pick(random, key.allowedIps())));
        } else {
            clientIp = Optional.of(address(randomAddressBytes(random, random.nextBoolean())));
        }
        return new Ask(key, target, permission, clientIp, NOW);
    }

    /** The request as pagekeys decides it: the key found, and its user's roles in the key's organization. */
    public AccessRequest accessRequest(Ask ask) {
        MemberRoles held = ask.key().user().map(roles::get).orElse(MemberRoles.none());
        return new AccessRequest(PresentedKey.found(ask.key()), held, ask.target(), ask.permission(), ask.clientIp(), ask.now());
    }

    public List<Subdomain> pages() {
        return pages;
    }

    public List<Subdomain> foreignPages() {
        return foreignPages;
    }

    public List<UserId> users() {
        return users;
    }

    /** Every user's memberships in {@link #ORGANIZATION}, possibly none. */
    public Map<UserId, List<Membership>> memberships() {
        return memberships;
    }

    public List<ApiKey> keys() {
        return keys;
    }
}
