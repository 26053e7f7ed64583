package io.pagekeys.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pagekeys.application.AccessDeniedException;
import io.pagekeys.application.ApplicationException;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.bootstrap.Configuration;
import io.pagekeys.bootstrap.ConfigurationException;
import io.pagekeys.bootstrap.Pagekeys;
import io.pagekeys.domain.DenialReason;
import io.pagekeys.domain.DomainException;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.User;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operator's command line: {@code serve}, {@code init} and {@code issue-user-key}. The one-shot
 * commands work on the same store as {@code serve}, also while it runs. Exit status 0 on success, 1 for
 * a refusal (no such organization, not a member, ...), 2 for a command line that cannot be understood.
 * With {@code --json}, standard output carries exactly one line, one JSON object; logs go to standard
 * error.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: pagekeys <command> [options]

            commands:
              serve                                  start the REST server (port: PAGEKEYS_PORT, default 8080)
              init --org-name NAME --owner-email EMAIL [--json]
                                                     create an organization and its owner; print the owner's first key
              issue-user-key --org-id ID --email EMAIL [--name NAME] [--scope SCOPE] [--pages P1,P2] [--json]
                                                     issue a user key for an existing member of the organization
              help                                   show this text

            SCOPE is read_only, read_write, full (the default) or a comma-separated list of permissions.
            The store is the embedded PostgreSQL in PAGEKEYS_DATA_DIR (default ./pagekeys-data), or
            PAGEKEYS_JDBC_URL when set.
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<Configuration> configuration;
    private final Function<Configuration, Pagekeys> opener;
    private final Server server;

    /** Starts the REST server for {@code serve} and blocks until it is stopped. */
    @FunctionalInterface
    public interface Server {
        void serve(Configuration configuration);
    }

    public Cli(PrintStream out, PrintStream err, Supplier<Configuration> configuration, Function<Configuration, Pagekeys> opener,
            Server server) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.opener = requireNonNull(opener, "opener is null");
        this.server = requireNonNull(server, "server is null");
    }

    /** Runs the command line {@code args} and returns the exit status. */
    public int run(String... args) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        List<String> options = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "serve" -> serve(options);
                case "init" -> init(Arguments.parse(options, Set.of("org-name", "owner-email"), Set.of("json")));
                case "issue-user-key" -> issueUserKey(
                        Arguments.parse(options, Set.of("org-id", "email", "name", "scope", "pages"), Set.of("json")));
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException | DomainException | ConfigurationException e) {
            err.println("pagekeys: " + e.getMessage());
            err.println("run 'pagekeys help' for usage");
            return USAGE;
        } catch (ApplicationException e) {
            err.println("pagekeys: refused: " + explain(e));
            return REFUSED;
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The store could not be opened: say why, without a stack trace.
            err.println("pagekeys: failed: " + e.getMessage());
            return REFUSED;
        } catch (UncheckedIOException e) {
            // The server could not listen where it was told to.
            err.println("pagekeys: failed: " + e.getCause().getMessage());
            return REFUSED;
        }
    }

    private int serve(List<String> options) {
        if (!options.isEmpty()) {
            throw new UsageException("serve takes no options; configure it with PAGEKEYS_* environment variables");
        }
        server.serve(configuration.get());
        return OK;
    }

    private int init(Arguments arguments) {
        String name = arguments.required("org-name");
        EmailAddress ownerEmail = EmailAddress.of(arguments.required("owner-email"));
        boolean json = arguments.flag("json");
        try (Pagekeys pagekeys = opener.apply(configuration.get())) {
            record Created(CreatedOrganization organization, IssuedKey key) {}
            Created created = pagekeys.inOneTransaction(() -> {
                CreatedOrganization organization = pagekeys.administration()
                        .createOrganization(new CreateOrganizationCommand(name, ownerEmail));
                IssuedKey key = pagekeys.keyManagement().issueUserKey(
                        Principal.person(organization.owner().id()),
                        new IssueUserKeyCommand(organization.organization().id(),
                                KeyRequest.of(KeyName.of("Owner key"), KeyScope.full())));
                return new Created(organization, key);
            });
            if (json) {
                printJson(created.organization().organization().id().value(), created.organization().owner().id().value(),
                        created.key());
            } else {
                out.println("Created organization " + created.organization().organization().id() + " ("
                        + created.organization().organization().name() + ") with owner "
                        + created.organization().owner().email() + " (user " + created.organization().owner().id() + ").");
                printToken(created.key());
            }
        }
        return OK;
    }

    private int issueUserKey(Arguments arguments) {
        OrganizationId organization = OrganizationId.of(wholeNumber("org-id", arguments.required("org-id")));
        EmailAddress email = EmailAddress.of(arguments.required("email"));
        KeyName name = KeyName.of(arguments.optional("name").orElse("Issued by the operator"));
        KeyScope scope = KeyScope.parse(arguments.optional("scope").orElse("full"));
        KeyRequest request = KeyRequest.of(name, scope);
        if (arguments.optional("pages").isPresent()) {
            Set<Subdomain> pages = new TreeSet<>();
            for (String page : arguments.optional("pages").get().split(",", -1)) {
                pages.add(Subdomain.of(page.strip()));
            }
            request = request.onPages(pages);
        }
        boolean json = arguments.flag("json");
        try (Pagekeys pagekeys = opener.apply(configuration.get())) {
            User user = pagekeys.administration().findUser(email).orElseThrow(() -> new NotAMember(email, organization));
            IssuedKey key;
            try {
                key = pagekeys.keyManagement().issueUserKey(Principal.person(user.id()), new IssueUserKeyCommand(organization, request));
            } catch (AccessDeniedException e) {
                if (e.reason() == DenialReason.NO_MEMBERSHIP) {
                    throw new NotAMember(email, organization);
                }
                throw e;
            }
            if (json) {
                printJson(organization.value(), user.id().value(), key);
            } else {
                out.println("Issued key " + key.key().id() + " for " + email + " (user " + user.id() + ") in organization "
                        + organization + ".");
                printToken(key);
            }
        }
        return OK;
    }

    private void printToken(IssuedKey key) {
        out.println("Scope: " + key.key().scope().preset().map(KeyScope.Preset::code).orElse(String.join(",",
                key.key().scope().permissions().stream().map(Object::toString).toList()))
                + "; pages: " + key.key().pageRule().code());
        out.println();
        out.println("    " + key.token().reveal());
        out.println();
        out.println("Keep this token now: it is stored only as a hash and cannot be shown again.");
    }

    private void printJson(long organization, long user, IssuedKey key) {
        ObjectNode object = JSON.createObjectNode();
        object.put("organization_id", organization);
        object.put("user_id", user);
        object.put("key_id", key.key().id().value());
        object.put("token", key.token().reveal());
        out.println(object.toString());
    }

    private static long wholeNumber(String option, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be a whole number, not '" + text + "'");
        }
    }

    private static String explain(ApplicationException e) {
        return switch (e.code()) {
            case "not_found" -> e.getMessage();
            default -> e.getMessage() + " (" + e.code() + ")";
        };
    }

    /** The e-mail belongs to no member of the organization: a refusal, not a usage error. */
    private static final class NotAMember extends ApplicationException {

        NotAMember(EmailAddress email, OrganizationId organization) {
            super("not_a_member", email + " is not a member of organization " + organization);
        }
    }
}
