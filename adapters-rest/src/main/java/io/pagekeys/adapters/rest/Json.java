package io.pagekeys.adapters.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * JSON in and out. Writing: snake_case names, ISO-8601 instants. Reading is strict, so that a body either
 * has exactly the documented shape or is refused before anything happens:
 *
 * <ul>
 *   <li>415 when a body is not sent as {@code application/json};
 *   <li>413 when it is larger than the limit, judged on {@code Content-Length} before reading and while
 *       reading (a chunked body is never read past the limit);
 *   <li>400 when it is not UTF-8 (decoded strictly: overlong forms, encoded surrogates and stray bytes are
 *       refused, never replaced), or not one JSON value (syntax, truncation, duplicate keys, trailing data, nesting or
 *       numbers beyond the parser's limits), judged on the whole body before any of it is bound;
 *   <li>422 naming the field when a text holds an unpaired surrogate ({@code "\\ud800"}), when the JSON has
 *       an unknown field, a value of the wrong type (no coercion
 *       of strings to numbers or back), or lacks a required field.
 * </ul>
 *
 * <p>Jackson's messages are never shown: they may quote the input, and the input may hold a token.
 */
final class Json {

    private static final Pattern PLAIN_FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** The size from which Javalin compresses an answer (its default, {@code CompressionStrategy.GZIP}). */
    private static final int UNCOMPRESSED_BELOW = CompressionStrategy.GZIP.getDefaultMinSizeForCompression();

    /** The request attribute saying that the body was read to its end. */
    private static final String BODY_READ = "pagekeys.body-read";

    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    /** A reader per request type, made once: making one looks the type's deserializer up again. */
    private final ClassValue<ObjectReader> readers = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return mapper.readerFor(type);
        }
    };

    Json(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        JsonMapper strict = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        // No scalar coercion in either direction: "5" is not a number, 5 is not a string, 1 is not true.
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        this.mapper = strict;
    }

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Answers {@code status} with {@code value} as JSON. */
    void answer(Context ctx, int status, Object value) {
        ctx.status(status).contentType("application/json");
        send(ctx, write(value));
    }

    /**
     * Sends {@code body} as the whole answer, its status and headers already set. An answer too small for
     * Javalin to compress is written straight to the response with its length: given to Javalin as a
     * result, it would be copied through a 32 KB buffer made for each answer and judged for compression
     * on the way, which costs more than writing it. A larger one goes through Javalin, which compresses
     * it for a client that accepts gzip.
     *
     * <p>So does the answer to a request whose body was not read (refused before it was needed): written
     * to its length, an answer is sent at once, and Jetty, finding the body still unread when the
     * exchange ends, would close a connection whose answer did not say so, and a client would send its
     * next request into it. Answered through Javalin, the answer is sent after Jetty has tried to read the
     * rest of the body, and carries {@code Connection: close} when it could not.
     */
    static void send(Context ctx, byte[] body) {
        if (body.length >= UNCOMPRESSED_BELOW || (declaresBody(ctx) && ctx.attribute(BODY_READ) == null)) {
            ctx.result(body);
            return;
        }
        try {
            ctx.res().setContentLength(body.length);
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            // The client went away while the answer was written: there is no one left to answer.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body, read as {@code type}, which must be a JSON object. {@code envelope} names the field that
     * wraps the resource (for the error of a body that is not an object), or the body itself.
     *
     * @throws HttpProblem 415, 413, 400 or 422
     */
    <T> T read(Context ctx, Class<T> type, String envelope) {
        return readOptional(ctx, type, envelope)
                .orElseThrow(() -> HttpProblem.badRequest("bad_request", "a JSON body is required"));
    }

    /** {@link #read}, for a body that may be left out: empty when there is none. */
    <T> Optional<T> readOptional(Context ctx, Class<T> type, String envelope) {
        byte[] body = bytes(ctx);
        if (body.length == 0) {
            return Optional.empty();
        }
        boolean escapes = strictUtf8(body);
        if (!escapes) {
            // Bound straight from the bytes. Jackson reads every one of them (a trailing value and a
            // duplicate key refused), so a body bound this way is also one valid JSON value, and bound
            // from its tree would give the same. On any failure, the tree below decides between the
            // text's 400 and the shape's 422.
            try {
                T value = readers.get(type).readValue(body);
                if (value != null) {
                    return Optional.of(value);
                }
            } catch (IOException e) {
                // Judged again below, the text first.
            }
        }
        JsonNode tree = tree(body);
        if (escapes) {
            unpairedSurrogate(tree, new ArrayList<>()).ifPresent(path -> {
                String field = fieldPath(path, envelope);
                throw HttpProblem.unprocessable("invalid_value", field,
                        field + " must be Unicode text; it holds an unpaired surrogate");
            });
        }
        try {
            T value = readers.get(type).readValue(tree);
            if (value == null) {
                throw HttpProblem.unprocessable("wrong_type", envelope, "the body must be a JSON object");
            }
            return Optional.of(value);
        } catch (InputCoercionException e) {
            throw HttpProblem.unprocessable("wrong_type", fieldOf(e.getProcessor(), envelope), "the number is out of range");
        } catch (JsonMappingException e) {
            throw refusal(e, envelope);
        } catch (JsonProcessingException e) {
            // The body is JSON (the tree was read), so whatever else binding finds is about its shape.
            throw HttpProblem.unprocessable("wrong_type", envelope, "the body does not have the shape of this request");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body as a JSON tree: exactly one JSON value, read to its end, before anything is bound to a
     * type. So every failure of the text itself is 400, whatever the type would have made of its first
     * part: bad syntax, truncation ({@code {"a":[[[}), a second value after the first, a duplicate key, or
     * a limit of the parser (nesting deeper than 1000, a number longer than 1000 digits), which Jackson
     * reports with exceptions of several families.
     */
    private JsonNode tree(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode tree = mapper.readTree(parser);
            if (tree == null || parser.nextToken() != null) {
                throw malformed();
            }
            return tree;
        } catch (IOException e) {
            throw malformed();
        }
    }

    /**
     * Checks that the body is UTF-8, refusing (400) what is not: an overlong form ({@code C0 AD} for a
     * hyphen), an encoded surrogate, a truncated sequence, a byte that never starts one. Jackson's own
     * decoder accepts some of these, so that a name could reach the model spelt otherwise than sent. A
     * body of ASCII alone, as nearly every body is, is UTF-8 without decoding.
     *
     * @return whether the body holds a backslash: strict UTF-8 cannot encode a surrogate, so only a
     *     JSON escape ({@code \\ud800}) can put an unpaired one in a text
     */
    private static boolean strictUtf8(byte[] body) {
        boolean ascii = true;
        boolean backslash = false;
        for (byte b : body) {
            ascii &= b >= 0;
            backslash |= b == '\\';
        }
        if (!ascii) {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body));
            } catch (CharacterCodingException e) {
                throw malformed();
            }
        }
        return backslash;
    }

    /**
     * The path, as names and indexes, of the first text (or field name) that holds a surrogate without
     * its pair: JSON's {@code "\\ud800"} escape is valid syntax, but names no character, and would be
     * stored as something other than what was answered.
     */
    private static Optional<List<Object>> unpairedSurrogate(JsonNode node, List<Object> path) {
        if (node.isTextual()) {
            return hasUnpairedSurrogate(node.textValue()) ? Optional.of(path) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> inner = new ArrayList<>(path);
                inner.add(i);
                Optional<List<Object>> found = unpairedSurrogate(node.get(i), inner);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<Object> inner = new ArrayList<>(path);
                inner.add(field.getKey());
                if (hasUnpairedSurrogate(field.getKey())) {
                    return Optional.of(inner);
                }
                Optional<List<Object>> found = unpairedSurrogate(field.getValue(), inner);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** A path as {@link #path} spells it: {@code updates[1].description}, the envelope left out. */
    private static String fieldPath(List<Object> references, String envelope) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < references.size(); i++) {
            Object reference = references.get(i);
            if (reference instanceof String name) {
                if (i == 0 && name.equals(envelope) && references.size() > 1) {
                    continue;
                }
                if (!PLAIN_FIELD.matcher(name).matches()) {
                    name = "(unnamed)";
                }
                path.append(path.length() == 0 ? "" : ".").append(name);
            } else {
                path.append('[').append(reference).append(']');
            }
        }
        return path.length() == 0 ? envelope : path.toString();
    }

    private static HttpProblem malformed() {
        return HttpProblem.badRequest("malformed_json", "the body is not valid JSON");
    }

    private static HttpProblem refusal(JsonMappingException e, String envelope) {
        String field = path(e, envelope);
        if (e instanceof UnrecognizedPropertyException) {
            return HttpProblem.unprocessable("unknown_field", field, field + " is not a field of this request");
        }
        if (e.getCause() instanceof InputCoercionException) {
            return HttpProblem.unprocessable("wrong_type", field, field + " is out of range");
        }
        return HttpProblem.unprocessable("wrong_type", field, field + " has the wrong type");
    }

    private static String fieldOf(JsonParser parser, String envelope) {
        if (parser == null) {
            return envelope;
        }
        String name = parser.getParsingContext().getCurrentName();
        return name != null && PLAIN_FIELD.matcher(name).matches() ? name : envelope;
    }

    /**
     * The path of the offending field inside the resource ({@code name}, {@code updates[0].type}),
     * without the envelope. A field name that is not a plain lower-case word is not repeated: it could
     * be anything, a token included.
     */
    private static String path(JsonMappingException e, String envelope) {
        StringBuilder path = new StringBuilder();
        List<JsonMappingException.Reference> references = e.getPath();
        for (int i = 0; i < references.size(); i++) {
            JsonMappingException.Reference reference = references.get(i);
            String name = reference.getFieldName();
            if (name != null) {
                if (i == 0 && name.equals(envelope) && references.size() > 1) {
                    continue;
                }
                if (!PLAIN_FIELD.matcher(name).matches()) {
                    name = "(unnamed)";
                }
                path.append(path.length() == 0 ? "" : ".").append(name);
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? envelope : path.toString();
    }

    /** Whether the request has a body: a length above 0, or chunks. */
    private static boolean declaresBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        return declared > 0
                || (declared < 0 && "chunked".equalsIgnoreCase(Optional.ofNullable(ctx.header("Transfer-Encoding")).orElse("").strip()));
    }

    private byte[] bytes(Context ctx) {
        if (!declaresBody(ctx)) {
            return new byte[0];
        }
        long declared = ctx.req().getContentLengthLong();
        if (!isJson(ctx.req().getContentType())) {
            throw HttpProblem.unsupportedMediaType();
        }
        if (declared > maxBodyBytes) {
            throw HttpProblem.contentTooLarge(maxBodyBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > 0) {
                // Jetty ends the body at its declared length: read that much, no buffer beyond it.
                byte[] body = in.readNBytes((int) declared);
                if (body.length < declared) {
                    throw HttpProblem.badRequest("bad_request", "the body is shorter than its Content-Length");
                }
                ctx.attribute(BODY_READ, Boolean.TRUE);
                return body;
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw HttpProblem.contentTooLarge(maxBodyBytes);
            }
            ctx.attribute(BODY_READ, Boolean.TRUE);
            return body;
        } catch (IOException e) {
            throw HttpProblem.badRequest("bad_request", "the body could not be read");
        }
    }

    /** {@code application/json} or a {@code +json} type, in UTF-8 (the only charset JSON has). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        if (contentType.equals("application/json")) {
            return true;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String media = parts[0].strip();
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("charset=") && !parameter.substring(8).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }
}
