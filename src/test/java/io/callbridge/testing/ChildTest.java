package io.callbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tests' child processes: their timeouts fire, whatever the child does with its output. */
class ChildTest {

    @Test
    void aHungChildIsKilledWhenItsTimeIsUpWithItsOutputSoFar() throws Exception {
        Path log = Files.createTempFile("child", ".log");
        Child.Exit exit = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                Child.run(new ProcessBuilder("sh", "-c", "echo started; exec sleep 60"), log, Duration.ofSeconds(1)));
        assertTrue(exit.timedOut());
        assertEquals(-1, exit.exitCode());
        assertTrue(exit.output().startsWith("started"), exit.output());
    }

    @Test
    void aChildThatLeavesADaemonWithItsOutputOpenIsDoneWhenItExits() throws Exception {
        Path log = Files.createTempFile("child", ".log");
        // the shell exits at once; the sleep it leaves behind keeps the shell's stdout open for a minute
        Child.Exit exit = assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                Child.run(new ProcessBuilder("sh", "-c", "sleep 60 & echo $!"), log, Duration.ofSeconds(30)));
        ProcessHandle.of(Long.parseLong(exit.output().strip())).ifPresent(ProcessHandle::destroy);
        assertFalse(exit.timedOut());
        assertEquals(0, exit.exitCode());
    }
}
