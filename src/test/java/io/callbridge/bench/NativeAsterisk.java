package io.callbridge.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Asterisk side of the relay bench: N externalMedia channels, played by deploy/bench/fake-asterisk
 * (C, for the kernel's receive timestamps; see its header), driven over its stdin and stdout.
 */
final class NativeAsterisk implements AutoCloseable {

    /** Payload bytes 8..11 of every bench frame, both ways; the first 8 are the sender's System.nanoTime(). */
    static final int MAGIC = 0xCB0BE7C4;
    static final int FRAME = 160;

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int[] ports;

    NativeAsterisk(String binary, int n, String cpu) throws IOException {
        List<String> cmd = cpu.isEmpty() ? List.of(binary, String.valueOf(n))
                : List.of("taskset", "-c", cpu, binary, String.valueOf(n));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        String line = out.readLine();
        if (line == null || !line.startsWith("PORTS ")) throw new IOException("fake-asterisk: " + line);
        ports = Arrays.stream(line.substring(6).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        if (ports.length != n) throw new IOException("fake-asterisk opened " + ports.length + " of " + n);
    }

    long pid() {
        return process.pid();
    }

    int port(int i) {
        return ports[i];
    }

    /** Starts sending to the app's RTP port; {@code deadline} is one of the app clock's tick deadlines. */
    void start(int appPort, long deadline, long from, long to) {
        in.println("GO " + appPort + " " + deadline + " " + from + " " + to);
    }

    void stopSending() {
        in.println("STOPSEND");
    }

    /** Agent frames received so far. */
    long audioIn() throws IOException {
        in.println("COUNT");
        String line = out.readLine();
        if (line == null || !line.startsWith("COUNT ")) throw new IOException("fake-asterisk: " + line);
        return Long.parseLong(line.substring(6).trim());
    }

    /** Stops it and returns its figures (see fake-asterisk.c). */
    JsonObject finish() throws IOException {
        in.println("STOP");
        String line = out.readLine();
        if (line == null) throw new IOException("fake-asterisk ended without figures");
        return new JsonObject(line);
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
