package io.callbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (docs: design, "Code layout"): resources → services → lower layers. No class
 * below the REST layer imports {@code io.callbridge.api}; the identity of who made a change is
 * {@code audit.Actor}. Read from the sources, so a violation is named by file and line.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/io/callbridge");
    private static final List<String> LOWER = List.of("call", "config", "audit", "store", "ari", "media", "quality",
            "stream", "webhook");

    @Test
    void lowerLayersDoNotImportTheApi() throws IOException {
        List<String> violations;
        try (Stream<Path> files = LOWER.stream().map(MAIN::resolve).filter(Files::isDirectory).flatMap(LayeringTest::walk)) {
            violations = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> imports(f).stream().map(line -> MAIN.relativize(f) + ": " + line))
                    .toList();
        }
        assertEquals(List.of(), violations);
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith("import io.callbridge.api") || l.startsWith("import static io.callbridge.api"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
