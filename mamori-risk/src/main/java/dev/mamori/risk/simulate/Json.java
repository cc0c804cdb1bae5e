package dev.mamori.risk.simulate;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's JSON, through Jackson: answers read into {@code Map}/{@code List}/{@code String}/
 * {@code Number}/{@code Boolean}/{@code null}, and the same written back.
 */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("expected a JSON object");
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IllegalArgumentException("expected a JSON array");
    }

    static String string(Map<String, Object> object, String name) {
        Object value = object.get(name);
        return value == null ? null : value.toString();
    }

    static long number(Map<String, Object> object, String name, long fallback) {
        return object.get(name) instanceof Number n ? n.longValue() : fallback;
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static String pretty(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder out, String s) {
        out.append(MAPPER.writeValueAsString(s));
    }
}
