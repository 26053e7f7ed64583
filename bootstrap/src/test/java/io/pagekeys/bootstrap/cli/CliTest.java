package io.pagekeys.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.AddPageMemberCommand;
import io.pagekeys.application.port.in.Authentication;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.bootstrap.Configuration;
import io.pagekeys.bootstrap.Pagekeys;
import io.pagekeys.bootstrap.Server;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.UserId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator CLI on a real embedded PostgreSQL with a kept data directory, as an operator runs it. The
 * store stays open across the tests (as a running server would hold it), so each command attaches to it
 * like the CLI does next to {@code serve}.
 */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDirectory;

    private static Configuration configuration;
    private static Pagekeys server;

    @BeforeAll
    static void startTheStoreAsTheServerWould() {
        Properties properties = new Properties();
        properties.setProperty("pagekeys.data.dir", dataDirectory.toString());
        configuration = Configuration.from(Map.of(), properties);
        server = Pagekeys.open(configuration);
    }

    @AfterAll
    static void stopTheStore() {
        server.close();
    }

    private record Run(int status, String out, String err) {

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<Configuration> served = new AtomicReference<>();
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> configuration, Pagekeys::open, served::set);
        int status = cli.run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void initCreatesAnOrganizationAndPrintsTheOwnersFullKeyOnce() throws Exception {
        Run run = cli("init", "--org-name", "Acme", "--owner-email", "owner@acme.example", "--json");

        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode created = run.json();
        assertThat(created.get("organization_id").isNumber()).isTrue();
        assertThat(created.get("user_id").isNumber()).isTrue();
        assertThat(created.get("key_id").asText()).startsWith("key_");
        String token = created.get("token").asText();
        assertThat(Token.parse(token)).isPresent();

        Authentication authentication = server.accessCheck().authenticate(token, Optional.empty());
        assertThat(authentication).isInstanceOf(Authentication.Authenticated.class);
        var key = ((Authentication.Authenticated) authentication).principal().key();
        assertThat(key.organization().value()).isEqualTo(created.get("organization_id").asLong());
        assertThat(key.user()).contains(UserId.of(created.get("user_id").asLong()));
        assertThat(key.scope().permissions()).containsExactlyInAnyOrder(Permission.values());
        assertThat(key.pageRule().code()).isEqualTo("all");
    }

    @Test
    void initRunsAnyNumberOfTimesReusingTheOwnerOfThatEmail() throws Exception {
        JsonNode first = cli("init", "--org-name", "First", "--owner-email", "twice@acme.example", "--json").json();
        JsonNode second = cli("init", "--org-name", "Second", "--owner-email", "Twice@Acme.example", "--json").json();

        assertThat(second.get("organization_id").asLong()).isNotEqualTo(first.get("organization_id").asLong());
        assertThat(second.get("user_id").asLong()).isEqualTo(first.get("user_id").asLong());
        assertThat(second.get("token").asText()).isNotEqualTo(first.get("token").asText());
    }

    @Test
    void initWithoutJsonPrintsTheTokenForAPersonToCopy() {
        Run run = cli("init", "--org-name", "Readable", "--owner-email", "reader@acme.example");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Created organization").contains("cannot be shown again");
        assertThat(run.out().lines().map(String::strip).filter(line -> Token.parse(line).isPresent())).hasSize(1);
    }

    @Test
    void issueUserKeyIssuesAKeyForAnExistingMemberWithinTheirRole() throws Exception {
        JsonNode org = cli("init", "--org-name", "Members", "--owner-email", "boss@members.example", "--json").json();
        OrganizationId organization = OrganizationId.of(org.get("organization_id").asLong());
        UserId owner = UserId.of(org.get("user_id").asLong());
        server.administration().createStatusPage(Principal.person(owner),
                new CreateStatusPageCommand(organization, Subdomain.of("members-api"), "API"));
        server.administration().createStatusPage(Principal.person(owner),
                new CreateStatusPageCommand(organization, Subdomain.of("members-web"), "Web"));
        server.administration().addMember(Principal.person(owner),
                new AddMemberCommand(organization, EmailAddress.of("viewer@members.example"), Role.VIEWER));

        Run run = cli("issue-user-key", "--org-id", organization.toString(), "--email", "viewer@members.example",
                "--name", "Dashboard", "--scope", "read_only", "--pages", "members-api", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode issued = run.json();
        assertThat(issued.get("organization_id").asLong()).isEqualTo(organization.value());
        String token = issued.get("token").asText();
        var decision = server.accessCheck().verify(new io.pagekeys.application.port.in.VerifyQuery(token,
                io.pagekeys.application.port.in.VerifyQuery.Target.page(Subdomain.of("members-api")), Permission.PAGES_READ,
                Optional.empty()));
        assertThat(decision.decision().isAllowed()).isTrue();
        var elsewhere = server.accessCheck().verify(new io.pagekeys.application.port.in.VerifyQuery(token,
                io.pagekeys.application.port.in.VerifyQuery.Target.page(Subdomain.of("members-web")), Permission.PAGES_READ,
                Optional.empty()));
        assertThat(elsewhere.decision().isAllowed()).isFalse();
    }

    @Test
    void issueUserKeyWorksForPageLevelMembersAndDefaultsToFullScope() throws Exception {
        JsonNode org = cli("init", "--org-name", "Pages", "--owner-email", "boss@pages.example", "--json").json();
        OrganizationId organization = OrganizationId.of(org.get("organization_id").asLong());
        UserId owner = UserId.of(org.get("user_id").asLong());
        server.administration().createStatusPage(Principal.person(owner),
                new CreateStatusPageCommand(organization, Subdomain.of("pages-only"), "Only"));
        server.administration().addPageMember(Principal.person(owner),
                new AddPageMemberCommand(Subdomain.of("pages-only"), EmailAddress.of("editor@pages.example"), Role.EDITOR));

        Run run = cli("issue-user-key", "--org-id", organization.toString(), "--email", "editor@pages.example", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        String token = run.json().get("token").asText();
        var key = ((Authentication.Authenticated) server.accessCheck().authenticate(token, Optional.empty())).principal().key();
        assertThat(key.scope().permissions()).containsExactlyInAnyOrder(Permission.values());
    }

    @Test
    void issueUserKeyRefusesSomeoneWhoIsNotAMember() throws Exception {
        JsonNode org = cli("init", "--org-name", "Closed", "--owner-email", "boss@closed.example", "--json").json();
        cli("init", "--org-name", "Other", "--owner-email", "stranger@other.example", "--json");

        Run known = cli("issue-user-key", "--org-id", org.get("organization_id").asText(), "--email", "stranger@other.example");
        Run unknown = cli("issue-user-key", "--org-id", org.get("organization_id").asText(), "--email", "nobody@nowhere.example");

        assertThat(known.status()).isEqualTo(Cli.REFUSED);
        assertThat(known.err()).contains("stranger@other.example is not a member of organization");
        assertThat(known.out()).isEmpty();
        assertThat(unknown.status()).isEqualTo(Cli.REFUSED);
        assertThat(unknown.err()).contains("nobody@nowhere.example is not a member");
    }

    @Test
    void issueUserKeyRefusesAnOrganizationThatDoesNotExist() {
        Run run = cli("issue-user-key", "--org-id", "999999", "--email", "owner@acme.example");

        assertThat(run.status()).isEqualTo(Cli.REFUSED);
        assertThat(run.err()).contains("refused");
    }

    @Test
    void badArgumentsExitWithStatusTwoAndSayWhatIsWrong() {
        assertThat(cli()).satisfies(run -> assertThat(run.status()).isEqualTo(Cli.USAGE));
        assertUsage(cli("launch"), "unknown command 'launch'");
        assertUsage(cli("init", "--org-name", "Acme"), "--owner-email is required");
        assertUsage(cli("init", "--org-name", "Acme", "--owner-email"), "--owner-email needs a value");
        assertUsage(cli("init", "--org-name", "Acme", "--owner-email", "not-an-email"), "email");
        assertUsage(cli("init", "--org-name", "Acme", "--owner-email", "a@b.example", "--colour", "red"), "unknown option --colour");
        assertUsage(cli("init", "--org-name", "A", "--org-name", "B", "--owner-email", "a@b.example"), "--org-name is given twice");
        assertUsage(cli("init", "--org-name", "Acme", "--owner-email", "a@b.example", "stray"), "unexpected argument 'stray'");
        assertUsage(cli("issue-user-key", "--org-id", "one", "--email", "a@b.example"), "--org-id must be a whole number");
        assertUsage(cli("issue-user-key", "--org-id", "1", "--email", "a@b.example", "--scope", "everything"), "everything");
        assertUsage(cli("issue-user-key", "--org-id", "1", "--email", "a@b.example", "--pages", "Not_A_Page"), "subdomain");
        assertUsage(cli("serve", "--port", "1"), "serve takes no options");
    }

    private static void assertUsage(Run run, String message) {
        assertThat(run.status()).as(run.err()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).contains(message).contains("pagekeys help");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void serveOnABusyPortFailsWithOneLineSayingSoAndLeavesTheStoreAsItWas() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Configuration onBusyPort = configuration.withPort(busy.getLocalPort());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Cli cli = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), () -> onBusyPort, Pagekeys::open,
                    serving -> Server.start(serving).close());

            int status = cli.run("serve");

            assertThat(status).isEqualTo(Cli.REFUSED);
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                    .isEqualTo("pagekeys: failed: cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": the port is in use");
        }
        assertThat(server.storeAnswers()).isTrue();
    }

    @Test
    void aStoreThatCannotBeReachedFailsWithOneLineNamingItWithoutItsPassword() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/keys?password=s3cret";
        Configuration unreachable = Configuration.from(Map.of("PAGEKEYS_JDBC_URL", url, "PAGEKEYS_PORT", "0"), new Properties());
        for (String[] command : new String[][] {{"init", "--org-name", "Acme", "--owner-email", "a@b.example"}, {"serve"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    () -> unreachable, Pagekeys::open, serving -> Server.start(serving).close());

            int status = cli.run(command);

            String said = err.toString(StandardCharsets.UTF_8).strip();
            assertThat(status).as(said).isEqualTo(Cli.REFUSED);
            assertThat(said).startsWith("pagekeys: failed: cannot reach PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed
                    + "/keys?password=***: Connection to 127.0.0.1:" + closed + " refused");
            assertThat(said).doesNotContain("s3cret").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(said.lines().count()).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void helpPrintsTheCommands() {
        Run run = cli("help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("serve").contains("init --org-name").contains("issue-user-key --org-id");
    }
}
