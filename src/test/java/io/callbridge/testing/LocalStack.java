package io.callbridge.testing;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Drives deploy/local/stack from the tests, e.g. to restart Asterisk under the running app. */
public final class LocalStack {

    private LocalStack() {
    }

    public static void run(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = new File("deploy/local/stack").getAbsolutePath();
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("stack " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
