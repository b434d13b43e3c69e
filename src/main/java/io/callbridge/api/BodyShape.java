package io.callbridge.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.callbridge.api.problem.FieldError;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON body against the record it is read into, before Jackson binds it: every property the record
 * lacks and every value of the wrong JSON type (a number for a string, a string for a number or boolean, an
 * object for an array), at any depth, all at once. Nothing is coerced: {@code 123} is not the string
 * {@code "123"}, {@code "8000"} not the number 8000, {@code 1.5} or {@code 1.0} not an integer. Each bad
 * property is removed from the tree, so the rest can still be bound and checked for what it says.
 * JSON names are the record components' names.
 */
final class BodyShape {

    private final TypeFactory types;
    private final List<FieldError> errors = new ArrayList<>();

    BodyShape(TypeFactory types) {
        this.types = types;
    }

    /** What was found so far, in body order. */
    List<FieldError> errors() {
        return errors;
    }

    /**
     * Checks {@code node}, the JSON of {@code type}, at {@code path} ("" for the body). Returns false when
     * the node itself does not fit (the caller removes it); a bad part inside an object is removed here.
     */
    boolean fits(JsonNode node, JavaType type, String path) {
        if (node == null || node.isNull()) return true; // absent or null: the validators say whether it may be
        Class<?> raw = type.getRawClass();
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) return true;
        if (raw == String.class) return expect(node.isTextual(), path, "must be a string");
        if (raw == Integer.class || raw == int.class) {
            return expect(node.isIntegralNumber() && node.canConvertToInt(), path, "must be an integer");
        }
        if (raw == Long.class || raw == long.class) {
            return expect(node.isIntegralNumber() && node.canConvertToLong(), path, "must be an integer");
        }
        if (raw == Boolean.class || raw == boolean.class) return expect(node.isBoolean(), path, "must be true or false");
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return expect(node.isNumber(), path, "must be a number");
        }
        if (type.isMapLikeType()) return map(node, type, path);
        if (type.isCollectionLikeType() || type.isArrayType()) return array(node, type, path);
        if (raw.isRecord()) return record(node, raw, path);
        return true; // any other type is left to Jackson
    }

    /** A record: an object whose every property is one of its components (or ignored by it). */
    boolean record(JsonNode node, Class<?> record, String path) {
        if (!expect(node.isObject(), path, "must be an object")) return false;
        Map<String, JavaType> components = new java.util.LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            components.put(c.getName(), types.constructType(c.getGenericType()));
        }
        JsonIgnoreProperties ignore = record.getAnnotation(JsonIgnoreProperties.class);
        Set<String> ignored = ignore == null ? Set.of() : Set.of(ignore.value());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String at = join(path, name);
            JavaType type = components.get(name);
            if (type == null) {
                if (!ignored.contains(name)) {
                    errors.add(new FieldError(at, "unknown property"));
                    it.remove();
                }
            } else if (!fits(field.getValue(), type, at)) {
                it.remove();
            }
        }
        return true;
    }

    private boolean map(JsonNode node, JavaType type, String path) {
        boolean ofStrings = type.getContentType().getRawClass() == String.class;
        if (!expect(node.isObject(), path, ofStrings ? "must be an object of strings" : "must be an object")) {
            return false;
        }
        ObjectNode object = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!fits(entry.getValue(), type.getContentType(), join(path, entry.getKey()))) it.remove();
        }
        return true;
    }

    private boolean array(JsonNode node, JavaType type, String path) {
        if (!expect(node.isArray(), path, "must be an array")) return false;
        boolean all = true;
        for (int i = 0; i < node.size(); i++) {
            all &= fits(node.get(i), type.getContentType(), path + "[" + i + "]");
        }
        return all;
    }

    private boolean expect(boolean ok, String path, String message) {
        if (!ok) errors.add(new FieldError(path, message));
        return ok;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
