package io.callbridge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a process's TCP connections to ARI (127.0.0.1:8088) with {@code ss -K}, as a network fault or a
 * reset would: the events WebSocket and the pooled REST connections alike. Other processes' connections (a
 * running stack app) are left alone.
 */
public final class AriSockets {

    private AriSockets() {
    }

    /** Cuts every established connection of {@code pid} to ARI; returns how many; fails when there was none. */
    public static int cut(long pid) {
        try {
            Process ss = new ProcessBuilder("ss", "-tnpH", "state", "established", "dst", "127.0.0.1:8088").start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor(10, TimeUnit.SECONDS);
            // Java's sockets show as IPv4-mapped IPv6 addresses: [::ffff:127.0.0.1]:port
            Matcher m = Pattern.compile("127\\.0\\.0\\.1]?:(\\d+)\\s+\\S*127\\.0\\.0\\.1]?:8088\\s+users:\\(\\(\"[^\"]*\",pid=" + pid + ",")
                    .matcher(out);
            int cut = 0;
            while (m.find()) {
                Process kill = new ProcessBuilder("ss", "-K", "dport", "=", "8088", "sport", "=", m.group(1))
                        .redirectErrorStream(true).start();
                kill.getInputStream().readAllBytes();
                if (!kill.waitFor(10, TimeUnit.SECONDS)) kill.destroyForcibly();
                cut++;
            }
            if (cut == 0) throw new AssertionError("no ARI connection of pid " + pid + " in:\n" + out);
            return cut;
        } catch (IOException e) {
            throw new IllegalStateException("could not run ss", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
