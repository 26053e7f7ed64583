package io.pagekeys.benchmarks.decision;

import com.googlecode.aviator.runtime.type.AviatorBoolean;
import com.googlecode.aviator.runtime.type.AviatorObject;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.pagekeys.domain.AccessTarget;
import io.pagekeys.domain.ApiKey;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Membership;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.PageRule;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Rotation;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.util.function.CustomFunction;

/**
 * The access rule as a jCasbin user writes it: RBAC with domains for the members' roles ({@code g}: user,
 * role, domain, where a domain is the organization or one page), a second grouping {@code g2} that records
 * where a user holds a membership at all (the organization, and each page with a page-level role), one
 * policy line per permission a role grants ({@code p}: role, permission), and the key itself as the ABAC
 * subject, its stored facts read by the matcher. The order of the checks in the matcher is the rule's;
 * Casbin answers only allowed or not, so the reason is not compared for this engine.
 *
 * <p>jCasbin's built-in {@code ipMatch} refuses IPv6 clients, so the allow-list is checked by a function of
 * our own ({@code ipInAny}) on the IPAddress library that jCasbin already depends on.
 */
public final class CasbinRule {

    static final String MATCHER = String.join(" && ",
            "!r.key.revoked",
            "(!r.key.expires || r.now < r.key.expiresAt)",
            "(!r.key.rotated || r.now < r.key.graceUntil)",
            "(r.key.anywhere || ipInAny(r.ip, r.key.allowedIps))",
            "r.key.organization == r.dom",
            "include(r.key.scope, r.act)",
            "(r.obj == r.dom"
                    + " ? (r.act == 'own_api_keys.manage' || r.key.allPages)"
                    + " : (r.key.allPages || include(r.key.pages, r.obj)))",
            "(r.key.kind == 'organization'"
                    + " || (r.act == 'own_api_keys.manage'"
                    + " ? g2(r.key.user, r.dom)"
                    + " : (p.act == r.act && g(r.key.user, p.role, (r.obj != r.dom && g2(r.key.user, r.obj)) ? r.obj : r.dom))))");

    private final Enforcer enforcer;
    private final Map<ApiKey, Map<String, Object>> subjects = new HashMap<>();

    public CasbinRule(World world) {
        this(world, MATCHER);
    }

    /** The rule with another matcher: for the test that a wrong translation is caught. */
    CasbinRule(World world, String matcher) {
        Model model = new Model();
        model.addDef("r", "r", "key, dom, obj, act, ip, now");
        model.addDef("p", "p", "role, act");
        model.addDef("g", "g", "_, _, _");
        model.addDef("g", "g2", "_, _");
        model.addDef("e", "e", "some(where (p.eft == allow))");
        model.addDef("m", "m", matcher);
        enforcer = new Enforcer(model);
        enforcer.enableLog(false);
        enforcer.addFunction("ipInAny", new IpInAny());
        for (Role role : Role.values()) {
            for (Permission permission : role.permissions()) {
                enforcer.addPolicy(role.code(), permission.code());
            }
        }
        world.memberships().forEach((user, held) -> {
            for (Membership membership : held) {
                String domain = membership.page().map(CasbinRule::page).orElse(organization(membership.organization()));
                enforcer.addNamedGroupingPolicy("g", subject(user), membership.role().code(), domain);
                enforcer.addNamedGroupingPolicy("g2", subject(user), domain);
                enforcer.addNamedGroupingPolicy("g2", subject(user), organization(membership.organization()));
            }
        });
        for (ApiKey key : world.keys()) {
            subjects.put(key, attributes(key));
        }
    }

    /** The stored facts of a key, as the matcher reads them ({@code r.key.*}); instants in epoch seconds. */
    private static Map<String, Object> attributes(ApiKey key) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("kind", key.kind() == KeyKind.USER ? "user" : "organization");
        facts.put("user", key.user().map(CasbinRule::subject).orElse(""));
        facts.put("organization", organization(key.organization()));
        facts.put("revoked", key.revocation().isPresent());
        facts.put("expires", key.expiresAt().isPresent());
        facts.put("expiresAt", key.expiresAt().map(Instant::getEpochSecond).orElse(0L));
        facts.put("rotated", key.rotation().isPresent());
        facts.put("graceUntil", key.rotation().map(Rotation::graceUntil).map(Instant::getEpochSecond).orElse(0L));
        facts.put("anywhere", key.allowedIps().isEmpty());
        facts.put("allowedIps", key.allowedIps().stream().map(Cidr::toString).toList());
        facts.put("scope", key.scope().permissions().stream().map(Permission::code).toList());
        facts.put("allPages", key.pageRule() instanceof PageRule.AllPages);
        facts.put("pages", key.pageRule() instanceof PageRule.SelectedPages selected
                ? selected.pages().stream().map(CasbinRule::page).toList()
                : List.of());
        return facts;
    }

    /** The request values for {@code ask}, in the order of the request definition. */
    public Object[] request(World.Ask ask) {
        String domain = organization(ask.target().organization());
        String object = ask.target() instanceof AccessTarget.OnPage onPage ? page(onPage.page()) : domain;
        return new Object[] {
            subjects.get(ask.key()),
            domain,
            object,
            ask.permission().code(),
            ask.clientIp().map(Object::toString).orElse(""),
            ask.now().getEpochSecond()
        };
    }

    public boolean allows(Object[] request) {
        return enforcer.enforce(request);
    }

    private static String subject(UserId user) {
        return "user:" + user;
    }

    private static String organization(OrganizationId organization) {
        return "org:" + organization;
    }

    private static String page(Subdomain page) {
        return "page:" + page;
    }

    /** {@code ipInAny(ip, blocks)}: whether the client address lies in one of the CIDR blocks, IPv4 or IPv6. */
    private static final class IpInAny extends CustomFunction {

        @Override
        public String getName() {
            return "ipInAny";
        }

        @Override
        public AviatorObject call(Map<String, Object> env, AviatorObject ip, AviatorObject blocks) {
            String client = (String) ip.getValue(env);
            if (client.isEmpty()) {
                return AviatorBoolean.FALSE;
            }
            IPAddress address = new IPAddressString(client).getAddress();
            for (Object block : (List<?>) blocks.getValue(env)) {
                if (new IPAddressString((String) block).getAddress().toPrefixBlock().contains(address)) {
                    return AviatorBoolean.TRUE;
                }
            }
            return AviatorBoolean.FALSE;
        }
    }
}
