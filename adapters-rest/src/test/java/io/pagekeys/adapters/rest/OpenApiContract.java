package io.pagekeys.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as a test oracle: every answer a test sees must be documented for its route,
 * method and status, with the documented media type, and its body must validate against the documented
 * JSON schema. An answer for an unknown route (404) or a wrong method (405) must be a problem document.
 */
final class OpenApiContract {

    private static final String DOCUMENT_IRI = "https://pagekeys.test/openapi.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(String text) {
        try {
            this.document = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, text)));
    }

    static OpenApiContract load() {
        return new OpenApiContract(new String(ServerRoutes.openApiDocument(), StandardCharsets.UTF_8));
    }

    JsonNode document() {
        return document;
    }

    /** Every operation documented, as {@code "GET /api/v2/me"}, with path parameters as Javalin writes them. */
    TreeSet<String> operations() {
        TreeSet<String> operations = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    /**
     * Checks one answer against the document.
     *
     * @throws AssertionError naming what does not match
     */
    void check(String method, String path, int status, Optional<String> contentType, String body) {
        String where = method + " " + path + " -> " + status;
        Optional<JsonNode> operation = operation(method, path);
        if (operation.isEmpty()) {
            if (status != 404 && status != 405 && status != 400) {
                throw new AssertionError(where + ": no documented operation for this route, yet the status is not 404, 405 or 400");
            }
            validate(where, "#/components/schemas/Problem", body);
            requireMediaType(where, contentType, "application/problem+json");
            return;
        }
        JsonNode response = operation.get().path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new AssertionError(where + ": status " + status + " is not documented for this operation");
        }
        response = resolve(response);
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!body.isEmpty()) {
                throw new AssertionError(where + ": documented without a body, but has one: " + body);
            }
            if (contentType.isPresent()) {
                throw new AssertionError(where + ": documented without a body, but has a Content-Type: " + contentType.get());
            }
            return;
        }
        String mediaType = contentType.map(type -> type.split(";")[0].strip().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new AssertionError(where + ": answer has no Content-Type"));
        JsonNode media = content.path(mediaType);
        if (media.isMissingNode()) {
            throw new AssertionError(where + ": media type " + mediaType + " is not documented; documented: " + content.fieldNames().next());
        }
        JsonNode schema = media.path("schema");
        if (schema.has("$ref")) {
            validate(where, schema.get("$ref").asText(), body);
        } else {
            validateInline(where, schema, body);
        }
    }

    private Optional<JsonNode> operation(String method, String path) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        List<Map.Entry<String, JsonNode>> matches = new ArrayList<>();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            if (templatePattern(entry.getKey()).matcher(path).matches()) {
                matches.add(entry);
            }
        }
        // A literal path wins over a template that also matches it.
        matches.sort((a, b) -> Long.compare(a.getKey().chars().filter(c -> c == '{').count(), b.getKey().chars().filter(c -> c == '{').count()));
        for (Map.Entry<String, JsonNode> match : matches) {
            JsonNode operation = match.getValue().path(method.toLowerCase(Locale.ROOT));
            if (!operation.isMissingNode()) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex + "/?");
    }

    private JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        String pointer = node.get("$ref").asText().substring(1);
        return document.at(pointer);
    }

    private void validate(String where, String reference, String body) {
        Schema schema = schemas.computeIfAbsent(reference, ref -> registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + ref)));
        report(where, reference, schema.validate(body, InputFormat.JSON), body);
    }

    private void validateInline(String where, JsonNode schemaNode, String body) {
        Schema schema = registry.getSchema(schemaNode.toString(), InputFormat.JSON);
        report(where, "inline schema", schema.validate(body, InputFormat.JSON), body);
    }

    private static void report(String where, String schema, List<Error> errors, String body) {
        if (!errors.isEmpty()) {
            throw new AssertionError(where + ": body does not match " + schema + ": " + errors + "\nbody: " + body);
        }
    }

    private static void requireMediaType(String where, Optional<String> contentType, String expected) {
        String actual = contentType.map(type -> type.split(";")[0].strip()).orElse("(none)");
        if (!actual.equalsIgnoreCase(expected)) {
            throw new AssertionError(where + ": media type " + actual + ", expected " + expected);
        }
    }
}
