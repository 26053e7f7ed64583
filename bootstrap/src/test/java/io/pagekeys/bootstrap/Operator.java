package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pagekeys.adapters.persistence.EmbeddedDatabase;
import io.pagekeys.bootstrap.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** What the tests of the reference server do as its operator would: configure it and run the CLI beside it. */
final class Operator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Operator() {}

    /** A server on its default store, the embedded PostgreSQL with its data kept in {@code dataDirectory}, listening on a free port. */
    static Configuration onEmbeddedStore(Path dataDirectory) {
        Properties properties = new Properties();
        properties.setProperty("pagekeys.data.dir", dataDirectory.toString());
        properties.setProperty("pagekeys.port", "0");
        return Configuration.from(Map.of(), properties);
    }

    /** A server on the PostgreSQL {@code external}, reached only through its URL, listening on a free port. */
    static Configuration onExternalStore(EmbeddedDatabase external) {
        return Configuration.from(Map.of(
                "PAGEKEYS_JDBC_URL", external.jdbcUrl(),
                "PAGEKEYS_JDBC_USER", external.user(),
                "PAGEKEYS_JDBC_PASSWORD", external.password(),
                "PAGEKEYS_PORT", "0",
                "PAGEKEYS_DATA_DIR", "/nonexistent/never-used"), new Properties());
    }

    /**
     * Runs {@code pagekeys init --json} on the store of {@code configuration}, as beside a running server,
     * and answers what it printed: the organization, its owner and the owner's first key.
     */
    static JsonNode init(Supplier<Configuration> configuration, String organization, String ownerEmail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                configuration, Pagekeys::open, serving -> {
                    throw new AssertionError("not serving");
                });
        assertThat(cli.run("init", "--org-name", organization, "--owner-email", ownerEmail, "--json")).isZero();
        try {
            return JSON.readTree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
