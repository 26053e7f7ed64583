package io.pagekeys.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pagekeys.application.memory.InMemoryPortsSource;
import io.pagekeys.application.memory.MutableClock;
import io.pagekeys.application.memory.SequenceRandomSource;
import io.pagekeys.application.port.in.AccessCheck;
import io.pagekeys.application.port.in.AddMemberCommand;
import io.pagekeys.application.port.in.AddPageMemberCommand;
import io.pagekeys.application.port.in.Administration;
import io.pagekeys.application.port.in.CreateOrganizationCommand;
import io.pagekeys.application.port.in.CreateStatusPageCommand;
import io.pagekeys.application.port.in.CreatedOrganization;
import io.pagekeys.application.port.in.IssueOrganizationKeyCommand;
import io.pagekeys.application.port.in.IssueUserKeyCommand;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.KeyManagement;
import io.pagekeys.application.port.in.KeyRequest;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.out.contract.DrivenPorts;
import io.pagekeys.application.port.out.contract.DrivenPortsSource;
import io.pagekeys.application.port.out.contract.IsolatedStore;
import io.pagekeys.application.service.AccessCheckService;
import io.pagekeys.application.service.AdministrationService;
import io.pagekeys.application.service.KeyManagementService;
import io.pagekeys.domain.EmailAddress;
import io.pagekeys.domain.KeyName;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.OrganizationId;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Subdomain;
import io.pagekeys.domain.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One running API for a test class: the real application services on a store of its own, a clock that
 * moves only when told, the server on a free loopback port, and an HTTP client whose every answer is
 * held to the OpenAPI document. Situations are built through the application directly (as a host or the
 * operator would), so that each test exercises the HTTP side of exactly what it names.
 *
 * <p>The store is the in-memory one, unless the test class path registers another
 * {@link DrivenPortsSource}: the bootstrap module runs this whole suite again on PostgreSQL that way.
 */
final class ApiWorld implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    private static final DrivenPortsSource STORES = DrivenPortsSource.onClassPathOr(new InMemoryPortsSource());

    /** The store of this world alone; a test may switch it off ({@link IsolatedStore#failAll}). */
    final IsolatedStore store = STORES.open();
    private final DrivenPorts ports = store.ports();
    final MutableClock clock = new MutableClock();
    final SequenceRandomSource random = new SequenceRandomSource();
    final KeyManagement keys = new KeyManagementService(ports.apiKeys(), ports.memberships(), ports.organizations(),
            ports.statusPages(), ports.keyEvents(), random, ports.unitOfWork(), clock);
    final AccessCheck access = new AccessCheckService(ports.apiKeys(), ports.memberships(), ports.organizations(),
            ports.statusPages(), ports.users(), ports.unitOfWork(), clock);
    final Administration administration = new AdministrationService(ports.organizations(), ports.users(),
            ports.memberships(), ports.statusPages(), ports.incidents(), ports.apiKeys(), ports.keyEvents(),
            ports.unitOfWork(), clock);
    /** What {@code GET /health} asks; a test may swap it. */
    final AtomicReference<HealthCheck> health = new AtomicReference<>(() -> true);
    final RestApi api;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger names = new AtomicInteger();

    private ApiWorld(UnaryOperator<RestSettings> settings, UnaryOperator<Administration> seen) {
        try {
            api = new RestApi(access, keys, seen.apply(administration), () -> health.get().storeAnswers(),
                    settings.apply(RestSettings.defaults().onPort(0)), clock);
            base = URI.create("http://127.0.0.1:" + api.start());
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
    }

    /** A world on default settings (but a free port). */
    static ApiWorld start() {
        return start(settings -> settings);
    }

    static ApiWorld start(UnaryOperator<RestSettings> settings) {
        return new ApiWorld(settings, UnaryOperator.identity());
    }

    /** A world whose API sees {@code administration} in place of the real one (to make it fail). */
    static ApiWorld startWith(UnaryOperator<Administration> administration) {
        return new ApiWorld(settings -> settings, administration);
    }

    /** Stops the API (again, if a test stopped it already) and closes the store. */
    @Override
    public void close() {
        try {
            api.stop();
        } finally {
            store.close();
        }
    }

    // ---- situations ---------------------------------------------------------------------------------

    /** An organization, its owner with a full key on all pages, and its pages. */
    record Tenant(OrganizationId id, UserId owner, String ownerToken, List<String> pages) {

        String page(int index) {
            return pages.get(index);
        }

        long org() {
            return id.value();
        }
    }

    /** A person in an organization and their key. */
    record Person(UserId id, String email, String token) {}

    /** A name no other test of this world uses: {@code prefix-N}. */
    String unique(String prefix) {
        return prefix + "-" + names.incrementAndGet();
    }

    /** A new organization with an owner, the owner's full key, and {@code pageCount} pages. */
    Tenant tenant(int pageCount) {
        String name = unique("org");
        CreatedOrganization created = administration.createOrganization(
                new CreateOrganizationCommand(name, EmailAddress.of("owner@" + name + ".test")));
        OrganizationId id = created.organization().id();
        UserId owner = created.owner().id();
        List<String> pages = Arrays.stream(new int[pageCount]).mapToObj(any -> unique("page")).toList();
        for (String page : pages) {
            administration.createStatusPage(Principal.person(owner), new CreateStatusPageCommand(id, Subdomain.of(page), page + " status"));
        }
        String token = keys.issueUserKey(Principal.person(owner),
                new IssueUserKeyCommand(id, KeyRequest.of(KeyName.of("owner key"), KeyScope.full()))).token().reveal();
        return new Tenant(id, owner, token, pages);
    }

    /** A member of {@code tenant} at organization level with {@code role}, and their full key on all pages. */
    Person member(Tenant tenant, Role role) {
        String email = unique("member") + "@people.test";
        UserId user = administration.addMember(Principal.person(tenant.owner()),
                new AddMemberCommand(tenant.id(), EmailAddress.of(email), role)).user().id();
        return new Person(user, email, userKey(tenant, user, KeyRequest.of(KeyName.of("member key"), KeyScope.full())));
    }

    /** A member of {@code tenant} with {@code role} on {@code page} only, and their full key. */
    Person pageMember(Tenant tenant, String page, Role role) {
        String email = unique("page-member") + "@people.test";
        UserId user = administration.addPageMember(Principal.person(tenant.owner()),
                new AddPageMemberCommand(Subdomain.of(page), EmailAddress.of(email), role)).member().user().id();
        return new Person(user, email, userKey(tenant, user, KeyRequest.of(KeyName.of("page member key"), KeyScope.full())));
    }

    /** Gives an existing user {@code role} on {@code page}. */
    void giveRoleOnPage(Tenant tenant, Person person, String page, Role role) {
        administration.addPageMember(Principal.person(tenant.owner()),
                new AddPageMemberCommand(Subdomain.of(page), EmailAddress.of(person.email()), role));
    }

    /** A user key of {@code user}, issued as that person. */
    String userKey(Tenant tenant, UserId user, KeyRequest request) {
        return issueUserKey(tenant, user, request).token().reveal();
    }

    IssuedKey issueUserKey(Tenant tenant, UserId user, KeyRequest request) {
        return keys.issueUserKey(Principal.person(user), new IssueUserKeyCommand(tenant.id(), request));
    }

    /** A request for a full key on all pages, named {@code name}. */
    static KeyRequest fullKey(String name) {
        return KeyRequest.of(KeyName.of(name), KeyScope.full());
    }

    /** An organization key, issued by the owner. */
    IssuedKey organizationKey(Tenant tenant, KeyRequest request) {
        return keys.issueOrganizationKey(Principal.person(tenant.owner()), new IssueOrganizationKeyCommand(tenant.id(), request));
    }

    String organizationKey(Tenant tenant, KeyScope scope) {
        return organizationKey(tenant, KeyRequest.of(KeyName.of("integration"), scope)).token().reveal();
    }

    String organizationKey(Tenant tenant, KeyScope scope, String... pages) {
        Set<Subdomain> selected = Arrays.stream(pages).map(Subdomain::of).collect(Collectors.toSet());
        return organizationKey(tenant, KeyRequest.of(KeyName.of("integration"), scope).onPages(selected)).token().reveal();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    /** An answer, already checked against the OpenAPI document. */
    record Answer(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String code() {
            return json().path("code").asText();
        }

        /** Asserts the status, and for problems that the body is a problem document of that code. */
        Answer is(int expected) {
            assertThat(status).as("status of an answer with body %s", body).isEqualTo(expected);
            return this;
        }

        Answer isProblem(int expected, String code) {
            is(expected);
            assertThat(header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(code()).as("problem code of %s", body).isEqualTo(code);
            assertThat(json().path("error").asText()).isEqualTo(json().path("title").asText());
            assertThat(json().path("status").asInt()).isEqualTo(expected);
            return this;
        }
    }

    Answer get(String path, String token) {
        return send(request(path, token).GET());
    }

    Answer delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    Answer post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer put(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request to {@code path} with {@code Authorization: Bearer <token>} (none when token is null). */
    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    /** Sends a request and checks its answer against the OpenAPI document. */
    Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            CONTRACT.check(request.method(), request.uri().getRawPath(), response.statusCode(),
                    response.headers().firstValue("Content-Type"), response.body());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code request} (the request line and headers, without the final blank line) as raw bytes,
     * for what HttpClient refuses to send, and returns the whole answer as text.
     */
    String raw(String request) {
        return raw(request, new byte[0]);
    }

    /**
     * {@link #raw(String)} followed by {@code body}, all written before the answer is read, so that
     * nothing is still being sent when the server answers (and may close) early.
     */
    String raw(String request, byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write((request + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connection of its own to the server, for a test that writes and reads raw HTTP on it in turns. */
    Socket connect() {
        try {
            return new Socket(base.getHost(), base.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApiContract contract() {
        return CONTRACT;
    }
}
