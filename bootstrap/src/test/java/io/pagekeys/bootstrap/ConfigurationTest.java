package io.pagekeys.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pagekeys.adapters.persistence.StoreTimeouts;
import io.pagekeys.domain.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void withNothingSetTheServerUsesTheEmbeddedStoreOnLoopbackPort8080() {
        Configuration configuration = Configuration.from(Map.of(), new Properties());

        assertThat(configuration.port()).isEqualTo(8080);
        assertThat(configuration.host()).isEqualTo("127.0.0.1");
        assertThat(configuration.embedded()).isTrue();
        assertThat(configuration.dataDirectory()).isEqualTo(Path.of("pagekeys-data").toAbsolutePath().normalize());
        assertThat(configuration.poolSize()).isEqualTo(10);
        assertThat(configuration.trustedProxies()).isEmpty();
        assertThat(configuration.maxBodyBytes()).isEqualTo(65536);
        assertThat(configuration.acceptQueue()).isEqualTo(1024);
        assertThat(configuration.timeouts()).isEqualTo(StoreTimeouts.DEFAULTS);
    }

    @Test
    void theClientSideBoundsOnTheStoreAreSetByTheirVariablesWithinLimits() {
        Configuration configuration = Configuration.from(Map.of(
                "PAGEKEYS_DB_CONNECT_TIMEOUT_SECONDS", "3",
                "PAGEKEYS_DB_QUERY_TIMEOUT_SECONDS", "12",
                "PAGEKEYS_POOL_TIMEOUT_MILLIS", "750"), new Properties());
        assertThat(configuration.timeouts())
                .isEqualTo(new StoreTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(12), Duration.ofMillis(750)));
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_DB_QUERY_TIMEOUT_SECONDS", "1"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAGEKEYS_DB_QUERY_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_DB_CONNECT_TIMEOUT_SECONDS", "0"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAGEKEYS_DB_CONNECT_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> Configuration.from(Map.of(), properties("pagekeys.pool.timeout.millis", "100")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAGEKEYS_POOL_TIMEOUT_MILLIS");
    }

    @Test
    void theAcceptQueueIsSetByItsVariableOrPropertyAndMustBePositive() {
        assertThat(Configuration.from(Map.of("PAGEKEYS_ACCEPT_QUEUE", "4096"), new Properties()).acceptQueue()).isEqualTo(4096);
        assertThat(Configuration.from(Map.of(), properties("pagekeys.accept.queue", "300")).acceptQueue()).isEqualTo(300);
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_ACCEPT_QUEUE", "0"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("accept queue");
    }

    @Test
    void environmentVariablesSetEverySetting() {
        Configuration configuration = Configuration.from(Map.of(
                "PAGEKEYS_PORT", "9090",
                "PAGEKEYS_HOST", "0.0.0.0",
                "PAGEKEYS_JDBC_URL", "jdbc:postgresql://db.internal:5432/keys",
                "PAGEKEYS_JDBC_USER", "keys",
                "PAGEKEYS_JDBC_PASSWORD", "s3cret",
                "PAGEKEYS_POOL_SIZE", "25",
                "PAGEKEYS_DATA_DIR", "/var/lib/pagekeys",
                "PAGEKEYS_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32",
                "PAGEKEYS_MAX_BODY_BYTES", "2048"), new Properties());

        assertThat(configuration.port()).isEqualTo(9090);
        assertThat(configuration.host()).isEqualTo("0.0.0.0");
        assertThat(configuration.embedded()).isFalse();
        assertThat(configuration.jdbcUrl()).contains("jdbc:postgresql://db.internal:5432/keys");
        assertThat(configuration.jdbcUser()).contains("keys");
        assertThat(configuration.jdbcPassword()).contains("s3cret");
        assertThat(configuration.poolSize()).isEqualTo(25);
        assertThat(configuration.dataDirectory()).isEqualTo(Path.of("/var/lib/pagekeys"));
        assertThat(configuration.trustedProxies()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"));
        assertThat(configuration.maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void aSystemPropertyOverridesTheEnvironmentVariable() {
        Configuration configuration = Configuration.from(
                Map.of("PAGEKEYS_PORT", "9090", "PAGEKEYS_POOL_SIZE", "25"), properties("pagekeys.port", "7070"));

        assertThat(configuration.port()).isEqualTo(7070);
        assertThat(configuration.poolSize()).isEqualTo(25);
    }

    @Test
    void thePasswordNeverAppearsInTheTextOfTheConfiguration() {
        Configuration configuration = Configuration.from(
                Map.of("PAGEKEYS_JDBC_URL", "jdbc:postgresql://db/keys", "PAGEKEYS_JDBC_PASSWORD", "s3cret-value"), new Properties());

        assertThat(configuration.toString()).contains("jdbc:postgresql://db/keys").doesNotContain("s3cret-value");
    }

    @Test
    void invalidSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_PORT", "eighty"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAGEKEYS_PORT");
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_PORT", "70000"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_POOL_SIZE", "0"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("pool size");
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PAGEKEYS_TRUSTED_PROXIES").hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> Configuration.from(Map.of("PAGEKEYS_MAX_BODY_BYTES", "10"), new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("body limit");
    }
}
