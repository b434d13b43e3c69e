package io.callbridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A program the tests run (sipp, baresip, the stack script) whose output goes to a file rather than a
 * pipe, so waiting for it can time out: a child that hangs is killed when its time is up instead of
 * hanging the suite, and its output so far is still there to read. (Reading a pipe to its end first would
 * wait for the child, or for any daemon it started that kept the pipe open, however long that takes.)
 */
public final class Child {

    /** How long a child asked to stop (SIGTERM) may take before it is killed (SIGKILL). */
    private static final Duration GRACE = Duration.ofSeconds(2);

    /**
     * How a child ended.
     *
     * @param exitCode its exit status; -1 when it was killed because its time was up
     * @param output   what it wrote to stdout and stderr, with a last line saying so when it was killed
     * @param timedOut true when it did not finish in time and was killed
     */
    public record Exit(int exitCode, String output, boolean timedOut) {
    }

    private final Process process;
    private final Path log;
    private final String name;

    private Child(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** Starts {@code builder} with stdout and stderr going to {@code log}. */
    public static Child start(ProcessBuilder builder, Path log) {
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return new Child(builder.start(), log, builder.command().getFirst());
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + builder.command(), e);
        }
    }

    /** Runs {@code builder} to its end, or kills it after {@code timeout}. */
    public static Exit run(ProcessBuilder builder, Path log, Duration timeout) {
        return start(builder, log).await(timeout);
    }

    /**
     * Waits at most {@code timeout} for the child to exit. If it has not, it is stopped (SIGTERM, then
     * SIGKILL after a grace of {@link #GRACE}) and the result says {@code timedOut}.
     */
    public Exit await(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Exit(process.exitValue(), output(), false);
            }
            stop();
            return new Exit(-1, output() + "\n[" + name + " killed: still running after " + timeout.toSeconds() + " s]",
                    true);
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** Stops the child if it still runs: SIGTERM, then SIGKILL if it lingers. Waits until it is gone. */
    public void stop() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** What the child has written so far. */
    public String output() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "[could not read " + log + ": " + e.getMessage() + "]";
        }
    }
}
