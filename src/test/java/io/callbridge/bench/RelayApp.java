package io.callbridge.bench;

import io.callbridge.media.MediaConfig;
import io.callbridge.media.MediaFormat;
import io.callbridge.media.MediaLeg;
import io.callbridge.media.MediaQuality;
import io.callbridge.media.PlayoutClock;
import io.callbridge.media.RtpEndpoint;
import io.callbridge.stream.AgentConfig;
import io.callbridge.stream.AgentConnector;
import io.callbridge.stream.AgentFigures;
import io.callbridge.stream.AgentStream;
import io.callbridge.stream.Protocol;
import io.callbridge.stream.StreamStart;
import io.callbridge.testing.TestConfigs;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The app side of the relay bench: the real media and stream classes, wired as {@code call/MediaBridge}
 * wires them, without Quarkus, ARI or Asterisk. Started (pinned to its own core) by {@link RelayBench},
 * which plays Asterisk and the agent from another process and tells this one what to connect to.
 *
 * <p>It measures two things the other process cannot see: the agent → queue half of the downlink, with a
 * DTMF probe (a twilio {@code dtmf} message whose digits are the sink's send time; it takes the path of
 * {@code media} — WebSocket read on the event loop, the stream's inbound lock, the dispatch — up to where
 * media would be queued, except that its JSON goes the general way, a failed fast read then a tree, so it
 * overstates the media's share a little), and the playout clock's own lateness and work per tick (from the
 * clock's timers), whose deadline also lets the other process tell each frame's tick.
 */
public final class RelayApp {

    private static final long TICK = 20_000_000L;

    private final URI control;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Histogram probe = new Histogram();
    private final Histogram lateness = new Histogram();
    private final Histogram work = new Histogram();
    private volatile long from = Long.MAX_VALUE;
    private volatile long to = Long.MIN_VALUE;
    private volatile long deadline; // one tick's deadline (System.nanoTime), from the lateness timer
    private int calibrated; // the clock thread's own
    private long firstEstimate;
    private long earliest;

    private RelayApp(URI control) {
        this.control = control;
    }

    public static void main(String[] args) throws Exception {
        // As the app logs in production: INFO and up (jboss-logmanager's root starts at ALL: every debugf
        // in a hot path would build and publish a record), here to stdout, which is the app log.
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.INFO);
        for (java.util.logging.Handler h : root.getHandlers()) root.removeHandler(h);
        java.util.logging.Handler out = new java.util.logging.StreamHandler(System.out, new java.util.logging.SimpleFormatter()) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        root.addHandler(out);
        // The bench process started this one: never outlive it.
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(3)));
        try {
            new RelayApp(URI.create(args[0])).run();
        } finally {
            System.exit(0);
        }
    }

    private void run() throws Exception {
        JsonObject setup = new JsonObject(get("/control/setup"));
        int streams = setup.getInteger("streams");
        JsonArray ports = setup.getJsonArray("ports");
        JsonArray ws = setup.getJsonArray("ws");

        SimpleMeterRegistry meters = new ProbingRegistry();
        RtpEndpoint rtp = construct(RtpEndpoint.class, new Class<?>[] {MediaConfig.class}, TestConfigs.Media.loopback(0, Duration.ofSeconds(60)));
        invoke(rtp, "open");
        PlayoutClock clock = construct(PlayoutClock.class,
                new Class<?>[] {RtpEndpoint.class, io.micrometer.core.instrument.MeterRegistry.class}, rtp, meters);
        invoke(clock, "start", io.quarkus.runtime.StartupEvent.class, (Object) null);
        // As Quarkus sizes it: two event loops per core the JVM may use; and as the app configures it, on Netty's
        // native epoll transport when it is there (-Dbench.nativeTransport=false measures without it).
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2 * Runtime.getRuntime().availableProcessors())
                .setPreferNativeTransport(Boolean.parseBoolean(System.getProperty("bench.nativeTransport", "true"))));
        System.out.println("relay app: native transport " + vertx.isNativeTransportEnabled());
        AgentConnector agents = construct(AgentConnector.class,
                new Class<?>[] {Vertx.class, AgentConfig.class, io.micrometer.core.instrument.MeterRegistry.class},
                vertx, TestConfigs.Agent.defaults().withMaxSocketsPerAgent(100_000), meters);

        MediaLeg[] legs = new MediaLeg[streams];
        AgentStream[] agentStreams = new AgentStream[streams];
        AgentStream.Events events = new ProbeEvents();
        // Each call sets up its media on a task of its own (CallSessions: a virtual thread per task). That
        // matters: Vert.x ties a non-Vert.x thread to one event loop, so opening every stream from one
        // thread would put all the agent sockets on one event loop, which the app never does.
        try (ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
            for (int i = 0; i < streams; i++) {
                int k = i;
                calls.execute(() -> { // MediaBridge.start's order
                    MediaLeg leg = new MediaLeg(MediaFormat.ULAW, new InetSocketAddress("127.0.0.1", ports.getInteger(k)), 60);
                    rtp.register(leg);
                    StreamStart start = new StreamStart("AC" + "0".repeat(32), "CA" + k, "MZ" + k, "+15550001111",
                            "1000", Map.of("bench", "relay"), 8000);
                    AgentStream stream = agents.open(start, Protocol.TWILIO, ws.getString(k), leg, events);
                    leg.listen(stream);
                    clock.add(leg);
                    legs[k] = leg;
                    agentStreams[k] = stream;
                });
                if (i % 100 == 99) Thread.sleep(20); // calls arrive over time, not in one burst of connects
            }
        }
        while (deadline == 0) Thread.sleep(5);

        JsonObject ready = new JsonObject().put("pid", ProcessHandle.current().pid())
                .put("rtpPort", rtp.localAddress().getPort()).put("deadline", deadline);
        JsonObject window = new JsonObject(post("/control/ready", ready));
        from = window.getLong("from");
        to = window.getLong("to");

        sleepUntil(from);
        long[] gc0 = gc();
        long slips0 = slips(meters);
        sleepUntil(to);
        long[] gc1 = gc();
        long slips1 = slips(meters);
        post("/control/drained", new JsonObject()); // answered once every queued frame has been played

        JsonObject report = new JsonObject()
                .put("probe", probe.summary()).put("lateness", lateness.summary()).put("work", work.summary())
                .put("slips", slips1 - slips0).put("slipsTotal", slips1)
                .put("gcCount", gc1[0] - gc0[0]).put("gcMs", gc1[1] - gc0[1])
                .put("unknownSource", (long) field(rtp, "unknownSource"))
                .put("malformed", meters.find("callbridge.agent.malformed").counters().stream()
                        .mapToDouble(Counter::count).sum())
                .put("heapUsedMb", usedHeapMb())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("gcName", ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
        long in = 0, lost = 0, out = 0, dropped = 0, toAgent = 0, agentDropped = 0, reconnects = 0;
        for (int i = 0; i < streams; i++) {
            MediaQuality q = legs[i].quality();
            in += q.packetsIn();
            lost += q.packetsLost();
            out += q.packetsOut();
            dropped += q.framesDropped();
            AgentFigures f = agentStreams[i].figures(0);
            toAgent += f.framesToAgent();
            agentDropped += f.framesDropped();
            reconnects += f.reconnects();
        }
        report.put("rtpIn", in).put("rtpLost", lost).put("rtpOut", out).put("playoutDropped", dropped)
                .put("framesToAgent", toAgent).put("framesDroppedToAgent", agentDropped).put("reconnects", reconnects);
        post("/control/report", report);
    }

    // ---- probes

    /** The bench's agent sends its send time as DTMF digits; they arrive here on the stream's event loop. */
    private final class ProbeEvents implements AgentStream.Events {
        @Override
        public void agentClosed(String why) {
        }

        @Override
        public void agentFailed(String why) {
            System.err.println("agent failed: " + why);
        }

        @Override
        public void sendDtmf(String digits, Runnable done) {
            done.run();
            long now = System.nanoTime();
            long sent = Long.parseLong(digits);
            if (sent >= from && sent < to) probe.record(now - sent);
        }
    }

    /** A plain registry whose timers also hand each sample of the playout clock's timers to the bench. */
    private final class ProbingRegistry extends SimpleMeterRegistry {
        @Override
        protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauses) {
            Histogram target = switch (id.getName()) {
                case "callbridge.media.clock.lateness" -> lateness;
                case "callbridge.media.clock.work" -> work;
                default -> null;
            };
            if (target == null) return super.newTimer(id, config, pauses);
            boolean isLateness = target == lateness;
            return new CumulativeTimer(id, Clock.SYSTEM, config, pauses, TimeUnit.NANOSECONDS) {
                @Override
                protected void recordNonNegative(long amount, TimeUnit unit) {
                    long now = System.nanoTime();
                    super.recordNonNegative(amount, unit);
                    long nanos = unit.toNanos(amount);
                    if (isLateness) tickStarted(now - nanos);
                    if (now >= from && now < to) target.record(nanos);
                }
            };
        }
    }

    /**
     * The clock ticks at start + n × 20 ms: one deadline gives them all, until a slip restarts the schedule
     * (then the report's {@code slips} is not 0 and the egress figures are void). Each estimate is late by
     * the moments between the clock's time read and ours, so the earliest of the first 50 (idle) ticks is kept.
     */
    private void tickStarted(long estimate) {
        if (calibrated >= 50) return;
        if (calibrated++ == 0) {
            firstEstimate = estimate;
            earliest = 0;
        } else {
            long signed = Math.floorMod(estimate - firstEstimate + TICK / 2, TICK) - TICK / 2;
            earliest = Math.min(earliest, signed);
        }
        if (calibrated == 50) deadline = firstEstimate + earliest;
    }

    // ---- plumbing



    /** The beans' constructors are package-private for CDI; the bench is not in their package. */
    private static <T> T construct(Class<T> type, Class<?>[] params, Object... args) throws Exception {
        Constructor<T> c = type.getDeclaredConstructor(params);
        c.setAccessible(true);
        return c.newInstance(args);
    }

    private static void invoke(Object target, String name) throws Exception {
        Method m = target.getClass().getDeclaredMethod(name);
        m.setAccessible(true);
        m.invoke(target);
    }

    private static void invoke(Object target, String name, Class<?> param, Object arg) throws Exception {
        Method m = target.getClass().getDeclaredMethod(name, param);
        m.setAccessible(true);
        m.invoke(target, arg);
    }

    private static Object field(Object target, String name) throws Exception {
        var f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    private static long slips(SimpleMeterRegistry meters) {
        return (long) meters.get("callbridge.media.clock.slips").counter().count();
    }

    private static long[] gc() {
        long count = 0, ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    private static long usedHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) Thread.sleep(Math.max(1, wait / 1_000_000));
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(control.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String path, JsonObject body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(control.resolve(path))
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }
}
