package io.callbridge.fork;

import static io.callbridge.testing.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.callbridge.ari.AriChannels;
import io.callbridge.call.CallRegistry;
import io.callbridge.call.RouteFlow;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream forks on real calls: a baresip caller playing a tone through Kamailio and Asterisk, the test agent as the
 * agent and as the forks' listener, the tone's frequency checked in what the listener receives.
 */
@QuarkusTest
class ForkCallTest {

    static final int CALLER_HZ = 1000;
    static final int AGENT_HZ = 500;

    @Inject
    TestData data;

    @Inject
    TestAgent agent;

    @Inject
    AriChannels channels;

    @Inject
    CallRegistry calls;

    @BeforeEach
    void reset() {
        agent.reset();
    }

    @Test
    void anAgentCallIsForkedOverRestWithBothTracksWhileTheAgentTalks() throws Exception {
        String number = "7880";
        data.route(number, agent.url("/agent"), "twilio", 8000, Map.of(), null);
        CompletableFuture<Baresip.Call> caller = call(number, 5880, 15_000);

        TestAgent.Session bot = agent.awaitSession(Duration.ofSeconds(15));
        JsonObject agentStart = bot.nextEvent("start", Duration.ofSeconds(10)).json();
        String callSid = agentStart.getJsonObject("start").getString("callSid");
        // the agent talks: 20 s of its tone, played to the caller in real time
        bot.send(new JsonObject().put("event", "media").put("streamSid", agentStart.getString("streamSid"))
                .put("media", new JsonObject().put("payload", Base64.getEncoder().encodeToString(
                        Audio.toUlaw(Audio.tone(AGENT_HZ, 20_000, 8000, 8000))))).encode());

        String sid = api().contentType(ContentType.URLENC)
                .body(form("Url", agent.url("/fork"), "Name", "tap", "Track", "both_tracks",
                        "Parameter1.Name", "team", "Parameter1.Value", "sales"))
                .post("/api/calls/{callSid}/streams", callSid)
                .then().statusCode(201).body("status", equalTo("in-progress")).body("callSid", equalTo(callSid))
                .body("track", equalTo("both_tracks")).extract().path("sid");
        TestAgent.Session fork = agent.awaitSession(Duration.ofSeconds(10));
        assertEquals("/fork", fork.path);
        JsonObject start = fork.nextEvent("start", Duration.ofSeconds(10)).json();
        assertEquals(sid, start.getString("streamSid"));
        assertEquals(callSid, start.getJsonObject("start").getString("callSid"));
        assertEquals(new JsonArray(List.of("inbound", "outbound")), start.getJsonObject("start").getJsonArray("tracks"));
        assertEquals(new JsonObject().put("team", "sales"), start.getJsonObject("start").getJsonObject("customParameters"));

        // two seconds of each track: the caller's tone inbound, the agent's outbound, each without the other
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> audio(fork, "inbound").length >= 16000 && audio(fork, "outbound").length >= 16000);
        assertDominant(Audio.fromUlaw(audio(fork, "inbound")), CALLER_HZ, AGENT_HZ, "inbound");
        assertDominant(Audio.fromUlaw(audio(fork, "outbound")), AGENT_HZ, CALLER_HZ, "outbound");

        api().contentType(ContentType.URLENC).body(form("Status", "stopped"))
                .post("/api/calls/{callSid}/streams/{sid}", callSid, "tap")
                .then().statusCode(200).body("status", equalTo("stopped")).body("sid", equalTo(sid));
        fork.nextEvent("stop", Duration.ofSeconds(5));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(fork::isClosed);
        assertFalse(bot.isClosed(), "the agent's stream goes on");
        assertTrue(calls.byCallSid(callSid).isPresent(), "the call goes on");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(this::noForkChannels);

        api().contentType(ContentType.URLENC).body(form("Status", "stopped"))
                .post("/api/calls/{callSid}/streams/{sid}", callSid, "tap").then().statusCode(404);
        api().post("/api/calls/{callSid}/hangup", callSid).then().statusCode(202);
        caller.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFlowStartsAForkAndStopsItWhileTheCallGoesOn() throws Exception {
        String number = "7881";
        data.flowRoute(number, stored("<Response><Start><Stream name=\"tap\" url=\"" + agent.url("/flow") + "\">"
                + "<Parameter name=\"team\" value=\"sales\"/></Stream></Start><Pause length=\"4\"/>"
                + "<Stop><Stream name=\"tap\"/></Stop><Pause length=\"3\"/><Hangup/></Response>"), "hangup");
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Baresip.Call> caller = call(number, 5882, 10_000);

        TestAgent.Session fork = agent.awaitSession(Duration.ofSeconds(15));
        JsonObject start = fork.nextEvent("start", Duration.ofSeconds(10)).json().getJsonObject("start");
        assertEquals(new JsonArray(List.of("inbound")), start.getJsonArray("tracks"));
        assertEquals(new JsonObject().put("team", "sales"), start.getJsonObject("customParameters"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> audio(fork, "inbound").length >= 8000);
        assertDominant(Audio.fromUlaw(audio(fork, "inbound")), CALLER_HZ, AGENT_HZ, "inbound");

        TestAgent.Session.Frame stop = fork.nextEvent("stop", Duration.ofSeconds(10));
        Instant stopArrived = Instant.now().minusNanos(System.nanoTime() - stop.nanos());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(fork::isClosed);
        assertEquals("stop", fork.frames.getLast().json().getString("event"), "stop is the last message");

        CallRecord cdr = data.awaitEnded(number, since);
        assertEquals("completed", cdr.termination);
        assertEquals("<Hangup>", cdr.terminationReason);
        long before = Duration.between(stopArrived, cdr.endedAt.toInstant()).toMillis();
        assertTrue(before > 2000, "<Stop> stopped the fork while the flow went on: " + before + " ms before the end");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(this::noForkChannels);
        caller.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aListenerThatRefusesOrDropsNeverAffectsTheCall() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        refusing.start();
        try {
            String number = "7882";
            data.flowRoute(number, stored("<Response>"
                    + "<Start><Stream name=\"refused\" url=\"ws://127.0.0.1:" + refusing.getAddress().getPort() + "/no\"/></Start>"
                    + "<Start><Stream name=\"dropped\" url=\"" + agent.url("/drop") + "\" track=\"both_tracks\"/></Start>"
                    + "<Pause length=\"6\"/><Hangup/></Response>"), "hangup");
            OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
            CompletableFuture<Baresip.Call> caller = call(number, 5884, 10_000);

            TestAgent.Session fork = agent.awaitSession(Duration.ofSeconds(15));
            String callSid = fork.nextEvent("start", Duration.ofSeconds(10)).json().getJsonObject("start").getString("callSid");
            fork.nextEvent("media", Duration.ofSeconds(10));
            fork.drop(); // no close frame: the connection is cut

            // both forks end (the refused one at once), their Asterisk channels go, and the call is still up
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> api().get("/api/calls/{callSid}/streams", callSid)
                    .then().statusCode(200).extract().jsonPath().getList("$").isEmpty());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(this::noForkChannels);
            assertTrue(calls.byCallSid(callSid).isPresent(), "the call goes on");

            CallRecord cdr = data.awaitEnded(number, since);
            assertEquals(callSid, cdr.callSid);
            assertEquals("completed", cdr.termination);
            assertEquals("<Hangup>", cdr.terminationReason, "the flow ran to its end");
            caller.get(30, TimeUnit.SECONDS);
        } finally {
            refusing.stop(0);
        }
    }

    /** The decoded mu-law payloads of the fork's {@code media} messages of {@code track}, in order. */
    private static byte[] audio(TestAgent.Session fork, String track) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TestAgent.Session.Frame f : fork.frames) {
            if (f.text() == null || !f.text().contains("\"media\"")) continue;
            JsonObject media = f.json().getJsonObject("media");
            if (media != null && track.equals(media.getString("track"))) {
                out.writeBytes(Base64.getDecoder().decode(media.getString("payload")));
            }
        }
        return out.toByteArray();
    }

    /** The last second of {@code pcm} holds {@code hz} and not {@code absentHz}. */
    private static void assertDominant(short[] pcm, int hz, int absentHz, String track) {
        int from = Math.max(0, pcm.length - 8000);
        double present = Audio.level(pcm, from, pcm.length - from, hz, 8000);
        double absent = Audio.level(pcm, from, pcm.length - from, absentHz, 8000);
        assertTrue(present > 1000 && present > 10 * absent,
                track + ": level at " + hz + " Hz " + present + ", at " + absentHz + " Hz " + absent);
    }

    private boolean noForkChannels() throws Exception {
        return channels.list().stream().noneMatch(c -> c.getId().startsWith(StreamForks.EXTERNAL_PREFIX)
                || c.getId().startsWith(StreamForks.SNOOP_PREFIX));
    }

    /**
     * A form body, URL-encoded, as Twilio's libraries send it. Sent as the body (not RestAssured form parameters)
     * so that the OpenAPI contract check sees it.
     */
    private static String form(String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!body.isEmpty()) body.append('&');
            body.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    private static RouteFlow stored(String twiml) {
        return new RouteFlow(twiml, null, "POST", null, "POST", null);
    }

    /** A caller on SIP port {@code sipPort} playing the caller's tone for {@code millis}, on a thread of its own. */
    private static CompletableFuture<Baresip.Call> call(String number, int sipPort, int millis) {
        Baresip.Phone phone = new Baresip.Phone("<sip:tester@127.0.0.1>;regint=0;audio_codecs=PCMU",
                "127.0.0.1:" + sipPort, List.of(), "127.0.0.1:5060");
        CompletableFuture<Baresip.Call> done = new CompletableFuture<>();
        Thread.ofVirtual().name("baresip-" + number).start(() -> {
            try {
                done.complete(Baresip.call(phone, number, Audio.tone(CALLER_HZ, millis, 8000, 8000), 8000, millis / 1000 + 5));
            } catch (Exception | AssertionError e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
