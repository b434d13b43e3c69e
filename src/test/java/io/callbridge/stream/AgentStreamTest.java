package io.callbridge.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.media.MediaFormat;
import io.callbridge.media.MediaLeg;
import io.callbridge.stream.twilio.TwilioProtocol;
import io.callbridge.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One AgentStream on a real WebSocket to an agent on loopback, without a call around it. */
class AgentStreamTest {

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AgentConnector connector = new AgentConnector(vertx, TestConfigs.Agent.defaults().withPendingDtmf(2), meters);
    private final MediaLeg leg = new MediaLeg(MediaFormat.ULAW, new InetSocketAddress("127.0.0.1", 9), 5);
    private final StreamStart start = new StreamStart("AC" + "0".repeat(32), "CA" + "1".repeat(32),
            "MZ" + "2".repeat(32), "+15550001111", "1000", Map.of(), 8000);
    private final List<String> fromGateway = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private String agent(Consumer<HttpServerRequest> upgrade) {
        HttpServer server = vertx.createHttpServer().requestHandler(upgrade::accept)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return "ws://127.0.0.1:" + server.actualPort() + "/agent";
    }

    /** Accepts at once; sends {@code onStart} when the stream's start arrives. */
    private void accept(HttpServerRequest req, String onStart) {
        req.toWebSocket().onSuccess(ws -> ws.textMessageHandler(t -> {
            fromGateway.add(t);
            if (onStart != null && "start".equals(new JsonObject(t).getString("event"))) ws.writeTextMessage(onStart);
        }));
    }

    @Test
    void theMediaThreadsNeverWaitWhileAnAgentFrameIsDecoded() throws Exception {
        CountDownLatch decoding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String url = agent(req -> accept(req, "{\"event\":\"media\",\"media\":{\"payload\":\"" + "f".repeat(1 << 19) + "\"}}"));
        AgentStream stream = new AgentStream(connector, start, () -> new SlowDecoding(decoding, release), url, leg, events());
        stream.connect();
        assertTrue(decoding.await(10, TimeUnit.SECONDS), "the agent's frame reached the decoder");
        try {
            // What the RTP reader, the playout clock and the call's executor do, while the decode is stuck.
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                stream.callerAudio(new byte[160], 0, 160);
                stream.marksPlayed(List.of("m"));
                stream.callerDtmf('5');
            }, "a call's media must not wait on its agent's decoding");
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fromGateway.stream().anyMatch(t -> t.contains("\"dtmf\"")));
        stream.close();
    }

    @Test
    void callerDigitsWaitingForTheSocketAreBoundedAndTheOldestDropped() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        String url = agent(req -> {
            req.pause(); // upgraded later, on the request's own context
            io.vertx.core.Context context = vertx.getOrCreateContext();
            Thread.ofVirtual().start(() -> {
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    return;
                }
                context.runOnContext(v -> {
                    accept(req, null);
                    req.resume();
                });
            });
        });
        AgentStream stream = new AgentStream(connector, start, TwilioProtocol::new, url, leg, events());
        stream.connect();
        for (char digit : "12345".toCharArray()) stream.callerDtmf(digit); // the handshake is not answered yet
        answer.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> fromGateway.stream().filter(t -> t.contains("\"dtmf\"")).count() == 2);
        List<String> digits = fromGateway.stream().filter(t -> t.contains("\"dtmf\""))
                .map(t -> new JsonObject(t).getJsonObject("dtmf").getString("digit")).toList();
        assertEquals(List.of("4", "5"), digits, "the newest two are kept");
        assertEquals(3.0, meters.get("callbridge.agent.dropped").tag("what", "caller_dtmf").counter().count());
        stream.close();
    }

    private static AgentStream.Events events() {
        return new AgentStream.Events() {
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
        };
    }

    /** Twilio's protocol whose decoding of agent text stops until released, as a huge frame would take long. */
    private static final class SlowDecoding implements AgentProtocol {
        private final TwilioProtocol twilio = new TwilioProtocol();
        private final CountDownLatch decoding;
        private final CountDownLatch release;

        SlowDecoding(CountDownLatch decoding, CountDownLatch release) {
            this.decoding = decoding;
            this.release = release;
        }

        @Override
        public List<WireFrame> open(StreamStart start) {
            return twilio.open(start);
        }

        @Override
        public WireFrame media(byte[] payload, int offset, int length) {
            return twilio.media(payload, offset, length);
        }

        @Override
        public WireFrame dtmf(char digit) {
            return twilio.dtmf(digit);
        }

        @Override
        public WireFrame hold(boolean held, String by) {
            return twilio.hold(held, by);
        }

        @Override
        public WireFrame markPlayed(String name) {
            return twilio.markPlayed(name);
        }

        @Override
        public WireFrame stop() {
            return twilio.stop();
        }

        @Override
        public void onText(String text, AgentSink sink) {
            decoding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            twilio.onText(text, sink);
        }

        @Override
        public void onBinary(byte[] data, AgentSink sink) {
            twilio.onBinary(data, sink);
        }
    }
}
