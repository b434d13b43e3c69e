package io.callbridge.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Drives deploy/local/stack from the tests, e.g. to restart Asterisk under the running app. */
public final class LocalStack {

    /** Restarting Asterisk takes seconds; a command still running after this is killed and fails the test. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private LocalStack() {
    }

    /** Runs {@code stack ARGS…}; throws with its output when it fails or does not finish in time. */
    public static void run(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = new File("deploy/local/stack").getAbsolutePath();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Path log;
        try {
            log = Files.createTempFile("stack-" + String.join("-", args), ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // A file, not a pipe: the daemons the script starts (Asterisk) would otherwise hold the pipe open.
        Child.Exit exit = Child.run(new ProcessBuilder(cmd), log, TIMEOUT);
        if (exit.exitCode() != 0) {
            throw new IllegalStateException("stack " + String.join(" ", args) + " failed:\n" + exit.output());
        }
    }
}
