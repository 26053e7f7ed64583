// Build-time jOOQ code generation for adapters-persistence, run by exec-maven-plugin in the
// generate-sources phase through the JDK's single-file source launcher, on the module's test
// classpath. Kept outside src/ so that it is neither compiled into the module nor shipped.
//
// It applies the Flyway migrations to a throwaway embedded PostgreSQL, generates the jOOQ classes
// from the live catalogue (jOOQ's DDLDatabase parses DDL through H2 and rejects ordinary
// PostgreSQL), and stops the database. When the inputs (migrations, this program, jOOQ version)
// have not changed since the last successful run, it does nothing.
//
// Arguments: <migrations directory> <output directory> <package name>

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

public class GenerateJooq {

    private static final String STAMP = ".generated-from";

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: GenerateJooq <migrations directory> <output directory> <package name>");
            System.exit(2);
        }
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        String packageName = args[2];
        if (!Files.isDirectory(migrations)) {
            throw new IllegalArgumentException("no migrations directory: " + migrations);
        }

        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");

        long started = System.nanoTime();
        Files.createDirectories(output.getParent());
        // Two builds of the same working tree may run at once: one generates, the other waits.
        Path lockFile = output.resolveSibling(output.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            String inputs = fingerprintOf(migrations);
            Path stamp = output.resolve(STAMP);
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
                System.out.println("[jooq] classes up to date in " + output);
                return;
            }
            Files.deleteIfExists(stamp);
            generate(migrations, output, packageName);
            Files.writeString(stamp, inputs);
        }
        System.out.printf("[jooq] generated %s into %s in %d ms%n",
                packageName, output, (System.nanoTime() - started) / 1_000_000);
    }

    private static void generate(Path migrations, Path output, String packageName) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                // A throwaway cluster: durability buys nothing here.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start()) {
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();

            Configuration configuration = new Configuration()
                    .withLogging(Logging.WARN)
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(postgres.getJdbcUrl("postgres", "postgres"))
                            .withUser("postgres"))
                    .withGenerator(new Generator()
                            .withName("org.jooq.codegen.JavaGenerator")
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    // Unqualified names: the runtime schema is the connection's
                                    // search_path (tests run in a schema of their own).
                                    .withOutputSchemaToDefault(true)
                                    .withIncludes(".*")
                                    .withExcludes("flyway_schema_history")
                                    .withForcedTypes(new ForcedType()
                                            // The model speaks Instant; timestamptz is an instant.
                                            .withName("INSTANT")
                                            .withIncludeTypes("(?i:timestamp\\ with\\ time\\ zone|timestamptz)")))
                            .withGenerate(new Generate()
                                    .withJavaTimeTypes(true)
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withFluentSetters(true)
                                    .withDaos(false)
                                    .withGeneratedAnnotation(false)
                                    .withDeprecationOnUnknownTypes(false)
                                    // A self-reference (api_keys.replaced_by) makes to-many path names clash.
                                    .withImplicitJoinPathsToMany(false))
                            .withTarget(new Target()
                                    .withPackageName(packageName)
                                    .withDirectory(output.toString())
                                    .withEncoding("UTF-8")
                                    .withClean(true)));
            GenerationTool.generate(configuration);
        }
    }

    /** SHA-256 over the migrations (names and bytes), this program and the jOOQ version. */
    private static String fingerprintOf(Path migrations) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(org.jooq.Constants.FULL_VERSION.getBytes(StandardCharsets.UTF_8));
        digest.update(programSource());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(migrations)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            digest.update(migrations.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Files.readAllBytes(file));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] programSource() throws IOException {
        // A class launched from source has no file to find itself by: the build names it.
        String path = System.getProperty("pagekeys.codegen.source");
        if (path == null) {
            throw new IllegalStateException("set -Dpagekeys.codegen.source to this program's path");
        }
        return Files.readAllBytes(Path.of(path));
    }
}
