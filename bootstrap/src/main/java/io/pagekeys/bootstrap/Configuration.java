package io.pagekeys.bootstrap;

import static java.util.Objects.requireNonNull;

import io.pagekeys.adapters.persistence.StoreTimeouts;
import io.pagekeys.adapters.persistence.ViewSettings;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.InvalidValueException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of the reference server and the CLI, read from environment variables, each overridable
 * by a system property ({@code -Dpagekeys.port=9090} beats {@code PAGEKEYS_PORT}).
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>property</th><th>default</th></tr>
 *   <tr><td>PAGEKEYS_PORT</td><td>pagekeys.port</td><td>8080</td></tr>
 *   <tr><td>PAGEKEYS_HOST</td><td>pagekeys.host</td><td>127.0.0.1</td></tr>
 *   <tr><td>PAGEKEYS_JDBC_URL</td><td>pagekeys.jdbc.url</td><td>absent: embedded PostgreSQL</td></tr>
 *   <tr><td>PAGEKEYS_JDBC_USER</td><td>pagekeys.jdbc.user</td><td>absent</td></tr>
 *   <tr><td>PAGEKEYS_JDBC_PASSWORD</td><td>pagekeys.jdbc.password</td><td>absent</td></tr>
 *   <tr><td>PAGEKEYS_POOL_SIZE</td><td>pagekeys.pool.size</td><td>10</td></tr>
 *   <tr><td>PAGEKEYS_DATA_DIR</td><td>pagekeys.data.dir</td><td>./pagekeys-data</td></tr>
 *   <tr><td>PAGEKEYS_TRUSTED_PROXIES</td><td>pagekeys.trusted.proxies</td><td>none</td></tr>
 *   <tr><td>PAGEKEYS_MAX_BODY_BYTES</td><td>pagekeys.max.body.bytes</td><td>65536</td></tr>
 *   <tr><td>PAGEKEYS_ACCEPT_QUEUE</td><td>pagekeys.accept.queue</td><td>1024</td></tr>
 *   <tr><td>PAGEKEYS_VIEW_SIZE</td><td>pagekeys.view.size</td><td>10000</td></tr>
 *   <tr><td>PAGEKEYS_VIEW_TTL_SECONDS</td><td>pagekeys.view.ttl.seconds</td><td>300</td></tr>
 *   <tr><td>PAGEKEYS_USES_FLUSH_MILLIS</td><td>pagekeys.uses.flush.millis</td><td>1000</td></tr>
 *   <tr><td>PAGEKEYS_DB_CONNECT_TIMEOUT_SECONDS</td><td>pagekeys.db.connect.timeout.seconds</td><td>2</td></tr>
 *   <tr><td>PAGEKEYS_DB_QUERY_TIMEOUT_SECONDS</td><td>pagekeys.db.query.timeout.seconds</td><td>5</td></tr>
 *   <tr><td>PAGEKEYS_POOL_TIMEOUT_MILLIS</td><td>pagekeys.pool.timeout.millis</td><td>2000</td></tr>
 * </table>
 */
public record Configuration(
        int port,
        String host,
        Optional<String> jdbcUrl,
        Optional<String> jdbcUser,
        Optional<String> jdbcPassword,
        int poolSize,
        Path dataDirectory,
        List<Cidr> trustedProxies,
        long maxBodyBytes,
        int acceptQueue,
        ViewSettings view,
        StoreTimeouts timeouts) {

    public Configuration {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("port must be between 0 and 65535, not " + port);
        }
        requireNonNull(host, "host is null");
        requireNonNull(jdbcUrl, "jdbc url is null");
        requireNonNull(jdbcUser, "jdbc user is null");
        requireNonNull(jdbcPassword, "jdbc password is null");
        if (poolSize < 1 || poolSize > 1000) {
            throw new ConfigurationException("pool size must be between 1 and 1000, not " + poolSize);
        }
        requireNonNull(dataDirectory, "data directory is null");
        trustedProxies = List.copyOf(trustedProxies);
        if (maxBodyBytes < 1024) {
            throw new ConfigurationException("the body limit must be at least 1024 bytes, not " + maxBodyBytes);
        }
        if (acceptQueue < 1 || acceptQueue > 65535) {
            throw new ConfigurationException("the accept queue must be between 1 and 65535 connections, not " + acceptQueue);
        }
        requireNonNull(view, "view is null");
        requireNonNull(timeouts, "timeouts is null");
    }

    /** The settings of this process: its environment and system properties. */
    public static Configuration fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /**
     * The settings given by {@code environment}, each overridden by the matching property.
     *
     * @throws ConfigurationException naming the setting that is invalid
     */
    public static Configuration from(Map<String, String> environment, Properties properties) {
        Settings settings = new Settings(environment, properties);
        return new Configuration(
                settings.integer("PAGEKEYS_PORT", 8080),
                settings.text("PAGEKEYS_HOST").orElse("127.0.0.1"),
                settings.text("PAGEKEYS_JDBC_URL"),
                settings.text("PAGEKEYS_JDBC_USER"),
                settings.text("PAGEKEYS_JDBC_PASSWORD"),
                settings.integer("PAGEKEYS_POOL_SIZE", 10),
                Path.of(settings.text("PAGEKEYS_DATA_DIR").orElse("pagekeys-data")).toAbsolutePath().normalize(),
                settings.cidrs("PAGEKEYS_TRUSTED_PROXIES"),
                settings.integer("PAGEKEYS_MAX_BODY_BYTES", 64 * 1024),
                settings.integer("PAGEKEYS_ACCEPT_QUEUE", 1024),
                settings.view(),
                settings.timeouts());
    }

    /** Whether the store is the embedded PostgreSQL (no JDBC URL configured). */
    public boolean embedded() {
        return jdbcUrl.isEmpty();
    }

    /** This configuration listening on {@code newPort} (0: any free port). */
    public Configuration withPort(int newPort) {
        return new Configuration(newPort, host, jdbcUrl, jdbcUser, jdbcPassword, poolSize, dataDirectory, trustedProxies, maxBodyBytes,
                acceptQueue, view, timeouts);
    }

    @Override
    public String toString() {
        // The password never appears in logs.
        return "Configuration[port=" + port + ", host=" + host + ", store="
                + jdbcUrl.map(url -> "jdbc " + Store.withoutPassword(url)).orElse("embedded PostgreSQL in " + dataDirectory)
                + ", poolSize=" + poolSize + ", trustedProxies=" + trustedProxies + ", maxBodyBytes=" + maxBodyBytes
                + ", acceptQueue=" + acceptQueue + ", view=" + view + ", timeouts=" + timeouts + "]";
    }

    private record Settings(Map<String, String> environment, Properties properties) {

        Optional<String> text(String variable) {
            String property = variable.toLowerCase(Locale.ROOT).replace('_', '.');
            String value = properties.getProperty(property, environment.get(variable));
            return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
        }

        int integer(String variable, int fallback) {
            Optional<String> value = text(variable);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.get());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(variable + " must be a whole number, not '" + value.get() + "'");
            }
        }

        ViewSettings view() {
            ViewSettings defaults = ViewSettings.defaults();
            int size = integer("PAGEKEYS_VIEW_SIZE", defaults.maximumEntries());
            int ttl = integer("PAGEKEYS_VIEW_TTL_SECONDS", (int) defaults.timeToLive().toSeconds());
            int flush = integer("PAGEKEYS_USES_FLUSH_MILLIS", (int) defaults.useFlushInterval().toMillis());
            if (size < 1) {
                throw new ConfigurationException("PAGEKEYS_VIEW_SIZE must be at least 1, not " + size);
            }
            if (ttl < 1) {
                throw new ConfigurationException("PAGEKEYS_VIEW_TTL_SECONDS must be at least 1, not " + ttl);
            }
            if (flush < 10 || flush > 60_000) {
                throw new ConfigurationException("PAGEKEYS_USES_FLUSH_MILLIS must be between 10 and 60000, not " + flush);
            }
            return new ViewSettings(size, Duration.ofSeconds(ttl), Duration.ofMillis(flush));
        }

        StoreTimeouts timeouts() {
            StoreTimeouts defaults = StoreTimeouts.DEFAULTS;
            int connect = integer("PAGEKEYS_DB_CONNECT_TIMEOUT_SECONDS", (int) defaults.connect().toSeconds());
            int query = integer("PAGEKEYS_DB_QUERY_TIMEOUT_SECONDS", (int) defaults.query().toSeconds());
            int poolWait = integer("PAGEKEYS_POOL_TIMEOUT_MILLIS", (int) defaults.poolWait().toMillis());
            if (connect < 1 || connect > 300) {
                throw new ConfigurationException("PAGEKEYS_DB_CONNECT_TIMEOUT_SECONDS must be between 1 and 300, not " + connect);
            }
            if (query < 2 || query > 3600) {
                throw new ConfigurationException("PAGEKEYS_DB_QUERY_TIMEOUT_SECONDS must be between 2 and 3600, not " + query);
            }
            if (poolWait < 250 || poolWait > 300_000) {
                throw new ConfigurationException("PAGEKEYS_POOL_TIMEOUT_MILLIS must be between 250 and 300000, not " + poolWait);
            }
            return new StoreTimeouts(Duration.ofSeconds(connect), Duration.ofSeconds(query), Duration.ofMillis(poolWait));
        }

        List<Cidr> cidrs(String variable) {
            List<Cidr> blocks = new ArrayList<>();
            for (String part : text(variable).orElse("").split(",")) {
                if (!part.isBlank()) {
                    try {
                        blocks.add(Cidr.parse(part));
                    } catch (InvalidValueException e) {
                        throw new ConfigurationException(variable + ": '" + part.strip() + "' is not an address or CIDR block");
                    }
                }
            }
            return blocks;
        }
    }
}
