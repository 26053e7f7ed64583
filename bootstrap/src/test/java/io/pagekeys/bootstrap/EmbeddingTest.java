package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.pagekeys.adapters.persistence.ConnectionPool;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import io.pagekeys.adapters.persistence.Migrations;
import io.pagekeys.adapters.persistence.PersistenceModule;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.Verification;
import io.pagekeys.application.port.in.VerifyQuery;
import io.pagekeys.domain.AccessDecision;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.IpAddress;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.InvalidValueException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A host service embedding pagekeys without the REST adapter: its own HTTP handler on its own port asks
 * pagekeys for a decision on each request, on the host's own data source. Both ways in are shown: the
 * plain-Java {@link Pagekeys} object, and the public Guice modules in the host's injector.
 */
class EmbeddingTest {

    private static EmbeddedDatabase database;
    private static HikariDataSource hostDataSource;
    private static Pagekeys pagekeys;
    private static HttpServer host;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheHostWithPagekeysInside() throws IOException {
        database = EmbeddedDatabase.startTemporary();
        hostDataSource = ConnectionPool.create(database.jdbcUrl(), database.user(), database.password(), 4);
        pagekeys = Pagekeys.on(hostDataSource);
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/pages/", EmbeddingTest::servePage);
        host.start();
    }

    @AfterAll
    static void stopTheHost() {
        host.stop(0);
        pagekeys.close();
        hostDataSource.close();
        database.close();
    }

    /** The host's own handler: GET /pages/{subdomain} for reading, POST for writing an incident. */
    private static void servePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            String subdomain = exchange.getRequestURI().getPath().substring("/pages/".length());
            Permission permission = exchange.getRequestMethod().equals("POST") ? Permission.INCIDENTS_WRITE : Permission.PAGES_READ;
            String token = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
            IpAddress client = IpAddress.parse(exchange.getRemoteAddress().getAddress().getHostAddress());
            int status;
            String body;
            try {
                Verification verification = pagekeys.accessCheck().verify(
                        new VerifyQuery(token, VerifyQuery.Target.page(Subdomain.of(subdomain)), permission, Optional.of(client)));
                if (verification.decision() instanceof AccessDecision.Denied denied) {
                    status = denied.reason().kind() == io.pagekeys.domain.DenialReason.Kind.AUTHENTICATION ? 401 : 403;
                    body = denied.reason().code();
                } else {
                    status = 200;
                    body = "page " + subdomain;
                }
            } catch (io.pagekeys.application.NotFoundException | InvalidValueException e) {
                status = 404;
                body = "no such page";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static HttpResponse<String> call(String method, String subdomain, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.getAddress().getPort() + "/pages/" + subdomain))
                .header("Authorization", token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHostCanAskWhetherTheStoreAnswers() {
        assertThat(pagekeys.storeAnswers()).isTrue();
    }

    @Test
    void theHostAsksPagekeysForADecisionOnEveryRequest() throws Exception {
        Administration administration = pagekeys.administration();
        CreatedOrganization acme = administration.createOrganization(
                new CreateOrganizationCommand("Acme", EmailAddress.of("owner@acme.example")));
        Principal owner = Principal.person(acme.owner().id());
        administration.createStatusPage(owner, new CreateStatusPageCommand(acme.organization().id(), Subdomain.of("acme-status"), "Acme"));
        administration.addMember(owner, new AddMemberCommand(acme.organization().id(), EmailAddress.of("viewer@acme.example"), Role.VIEWER));
        String readOnly = pagekeys.keyManagement().issueOrganizationKey(owner, new IssueOrganizationKeyCommand(
                acme.organization().id(), KeyRequest.of(KeyName.of("Monitor"), KeyScope.readOnly()))).token().reveal();
        String viewerKey = pagekeys.keyManagement().issueUserKey(
                Principal.person(administration.findUser(EmailAddress.of("viewer@acme.example")).orElseThrow().id()),
                new IssueUserKeyCommand(acme.organization().id(), KeyRequest.of(KeyName.of("Mine"), KeyScope.full()))).token().reveal();

        assertThat(call("GET", "acme-status", readOnly).statusCode()).isEqualTo(200);
        assertThat(call("POST", "acme-status", readOnly)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("scope_excludes");
        });
        assertThat(call("GET", "acme-status", viewerKey).statusCode()).isEqualTo(200);
        assertThat(call("POST", "acme-status", viewerKey).body()).isEqualTo("role_excludes");
        assertThat(call("GET", "acme-status", "uk_not-a-token").statusCode()).isEqualTo(401);
        assertThat(call("GET", "no-such-page", readOnly).statusCode()).isEqualTo(404);
    }

    @Test
    void aGuiceHostInstallsThePublicModulesInItsOwnInjector() throws Exception {
        // A database of its own that nothing has migrated yet: the host migrates it, as the README says.
        try (Connection admin = database.dataSource().getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE guice_host");
        }
        try (HikariDataSource guiceHostDataSource = ConnectionPool.create(
                database.jdbcUrl("guice_host"), database.user(), database.password(), 4)) {
            Migrations.apply(guiceHostDataSource);
            hostsItsOwnInjector(guiceHostDataSource);
        }
    }

    private static void hostsItsOwnInjector(DataSource dataSource) {
        Injector injector = Guice.createInjector(new PersistenceModule(dataSource), new ApplicationModule());
        Administration administration = injector.getInstance(Administration.class);
        KeyManagement keyManagement = injector.getInstance(KeyManagement.class);
        AccessCheck accessCheck = injector.getInstance(AccessCheck.class);

        CreatedOrganization globex = administration.createOrganization(
                new CreateOrganizationCommand("Globex", EmailAddress.of("owner@globex.example")));
        Principal owner = Principal.person(globex.owner().id());
        administration.createStatusPage(owner, new CreateStatusPageCommand(globex.organization().id(), Subdomain.of("globex"), "Globex"));
        String token = keyManagement.issueOrganizationKey(owner, new IssueOrganizationKeyCommand(
                globex.organization().id(), KeyRequest.of(KeyName.of("Deploys"), KeyScope.readWrite()))).token().reveal();
        CreatedOrganization initech = administration.createOrganization(
                new CreateOrganizationCommand("Initech", EmailAddress.of("owner@initech.example")));
        administration.createStatusPage(Principal.person(initech.owner().id()),
                new CreateStatusPageCommand(initech.organization().id(), Subdomain.of("initech"), "Initech"));

        Verification write = accessCheck.verify(new VerifyQuery(token, VerifyQuery.Target.page(Subdomain.of("globex")),
                Permission.INCIDENTS_WRITE, Optional.empty()));
        Verification elsewhere = accessCheck.verify(new VerifyQuery(token, VerifyQuery.Target.page(Subdomain.of("initech")),
                Permission.PAGES_READ, Optional.empty()));

        assertThat(write.decision().isAllowed()).isTrue();
        assertThat(elsewhere.decision()).isEqualTo(AccessDecision.denied(io.pagekeys.domain.DenialReason.OUTSIDE_ORGANIZATION));
    }
}
