package io.pagekeys.benchmarks.http;

import io.pagekeys.domain.KeyKind;
import io.pagekeys.domain.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills the store of an HTTP run with keys, straight through SQL: {@code hot} read-only organization keys
 * of one organization whose tokens are real (made by the domain's {@link Token}, their fingerprints
 * stored) and written to a file, one per line, for the load to cycle through; and as many filler keys as
 * it takes to reach {@code stored} keys in all, spread over 1,000 organizations of their own, inserted by
 * one {@code INSERT ... SELECT} over {@code generate_series} (their fingerprints are digests of no token).
 * Then analyzes the tables, as autovacuum would after such a load, and tells every listening instance to
 * forget its whole view.
 *
 * <p>The filler rows are written with triggers off ({@code session_replication_role = replica}, this
 * session only): a million change notifications in one transaction would only make the listening
 * servers forget keys they never saw. The hot keys are written with triggers on, as any writer would.
 *
 * <p>Connects as {@code postgres} with the password in {@code PAGEKEYS_JDBC_PASSWORD}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.pagekeys.benchmarks.http.StoredKeys JDBC_URL ORGANIZATION_ID HOT STORED TOKEN_FILE</pre>
 */
public final class StoredKeys {

    private static final int FILLER_ORGANIZATIONS = 1_000;

    private StoredKeys() {}

    public static void main(String[] args) throws SQLException, IOException {
        if (args.length != 5) {
            System.err.println("usage: StoredKeys JDBC_URL ORGANIZATION_ID HOT STORED TOKEN_FILE");
            System.exit(2);
        }
        String url = args[0];
        long organization = Long.parseLong(args[1]);
        int hot = Integer.parseInt(args[2]);
        int stored = Integer.parseInt(args[3]);
        Path tokenFile = Path.of(args[4]);
        if (hot < 1 || stored < hot) {
            throw new IllegalArgumentException("need 1 <= hot <= stored, not hot " + hot + ", stored " + stored);
        }
        try (Connection connection = DriverManager.getConnection(url, "postgres", password())) {
            long started = System.nanoTime();
            List<String> tokens = insertHotKeys(connection, organization, hot);
            Files.write(tokenFile, tokens, StandardCharsets.US_ASCII);
            long hotDone = System.nanoTime();
            insertFillerKeys(connection, stored - hot);
            long fillerDone = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE organizations");
                statement.execute("VACUUM ANALYZE api_keys");
                statement.execute("SELECT pg_notify('pagekeys_view', 'all')");
            }
            long analyzed = System.nanoTime();
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('api_keys')),"
                            + " pg_size_pretty(pg_relation_size('api_keys_fingerprint_key')) FROM api_keys")) {
                row.next();
                System.out.printf("api_keys: %,d rows, %s with indexes (fingerprint index %s); hot keys %.1f s, filler %.1f s,"
                                + " vacuum and analyze %.1f s%n",
                        row.getLong(1), row.getString(2), row.getString(3), seconds(hotDone - started),
                        seconds(fillerDone - hotDone), seconds(analyzed - fillerDone));
            }
        }
    }

    private static List<String> insertHotKeys(Connection connection, long organization, int hot) throws SQLException {
        SecureRandom random = new SecureRandom();
        List<String> tokens = new ArrayList<>(hot);
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO api_keys (id, kind, organization_id, name, scope, page_rule, fingerprint, hint, created_at, created_by)"
                        + " VALUES (?, 'organization', ?, ?, ARRAY['pages.read'], 'all', ?, ?, now(), 'operator')")) {
            for (int i = 0; i < hot; i++) {
                byte[] secret = new byte[Token.SECRET_BYTES];
                random.nextBytes(secret);
                Token token = Token.generate(KeyKind.ORGANIZATION, secret);
                insert.setString(1, String.format("key_H%016d", i));
                insert.setLong(2, organization);
                insert.setString(3, "Hot " + i);
                insert.setString(4, token.fingerprint().hex());
                insert.setString(5, token.hint());
                insert.addBatch();
                tokens.add(token.reveal());
            }
            insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
        return tokens;
    }

    private static void insertFillerKeys(Connection connection, int filler) throws SQLException {
        if (filler == 0) {
            return;
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL session_replication_role = replica");
            statement.execute("CREATE TEMPORARY TABLE filler_organizations ON COMMIT DROP AS"
                    + " WITH inserted AS (INSERT INTO organizations (name, created_at)"
                    + " SELECT 'Filler ' || g, now() FROM generate_series(1, " + FILLER_ORGANIZATIONS + ") g RETURNING id)"
                    + " SELECT array_agg(id ORDER BY id) AS ids FROM inserted");
            statement.execute("INSERT INTO api_keys (id, kind, organization_id, name, scope, page_rule, fingerprint, hint, created_at, created_by)"
                    + " SELECT 'key_F' || lpad(g::text, 16, '0'), 'organization', o.ids[1 + g % " + FILLER_ORGANIZATIONS + "],"
                    + " 'Filler ' || g, ARRAY['pages.read'], 'all', encode(sha256(('filler ' || g)::bytea), 'hex'),"
                    + " 'ok_Fill' || U&'\\2026' || lpad((g % 10000)::text, 4, '0'), now(), 'operator'"
                    + " FROM generate_series(1, " + filler + ") g, filler_organizations o");
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** The store's password, from {@code PAGEKEYS_JDBC_PASSWORD} as the server under test gets it. */
    private static String password() {
        return Optional.ofNullable(System.getenv("PAGEKEYS_JDBC_PASSWORD")).orElse("");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
