package io.pagekeys.adapters.persistence;

import static io.pagekeys.adapters.persistence.ServicesOnPostgres.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.pagekeys.adapters.persistence.ServicesOnPostgres.Tenant;
import io.pagekeys.application.port.in.IssuedKey;
import io.pagekeys.application.port.in.Principal;
import io.pagekeys.application.port.in.RevokeKeyCommand;
import io.pagekeys.application.port.in.RotateKeyCommand;
import io.pagekeys.domain.Cidr;
import io.pagekeys.domain.GracePeriod;
import io.pagekeys.domain.KeyScope;
import io.pagekeys.domain.Permission;
import io.pagekeys.domain.Role;
import io.pagekeys.domain.Token;
import io.pagekeys.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only a fingerprint and a hint of each token are stored: after keys of both kinds are issued, used,
 * rotated and revoked, no text, text array or binary column of any table holds a token or its body.
 */
class NoSecretAtRestTest {

    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    /** A column that could hold a secret, as information_schema describes it. */
    private record Column(String table, String name, String type) {

        /** An expression that reads the column as text; binary columns as raw bytes in Latin-1 escapes. */
        String asText() {
            String quoted = DSL.quotedName(name).toString();
            return switch (type) {
                case "bytea" -> "encode(" + quoted + ", 'escape')";
                case "_bytea" -> "array_to_string(array(SELECT encode(b, 'escape') FROM unnest(" + quoted + ") b), ' ')";
                default -> quoted + "::text";
            };
        }
    }

    @Test
    void noColumnOfAnyTableHoldsATokenOrItsBody() {
        ServicesOnPostgres world = new ServicesOnPostgres(database.dataSource());
        Tenant acme = world.organization("Acme", "status", "internal");
        UserId editor = world.memberOf(acme, Role.EDITOR);
        List<IssuedKey> issued = new ArrayList<>();
        issued.add(world.organizationKeyOf(acme, request(KeyScope.full(), acme.page(0))
                .fromAddresses(List.of(Cidr.parse("203.0.113.0/24")))
                .expiringAt(world.clock.instant().plus(Duration.ofDays(30)))));
        issued.add(world.userKeyOf(acme, editor, request(KeyScope.readWrite())));
        issued.add(world.userKeyOf(acme, acme.owner(), request(KeyScope.readOnly(), acme.page(1))));
        for (IssuedKey key : List.copyOf(issued)) {
            world.verify(key, acme.page(0), Permission.PAGES_READ);
            issued.add(key.key().user().isPresent()
                    ? world.keys.rotateOwnKey(Principal.person(key.key().user().get()),
                            new RotateKeyCommand(acme.id(), key.key().id(), GracePeriod.ofSeconds(600)))
                    : world.keys.rotateOrganizationKey(acme.ownerInPerson(),
                            new RotateKeyCommand(acme.id(), key.key().id(), GracePeriod.ofSeconds(600))));
        }
        world.keys.revokeOrganizationKey(acme.ownerInPerson(), new RevokeKeyCommand(acme.id(), issued.get(0).key().id()));

        List<Column> columns = columnsThatCouldHoldText(database.dsl());
        List<String> stored = new ArrayList<>();
        for (Column column : columns) {
            stored.addAll(database.dsl()
                    .fetch("SELECT " + column.asText() + " FROM " + DSL.quotedName(column.table()) + " WHERE "
                            + DSL.quotedName(column.name()) + " IS NOT NULL")
                    .getValues(0, String.class));
        }

        assertThat(columns).extracting(Column::table).contains("api_keys", "api_key_pages", "key_events", "users");
        // The scan reads what was written: every fingerprint is there, so a token would be too.
        for (IssuedKey key : issued) {
            assertThat(stored).contains(key.key().fingerprint().hex(), key.key().hint());
        }
        for (IssuedKey key : issued) {
            String token = key.token().reveal();
            String body = token.substring(3, 3 + 43);
            assertThat(token).hasSize(Token.LENGTH);
            assertThat(stored).noneSatisfy(value -> assertThat(value).contains(token));
            // The body alone, and case folded, in case a column ever keeps part of a token or lower-cases it.
            assertThat(stored).noneSatisfy(value -> assertThat(value.toLowerCase(Locale.ROOT)).contains(body.toLowerCase(Locale.ROOT)));
        }
    }

    private static List<Column> columnsThatCouldHoldText(DSLContext sql) {
        List<Column> columns = new ArrayList<>();
        for (Record row : sql.fetch("""
                SELECT table_name, column_name, udt_name
                  FROM information_schema.columns
                 WHERE table_schema = current_schema()
                   AND udt_name IN ('text', '_text', 'varchar', '_varchar', 'bpchar', '_bpchar', 'bytea', '_bytea', 'json', 'jsonb')
                 ORDER BY table_name, ordinal_position""")) {
            columns.add(new Column(row.get(0, String.class), row.get(1, String.class), row.get(2, String.class)));
        }
        return columns;
    }
}
