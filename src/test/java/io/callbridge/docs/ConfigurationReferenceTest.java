package io.callbridge.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration-reference.md's property table is generated from the code, so it cannot drift: every
 * {@code @ConfigMapping} interface of the app (its properties, types, {@code @WithDefault} defaults and the
 * first sentence of each method's Javadoc) and every property set in application.properties. The test fails
 * when the table differs from what the code says; run it with {@code -Dconfig.reference.write=true} to
 * write the table again.
 */
class ConfigurationReferenceTest {

    private static final Path DOC = Path.of("docs/configuration-reference.md");
    private static final String START = "<!-- generated from the code by ConfigurationReferenceTest: do not edit -->";
    private static final String END = "<!-- end of generated table -->";

    record Property(String name, String type, String defaultValue, String description) {
    }

    @Test
    void theReferenceListsEveryPropertyAsTheCodeDefinesIt() throws Exception {
        String expected = table(properties());
        String doc = Files.readString(DOC);
        int start = doc.indexOf(START), end = doc.indexOf(END);
        assertTrue(start >= 0 && end > start, DOC + " holds the generated table's markers");
        String current = doc.substring(start + START.length(), end).strip();
        if (Boolean.getBoolean("config.reference.write")) {
            Files.writeString(DOC, doc.substring(0, start + START.length()) + "\n" + expected + "\n" + doc.substring(end));
            return;
        }
        assertEquals(expected, current, DOC + " is out of date: run this test with -Dconfig.reference.write=true");
    }

    static Map<String, Property> properties() throws Exception {
        Map<String, Property> all = new TreeMap<>();
        Path classes = Path.of("target/classes");
        List<Class<?>> mappings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/callbridge"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, ConfigurationReferenceTest.class.getClassLoader());
                if (c.isAnnotationPresent(ConfigMapping.class)) mappings.add(c);
            }
        }
        assertTrue(mappings.size() >= 10, "found the config mappings: " + mappings);
        for (Class<?> mapping : mappings) {
            collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), all);
        }
        // Properties application.properties sets (Quarkus's own, and defaults kept there), without profiles.
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            Matcher m = Pattern.compile("^([a-z][a-zA-Z0-9.\"_-]*)=(.*)$").matcher(line);
            if (!m.matches() || all.containsKey(m.group(1))) continue;
            String value = m.group(2).strip();
            if (value.endsWith("\\")) value = value.substring(0, value.length() - 1).strip() + " …";
            all.put(m.group(1), new Property(m.group(1), "", value, "set in application.properties"));
        }
        return all;
    }

    private static void collect(Class<?> type, String prefix, Map<String, Property> into) throws IOException {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getParameterCount() > 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()) continue;
            String name = prefix + "." + kebab(m.getName());
            Class<?> rt = m.getReturnType();
            if (rt.isInterface() && rt.getName().startsWith("io.callbridge")) {
                collect(rt, name, into);
                continue;
            }
            WithDefault def = m.getAnnotation(WithDefault.class);
            String previous = into.containsKey(name) ? into.get(name).description() : "";
            String description = javadoc(type, m.getName());
            into.put(name, new Property(name, typeName(m.getGenericReturnType()), def == null ? "" : def.value(),
                    description.isEmpty() ? previous : description));
        }
    }

    private static String typeName(Type t) {
        if (t instanceof ParameterizedType p) {
            String args = String.join(", ", Stream.of(p.getActualTypeArguments()).map(ConfigurationReferenceTest::typeName).toList());
            return ((Class<?>) p.getRawType()).getSimpleName() + "<" + args + ">";
        }
        return t instanceof Class<?> c ? c.getSimpleName() : t.getTypeName();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** The first sentence of the method's Javadoc in its interface's source file; "" without one. */
    private static String javadoc(Class<?> type, String method) throws IOException {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) top = top.getEnclosingClass();
        Path source = Path.of("src/main/java", top.getName().replace('.', '/') + ".java");
        if (!Files.exists(source)) return "";
        Matcher m = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*[\\w<>?,. \\[\\]]+\\s+"
                + Pattern.quote(method) + "\\(\\)", Pattern.DOTALL).matcher(Files.readString(source));
        if (!m.find()) return "";
        String text = m.group(1).replaceAll("(?m)^\\s*\\*\\s?", " ").replaceAll("\\{@(?:code|link|linkplain) ([^}]*)}", "`$1`")
                .replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip();
        int dot = text.indexOf(". ");
        return (dot > 0 ? text.substring(0, dot + 1) : text).replace("|", "\\|");
    }

    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    static String table(Map<String, Property> properties) {
        StringBuilder out = new StringBuilder("| property | environment variable | type | default | what it is |\n|---|---|---|---|---|\n");
        for (Property p : properties.values()) {
            out.append("| `").append(p.name()).append("` | `").append(envName(p.name())).append("` | ")
                    .append(p.type()).append(" | ").append(p.defaultValue().isEmpty() ? "" : "`" + p.defaultValue().replace("|", "\\|") + "`")
                    .append(" | ").append(p.description()).append(" |\n");
        }
        return out.toString().strip();
    }
}
