package io.callbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.loway.oss.ari4java.ARI;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The native build's reflection list for ari4java holds exactly the ARI 10 model and action classes of the
 * ari4java jar the app is built with: an upgrade that adds or renames one makes this test fail until the
 * list is made again (it names what is missing and what is stale).
 */
class NativeRegistrationsTest {

    private static final String CONFIG = "META-INF/native-image/io.callbridge/callbridge/reflect-config.json";
    private static final String PACKAGES = "ch/loway/oss/ari4java/generated/ari_10_0_0/(models|actions)/[^/]+\\.class";

    @Test
    void everyAri10ModelAndActionIsRegisteredForReflection() throws Exception {
        TreeSet<String> inJar = new TreeSet<>();
        Path jar = Path.of(ARI.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(e -> e.getName()).filter(n -> n.matches(PACKAGES))
                    .forEach(n -> inJar.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
        }
        assertTrue(inJar.size() > 50, "found ari4java's ARI 10 classes in " + jar);

        TreeSet<String> registered = new TreeSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                registered.add(entry.get("name").asText());
                assertTrue(entry.path("allDeclaredConstructors").asBoolean() && entry.path("allDeclaredFields").asBoolean()
                        && entry.path("allDeclaredMethods").asBoolean(), "full reflection for " + entry);
            }
        }
        List<String> missing = new ArrayList<>(inJar);
        missing.removeAll(registered);
        List<String> stale = new ArrayList<>(registered);
        stale.removeAll(inJar);
        assertEquals(List.of(), missing, "ARI 10 classes not registered in " + CONFIG);
        assertEquals(List.of(), stale, "registered in " + CONFIG + " but not in ari4java");
    }
}
