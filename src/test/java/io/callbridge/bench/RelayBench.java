package io.callbridge.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The relay benchmark (docs/performance.md): N calls' media through the app's real media path. This
 * process plays the agent ({@link SinkAgent}, a Vert.x WebSocket server) and drives Asterisk's side
 * ({@link NativeAsterisk}); the app side ({@link RelayApp}) runs in a second JVM pinned to its own core.
 * Latencies are measured across processes with CLOCK_MONOTONIC (System.nanoTime), one clock for the machine.
 *
 * <pre>
 *   run:   RelayBench --streams N --asterisk-bin PATH [--warmup S] [--measure S] [--app-cpu C]
 *          [--app-java-opts "..."] [--app-log FILE] [--out FILE] [--sink-rt PRIO] [--per-endpoint K]
 *          prints one line of JSON (and appends it to --out)
 *   table: RelayBench table FILE          the runs of FILE as tables
 * </pre>
 */
public final class RelayBench {

    /** Agent sockets per endpoint: Vert.x's default WebSocketClientOptions.maxConnections (--per-endpoint). */
    static final int PER_ENDPOINT = 50;

    /** The measurement window, in System.nanoTime(). */
    static final class Window {
        volatile long from = Long.MAX_VALUE;
        volatile long to = Long.MIN_VALUE;
    }

    private RelayBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("table")) {
            RelayTable.print(Files.readAllLines(Path.of(args[1])));
            return;
        }
        Map<String, String> opt = options(args);
        JsonObject result = run(opt);
        System.out.println(result.encode());
        if (opt.containsKey("out")) {
            Files.writeString(Path.of(opt.get("out")), result.encode() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    private static JsonObject run(Map<String, String> opt) throws Exception {
        int n = Integer.parseInt(opt.getOrDefault("streams", "100"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "15"));
        int measure = Integer.parseInt(opt.getOrDefault("measure", "30"));
        String appLog = opt.getOrDefault("app-log", "relay-app.log");
        Window window = new Window();
        SinkAgent sink = new SinkAgent(n, window);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        CompletableFuture<JsonObject> ready = new CompletableFuture<>();
        CompletableFuture<HttpServerResponse> readyResponse = new CompletableFuture<>();
        CompletableFuture<HttpServerResponse> drainedResponse = new CompletableFuture<>();
        CompletableFuture<JsonObject> report = new CompletableFuture<>();
        NativeAsterisk asterisk = new NativeAsterisk(opt.getOrDefault("asterisk-bin", "fake-asterisk"), n, "");
        // Vert.x's WebSocketClient opens at most 50 sockets per host:port (WebSocketClientOptions.maxConnections,
        // which AgentConnector leaves at its default): more streams to one endpoint wait for a free slot. The
        // bench gives every 50 streams their own port of the agent (docs/performance.md, "Findings").
        int perEndpoint = Integer.parseInt(opt.getOrDefault("per-endpoint", String.valueOf(PER_ENDPOINT)));
        int endpoints = (n + perEndpoint - 1) / perEndpoint;
        int[] ports = new int[endpoints];
        for (int e = 0; e < endpoints; e++) {
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                            .setAcceptBacklog(8192).setMaxWebSocketFrameSize(1 << 20))
                    .webSocketHandler(sink::accept)
                    .requestHandler(req -> control(req, n, perEndpoint, asterisk, ports, ready, readyResponse, drainedResponse, report))
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ports[e] = server.actualPort();
        }
        String rt = realtime(vertx, opt.getOrDefault("sink-rt", "0"));

        Process app = startApp(opt.getOrDefault("app-cpu", "1"), opt.getOrDefault("app-java-opts", "-XX:+UseG1GC"),
                appLog, ports[0]);
        try {
            JsonObject hello = ready.get(180, TimeUnit.SECONDS);
            long appPid = hello.getLong("pid");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (sink.started() < n) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("only " + sink.started() + " of " + n + " streams started");
                if (!app.isAlive()) throw new IllegalStateException("the app process exited, see " + appLog);
                Thread.sleep(20);
            }
            window.from = System.nanoTime() + warmup * 1_000_000_000L;
            window.to = window.from + measure * 1_000_000_000L;
            asterisk.start(hello.getInteger("rtpPort"), hello.getLong("deadline"), window.from, window.to);
            readyResponse.get().end(new JsonObject().put("from", window.from).put("to", window.to).encode());

            // A collection in this JVM stalls the agent and so shows as app latency: collect before the window
            // (the generator runs with a young generation big enough for the window, see deploy/bench/relay).
            sleepUntil(window.from - 2_000_000_000L);
            System.gc();
            sleepUntil(window.from);
            Snapshot s0 = Snapshot.take(appPid, asterisk.pid());
            long[] gc0 = gcCountMs();
            sleepUntil(window.to);
            Snapshot s1 = Snapshot.take(appPid, asterisk.pid());
            long[] gc1 = gcCountMs();
            asterisk.stopSending();
            sink.stopAnswering();
            long drainMs = drain(asterisk, sink);
            drainedResponse.get(30, TimeUnit.SECONDS).end("{}");
            JsonObject appReport = report.get(30, TimeUnit.SECONDS);
            JsonObject ast = asterisk.finish();
            return result(n, measure, ast, sink, s0, s1, appReport, appPid, asterisk.pid())
                    .put("genGcCount", gc1[0] - gc0[0]).put("genGcMs", gc1[1] - gc0[1]).put("drainMs", drainMs).put("sinkRealtime", rt);
        } finally {
            app.destroy();
            if (!app.waitFor(5, TimeUnit.SECONDS)) app.destroyForcibly();
            vertx.close();
            asterisk.close();
        }
    }

    /**
     * After the window the agent stops answering; the frames it already sent may still wait in the playout
     * queues (a burst of caller audio is answered at once, and a queue never shrinks while audio goes in as
     * fast as it comes out). Waits until every one of them has reached Asterisk or nothing has moved for 2 s.
     */
    private static long drain(NativeAsterisk asterisk, SinkAgent sink) throws Exception {
        long start = System.nanoTime();
        long last = -1, lastUp = -1, stillSince = start;
        while (System.nanoTime() - start < 30_000_000_000L) {
            Thread.sleep(200);
            long arrived = asterisk.audioIn();
            long up = sink.mediaInTotal();
            if (arrived >= sink.mediaOutTotal() && up == lastUp) break;
            if (arrived != last || up != lastUp) stillSince = System.nanoTime();
            else if (System.nanoTime() - stillSince > 2_000_000_000L) break;
            last = arrived;
            lastUp = up;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** CPU ms in the window of every process but the app and the generator (this JVM, fake-asterisk). */
    private static double other(Snapshot s0, Snapshot s1, long appPid, long asteriskPid) {
        double sum = 0;
        for (var e : s1.all.entrySet()) {
            long pid = e.getKey();
            if (pid == appPid || pid == asteriskPid || pid == ProcessHandle.current().pid()) continue;
            sum += e.getValue() - s0.all.getOrDefault(pid, 0.0);
        }
        return sum;
    }

    private static JsonObject result(int n, int measure, JsonObject ast, SinkAgent sink, Snapshot s0,
                                     Snapshot s1, JsonObject app, long appPid, long asteriskPid) {
        double seconds = measure;
        JsonObject threads = new JsonObject();
        s1.appThreads.forEach((name, ms) -> {
            double d = ms - s0.appThreads.getOrDefault(name, 0.0);
            if (d > 0) threads.put(name, round(d / seconds / 10.0)); // % of a core
        });
        JsonObject udp = new JsonObject();
        s1.udp.forEach((k, v) -> udp.put(k, v - s0.udp.getOrDefault(k, 0L)));
        long upSent = ast.getLong("sent");
        long upArrived = sink.mediaInTotal();
        long downSent = sink.mediaOutTotal();
        long downArrived = ast.getLong("audioIn");
        return new JsonObject()
                .put("streams", n)
                .put("measureS", measure)
                .put("appCpuPct", round((s1.appCpu - s0.appCpu) / seconds / 10.0))
                .put("appSysPct", round((s1.appSys - s0.appSys) / seconds / 10.0))
                .put("genCpuPct", round((s1.genCpu - s0.genCpu) / seconds / 10.0))
                // Anything else busy on the machine (another build, a test run) would distort the figures.
                .put("otherCpuPct", round(other(s0, s1, appPid, asteriskPid) / seconds / 10.0))
                .put("appThreadsPct", threads)
                .put("uplink", sink.uplink().summary())
                .put("ingress", app.getJsonObject("probe"))
                .put("egress", ast.getJsonObject("egress"))
                .put("egressUserSpace", ast.getJsonObject("egressUser"))
                .put("clockLateness", app.getJsonObject("lateness"))
                .put("clockWork", app.getJsonObject("work"))
                .put("genSendLag", ast.getJsonObject("sendLag"))
                // Lost: sent in the window and never seen at the other end (the totals include warm-up and drain).
                .put("upLost", ast.getLong("sentInWindow") - sink.uplink().count())
                .put("downLost", sink.answersInWindow() - ast.getLong("framesInWindow"))
                .put("upSent", upSent).put("upArrived", upArrived).put("upLostTotal", upSent - upArrived)
                .put("downSent", downSent).put("downArrived", downArrived).put("downLostTotal", downSent - downArrived)
                .put("downUnderrunFrames", ast.getLong("silenceInWindow"))
                .put("downFramesInWindow", ast.getLong("receivedInWindow"))
                .put("downSeqGaps", ast.getLong("gaps"))
                .put("probesSent", sink.probesSent())
                .put("sinkUndecodable", sink.undecodable())
                .put("udp", udp)
                .put("app", app);
    }

    /**
     * Puts the agent's event loop in SCHED_FIFO, so that it reads each frame as soon as it arrives however
     * busy this core is: its timestamps are the uplink's "WS out". "" when done, else why not.
     */
    private static String realtime(Vertx vertx, String priority) throws Exception {
        if (priority.isEmpty() || priority.equals("0")) return "off";
        CompletableFuture<String> tid = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            try {
                tid.complete(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
            } catch (Exception e) {
                tid.completeExceptionally(e);
            }
        });
        Process chrt = new ProcessBuilder("chrt", "-f", "-p", priority, tid.get(5, TimeUnit.SECONDS))
                .redirectErrorStream(true).start();
        String out = new String(chrt.getInputStream().readAllBytes()).trim();
        return chrt.waitFor() == 0 ? "SCHED_FIFO " + priority : "failed: " + out;
    }

    private static void control(HttpServerRequest req, int n, int perEndpoint, NativeAsterisk asterisk, int[] ports,
                                CompletableFuture<JsonObject> ready, CompletableFuture<HttpServerResponse> readyResponse,
                                CompletableFuture<HttpServerResponse> drainedResponse, CompletableFuture<JsonObject> report) {
        switch (req.path()) {
            case "/control/setup" -> {
                JsonArray rtp = new JsonArray();
                JsonArray ws = new JsonArray();
                for (int i = 0; i < n; i++) {
                    rtp.add(asterisk.port(i));
                    ws.add("ws://127.0.0.1:" + ports[i / perEndpoint] + "/agent/" + i);
                }
                req.response().end(new JsonObject().put("streams", n).put("ports", rtp).put("ws", ws).encode());
            }
            case "/control/ready" -> req.body().onSuccess(body -> { // answered once the window is set
                readyResponse.complete(req.response());
                ready.complete(body.toJsonObject());
            });
            case "/control/drained" -> drainedResponse.complete(req.response()); // answered after the drain
            case "/control/report" -> req.body().onSuccess(body -> {
                req.response().end("{}");
                report.complete(body.toJsonObject());
            });
            default -> req.response().setStatusCode(404).end();
        }
    }

    private static Process startApp(String cpu, String javaOpts, String log, int port) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (!cpu.isEmpty()) cmd.addAll(List.of("taskset", "-c", cpu));
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        for (String o : javaOpts.trim().split("\\s+")) if (!o.isEmpty()) cmd.add(o);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayApp.class.getName(),
                "http://127.0.0.1:" + port));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log)).start();
    }

    /** CPU of the app (user, system; by thread) and of the generator (this JVM and fake-asterisk), UDP counters. */
    private record Snapshot(double appCpu, double appSys, double genCpu, Map<Long, Double> all, Map<String, Double> appThreads,
                            Map<String, Long> udp) {
        static Snapshot take(long appPid, long asteriskPid) {
            return new Snapshot(Procs.cpuMs(appPid), Procs.sysMs(appPid), Procs.cpuMs(ProcessHandle.current().pid()) + Procs.cpuMs(asteriskPid),
                    Procs.allCpuMs(), Procs.threadCpuMs(appPid), Procs.udp());
        }
    }

    private static long[] gcCountMs() {
        long count = 0, ms = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) Thread.sleep(Math.max(1, wait / 1_000_000));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value: " + args[i]);
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
