package io.callbridge.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiFunction;

/**
 * The reader for API request bodies ({@code @CustomDeserialization}). Stricter than the application's
 * ObjectMapper, which stays lenient for the agents' protocols: a misspelt property, a value of the wrong JSON
 * type (no coercion: {@code 123} is not {@code "123"}), a duplicate key, 1.5 for an integer or text after
 * the object is an error the client hears about, not a silent default. A {@link CheckedBody} is checked
 * whole ({@link CheckedBodyDeserializer}), so every bad field comes in one answer.
 */
public class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    /** One strict copy per application mapper (there is one; weak so a restarted app lets the old go). */
    private static final Map<ObjectMapper, ObjectMapper> STRICT = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        ObjectMapper strict = STRICT.computeIfAbsent(mapper, StrictJson::strict);
        return strict.readerFor(strict.constructType(type))
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** {@code lenient} without scalar coercions, reading {@link CheckedBody} types whole. */
    static ObjectMapper strict(ObjectMapper lenient) {
        ObjectMapper strict = lenient.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            strict.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        strict.registerModule(new SimpleModule("callbridge-checked-bodies").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                                                          JsonDeserializer<?> deserializer) {
                return CheckedBody.class.isAssignableFrom(bean.getBeanClass())
                        ? new CheckedBodyDeserializer(deserializer) : deserializer;
            }
        }));
        return strict;
    }
}
