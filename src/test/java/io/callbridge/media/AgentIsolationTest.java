package io.callbridge.media;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.stream.AgentConfig;
import io.callbridge.stream.AgentConnector;
import io.callbridge.stream.AgentJson;
import io.callbridge.stream.AgentStream;
import io.callbridge.stream.Protocol;
import io.callbridge.stream.StreamStart;
import io.callbridge.testing.TestConfigs;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One agent that sends maximum-size {@code media} frames without pause, each followed by a mark and a
 * clear, must not delay any other call's audio. The relay's real parts on real loopback sockets, wired as
 * the app wires them (the relay benchmark's way): the one RTP socket and its reader thread, the playout
 * clock, the agent WebSocket client with the twilio protocol; a fake Asterisk sends every call's RTP every
 * 20 ms and the agents run on a Vert.x server of their own.
 *
 * <p>The verdict comes from the relay's own figures, not from the test's clock: the playout clock's
 * lateness (its timer's samples, 90th percentile, compared with a window just before the flood on the same
 * machine) and slips, and the quiet calls' continuity (every caller frame handed to their agents, none lost
 * or dropped). The quiet calls' inbound RTP jitter is reported with them; it is not asserted, because the
 * flood's garbage (megabytes a frame) moves it on a small machine whether or not any lock is shared.
 */
class AgentIsolationTest {

    private static final int QUIET = 4;
    private static final int FRAME = 160;
    /**
     * The flooding agent speaks raw PCM at 24 kHz, the costliest input to take in: every frame is
     * byte-swapped and resampled to 8 kHz on its way to the playout queue.
     */
    private static final int FLOOD_RATE = 24000;

    private final Vertx app = Vertx.vertx();
    private final Vertx agents = Vertx.vertx();
    private final Window window = new Window();
    private final ProbingRegistry meters = new ProbingRegistry(window);
    private final RtpEndpoint rtp = new RtpEndpoint(TestConfigs.Media.loopback(0, Duration.ofSeconds(60)));
    private final PlayoutClock clock = new PlayoutClock(rtp, meters);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLongArray mediaAtAgent = new AtomicLongArray(QUIET);
    private final AtomicLong floodSent = new AtomicLong();
    private final AtomicLong floodMarksBack = new AtomicLong();
    private volatile boolean flooding;
    private volatile boolean sending = true;

    @AfterEach
    void stop() throws Exception {
        sending = false;
        flooding = false;
        clock.stop(null);
        rtp.stop(null);
        app.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        agents.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAgentSendingMaximumSizeFramesWithoutPauseDoesNotDelayOtherCalls() throws Exception {
        rtp.open();
        clock.start(null);
        AgentConnector connector = connector();
        HttpServer server = agents.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setMaxWebSocketFrameSize(2 << 20).setMaxWebSocketMessageSize(2 << 20))
                .webSocketHandler(this::agent)
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String base = "ws://127.0.0.1:" + server.actualPort() + "/";

        // Call QUIET is the flooding agent's; calls 0..QUIET-1 are the others.
        DatagramChannel[] asterisk = new DatagramChannel[QUIET + 1];
        MediaLeg[] legs = new MediaLeg[QUIET + 1];
        AgentStream[] streams = new AgentStream[QUIET + 1];
        for (int i = 0; i <= QUIET; i++) {
            asterisk[i] = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            boolean flood = i == QUIET;
            InetSocketAddress from = (InetSocketAddress) asterisk[i].getLocalAddress();
            legs[i] = flood ? new MediaLeg(MediaFormat.SLIN, FLOOD_RATE, from, 60) : new MediaLeg(MediaFormat.ULAW, from, 60);
            rtp.register(legs[i]);
            StreamStart start = new StreamStart("AC" + "0".repeat(32), "CA" + i, "MZ" + i, "+15550001111", "1000",
                    Map.of(), flood ? FLOOD_RATE : 8000);
            streams[i] = connector.open(start, flood ? Protocol.RAW : Protocol.TWILIO, base + (flood ? "flood" : "quiet/" + i),
                    legs[i], new NoEvents());
            legs[i].listen(streams[i]);
            clock.add(legs[i]);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == QUIET + 1);
        AtomicLongArray sent = new AtomicLongArray(QUIET + 1);
        Thread sender = Thread.ofPlatform().name("fake-asterisk").daemon().start(() -> sendRtp(asterisk, sent));

        // Warm up, then the quiet window: 3 s of every call's audio without the flood.
        awaitFrames(150);
        double[] quietJitter = new double[QUIET];
        window.open();
        awaitFrames(150, legs, quietJitter);
        Window.Figures before = window.close();

        // The flood, for as long again and at least 20 maximum-size frames decoded.
        flooding = true;
        agents.runOnContext(v -> floodSocket.get().pump());
        await().atMost(Duration.ofSeconds(60)).until(() -> floodMarksBack.get() >= 3);
        double[] floodJitter = new double[QUIET];
        window.open();
        long floodFrom = floodSent.get();
        awaitFrames(150, legs, floodJitter);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            sampleJitter(legs, floodJitter);
            return floodSent.get() - floodFrom >= 20;
        });
        Window.Figures during = window.close();
        flooding = false;
        sending = false;
        sender.join();

        String figures = "clock before: " + before + "; during: " + during + "; quiet calls' jitter "
                + Arrays.toString(quietJitter) + " ms before, " + Arrays.toString(floodJitter) + " ms during; "
                + (floodSent.get() - floodFrom) + " maximum-size frames during the window";
        System.out.println(figures);
        // One slip (a stall of over 100 ms) was seen once in a whole-suite run, with p90 at 0.63 ms: a single stall
        // whose cause these figures do not show (a pause of the whole JVM would look the same). The flood's own
        // harm, the clock waiting for the agent's decoding, shows in p90 (below) and in slips beyond one.
        assertTrue(during.slips() <= 1, "the playout clock never lost its schedule: " + figures);
        // Half a frame: with the agent's decoding under the call's lock, the clock waited for it at most ticks
        // (p90 22-32 ms and slips on this 2-core machine; 0.2-4.7 ms without it, under the same load).
        assertTrue(during.p90() < Math.max(10, 2 * before.p90()), "the playout clock kept its pace: " + figures);
        // Continuity: every packet of the quiet calls reached their agents, none dropped on the way.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = 0; i < QUIET; i++) if (mediaAtAgent.get(i) < sent.get(i)) return false;
            return true;
        });
        for (int i = 0; i < QUIET; i++) {
            MediaQuality q = legs[i].quality();
            assertEquals(0, q.packetsLost(), "call " + i);
            assertEquals(sent.get(i), streams[i].figures(0).framesToAgent(), "call " + i);
            assertEquals(0, streams[i].figures(0).framesDropped(), "call " + i);
        }
        for (AgentStream s : streams) s.close();
    }

    // ---- the fake Asterisk: every call's RTP every 20 ms, at absolute times

    private void sendRtp(DatagramChannel[] asterisk, AtomicLongArray sent) {
        ByteBuffer packet = ByteBuffer.allocateDirect(12 + FRAME);
        InetSocketAddress to = rtp.localAddress();
        long start = System.nanoTime();
        for (long n = 0; sending; n++) {
            long wait;
            while ((wait = start + n * 20_000_000L - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            for (int i = 0; i < asterisk.length; i++) {
                packet.clear();
                packet.put((byte) 0x80).put((byte) 0).putShort((short) n).putInt((int) (n * FRAME)).putInt(1000 + i);
                for (int k = 0; k < FRAME; k++) packet.put((byte) 0x7F);
                packet.flip();
                try {
                    asterisk[i].send(packet, to);
                    sent.incrementAndGet(i);
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }
    }

    /** Until every quiet call's agent has had {@code frames} more caller frames. */
    private void awaitFrames(int frames) {
        awaitFrames(frames, null, null);
    }

    private void awaitFrames(int frames, MediaLeg[] legs, double[] jitterMax) {
        long[] from = new long[QUIET];
        for (int i = 0; i < QUIET; i++) from[i] = mediaAtAgent.get(i);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (legs != null) sampleJitter(legs, jitterMax);
            for (int i = 0; i < QUIET; i++) if (mediaAtAgent.get(i) - from[i] < frames) return false;
            return true;
        });
    }

    /** The highest jitter figure each quiet call's RTP stats showed while polled. */
    private static void sampleJitter(MediaLeg[] legs, double[] max) {
        for (int i = 0; i < max.length; i++) max[i] = Math.max(max[i], legs[i].quality().jitterMs());
    }

    // ---- the agents

    private final java.util.concurrent.atomic.AtomicReference<Flood> floodSocket = new java.util.concurrent.atomic.AtomicReference<>();

    private void agent(ServerWebSocket ws) {
        if (ws.path().equals("/flood")) {
            Flood flood = new Flood(ws);
            floodSocket.set(flood);
            ws.textMessageHandler(flood::fromGateway);
            return;
        }
        int i = Integer.parseInt(ws.path().substring(ws.path().lastIndexOf('/') + 1));
        String[] answer = new String[1];
        ws.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            switch (message.getString("event")) {
                case "start" -> {
                    answer[0] = "{\"event\":\"media\",\"media\":{\"payload\":\""
                            + Base64.getEncoder().encodeToString(filled(FRAME)) + "\"}}";
                    started.incrementAndGet();
                }
                case "media" -> { // every caller frame answered with 20 ms of audio: the call's playout runs
                    mediaAtAgent.incrementAndGet(i);
                    ws.writeTextMessage(answer[0]);
                }
                default -> {
                }
            }
        });
    }

    /**
     * The flooding agent: a binary frame of the largest size the relay reads (AgentJson.MAX_FRAME, 22 s of
     * 24 kHz audio), a clear, 25 marked 20 ms pieces; again as soon as its socket drains.
     */
    private final class Flood {
        private final ServerWebSocket ws;
        private final io.vertx.core.buffer.Buffer media = io.vertx.core.buffer.Buffer.buffer(filled(AgentJson.MAX_FRAME));
        private final io.vertx.core.buffer.Buffer piece = io.vertx.core.buffer.Buffer.buffer(filled(FLOOD_RATE / 50 * 2));
        private long marks;

        Flood(ServerWebSocket ws) {
            this.ws = ws;
        }

        void fromGateway(String text) {
            JsonObject message = new JsonObject(text);
            switch (message.getString("event")) {
                case "start" -> started.incrementAndGet();
                case "mark" -> floodMarksBack.incrementAndGet();
                default -> {
                }
            }
        }

        void pump() {
            while (flooding && !ws.writeQueueFull()) {
                ws.writeBinaryMessage(media);
                ws.writeTextMessage("{\"event\":\"clear\"}");
                // Then 20 ms pieces, each with its mark: until the next clear, the playout clock reports a
                // mark of this call at almost every tick, as a talking bot's marks come back.
                for (int k = 0; k < 25; k++) {
                    ws.writeBinaryMessage(piece);
                    ws.writeTextMessage("{\"event\":\"mark\",\"name\":\"m" + (++marks) + "\"}");
                }
                floodSent.incrementAndGet();
            }
            if (flooding) ws.drainHandler(v -> pump());
        }
    }

    private static byte[] filled(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (0x10 + i % 0x60);
        return b;
    }

    // ---- the relay's own figures, taken in windows

    /** Collects the playout clock's lateness samples and slips while open. */
    static final class Window {
        /** The clock's lateness in the window, ms: its median, 90th percentile and highest; and its slips. */
        record Figures(double p50, double p90, double max, long slips) {
            @Override
            public String toString() {
                return String.format("lateness p50 %.2f, p90 %.2f, max %.2f ms, %d slips", p50, p90, max, slips);
            }
        }

        private volatile boolean open;
        private final java.util.List<Long> lateness = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final AtomicLong slips = new AtomicLong();

        void open() {
            lateness.clear();
            slips.set(0);
            open = true;
        }

        Figures close() {
            open = false;
            long[] sorted;
            synchronized (lateness) {
                sorted = lateness.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            return new Figures(at(sorted, 0.5), at(sorted, 0.9), at(sorted, 1.0), slips.get());
        }

        private static double at(long[] sorted, double q) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
        }

        void lateness(long nanos) {
            if (open) lateness.add(nanos);
        }

        void slip() {
            if (open) slips.incrementAndGet();
        }
    }

    /** A plain registry whose clock timers and slip counter also report to the window. */
    private static final class ProbingRegistry extends SimpleMeterRegistry {
        private final Window window;

        ProbingRegistry(Window window) {
            this.window = window;
        }

        @Override
        protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauses) {
            if (!id.getName().equals("callbridge.media.clock.lateness")) return super.newTimer(id, config, pauses);
            return new CumulativeTimer(id, Clock.SYSTEM, config, pauses, TimeUnit.NANOSECONDS) {
                @Override
                protected void recordNonNegative(long amount, TimeUnit unit) {
                    super.recordNonNegative(amount, unit);
                    window.lateness(unit.toNanos(amount));
                }
            };
        }

        @Override
        protected io.micrometer.core.instrument.Counter newCounter(Meter.Id id) {
            io.micrometer.core.instrument.Counter counter = super.newCounter(id);
            if (!id.getName().equals("callbridge.media.clock.slips")) return counter;
            return new io.micrometer.core.instrument.Counter() {
                @Override
                public void increment(double amount) {
                    counter.increment(amount);
                    window.slip();
                }

                @Override
                public double count() {
                    return counter.count();
                }

                @Override
                public Meter.Id getId() {
                    return counter.getId();
                }
            };
        }
    }

    // ---- wiring

    /** AgentConnector's constructor is package-private for CDI; this test lives beside the media classes. */
    private AgentConnector connector() throws Exception {
        Constructor<AgentConnector> c = AgentConnector.class.getDeclaredConstructor(Vertx.class, AgentConfig.class,
                MeterRegistry.class);
        c.setAccessible(true);
        return c.newInstance(app, TestConfigs.Agent.defaults(), meters);
    }

    private static final class NoEvents implements AgentStream.Events {
        @Override
        public void agentClosed(String why) {
        }

        @Override
        public void agentFailed(String why) {
        }

        @Override
        public void sendDtmf(String digits, Runnable done) {
            done.run();
        }
    }
}
