package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Audio;
import io.callbridge.testing.NatNetwork;
import io.callbridge.testing.RegisteredBaresip;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.SipFixtures.Registration;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * NAT traversal on the real path: baresip inside a network namespace behind a port-changing NAT
 * ({@link NatNetwork}) registers with a digest password at the edge's public address, calls an agent and is
 * called by one (an API call to {@code sip:user@domain}, which Asterisk hands to Kamailio), with audio both
 * ways. The phone can reach neither Asterisk nor anything on loopback: audio flows only if rtpengine anchors
 * it on the edge's public address. Kamailio saves the NAT's public address as the registration's received
 * address, and its keep-alive OPTIONS reach the phone through the NAT.
 */
@QuarkusTest
class NatTraversalTest {

    static final String DOMAIN = "d.example.test";
    static final String USER = "natphone";
    /** The phone calls this route's agent. */
    static final String INBOUND = "7660";
    /** The API call to the phone is bridged to this route's agent. */
    static final String OUTBOUND = "7661";
    static final int PHONE_SIP_PORT = 5660;
    static final Duration WAIT = Duration.ofSeconds(10);
    /** kamailio/nat.cfg's NATPING_INTERVAL, with room for a ping due just after the phone registered. */
    private static final Logger LOG = Logger.getLogger(NatTraversalTest.class);
    static final Duration KEEPALIVE = Duration.ofSeconds(2 * 15 + 5);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Inject
    SipFixtures users;

    @Test
    void aPhoneBehindNatRegistersCallsAnAgentIsCalledAndIsKeptAlive() throws Exception {
        agent.reset();
        data.route(INBOUND, agent.url("/nat-in"), "twilio", 8000, Map.of(), null);
        data.route(OUTBOUND, agent.url("/nat-out"), "twilio", 8000, Map.of(), null);
        byte[] secret = new byte[12];
        ThreadLocalRandom.current().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        users.subscriber(USER, DOMAIN, password);

        try (NatNetwork nat = NatNetwork.create();
             RegisteredBaresip phone = RegisteredBaresip.start(
                     new RegisteredBaresip.Account(nat.inPhone(List.of()), NatNetwork.PHONE, PHONE_SIP_PORT, USER,
                             DOMAIN, password, "sip:" + NatNetwork.EDGE + ":5060"),
                     "sip:" + Sipp.TEST_PREFIX + INBOUND + "@" + DOMAIN,
                     // the phone says 440 Hz into every call; a call ends when this does
                     Audio.tone(440, 10000, 8000, 8000))) {

            // 1. Registered: the Contact as the phone wrote it (its private address), and where its REGISTER
            //    really came from (the NAT's public address and a port the NAT chose) as the received address.
            Registration registration = await().atMost(WAIT)
                    .until(() -> users.registrations(USER, DOMAIN), list -> !list.isEmpty()).getFirst();
            assertTrue(registration.contact().contains("@" + NatNetwork.PHONE + ":" + PHONE_SIP_PORT),
                    registration.toString());
            Matcher received = Pattern.compile("sip:" + Pattern.quote(NatNetwork.NAT_PUBLIC) + ":(\\d+)")
                    .matcher(String.valueOf(registration.received()));
            assertTrue(received.matches(), "received address: " + registration);
            int natPort = Integer.parseInt(received.group(1));
            assertTrue(natPort >= NatNetwork.NAT_PORT_MIN && natPort <= NatNetwork.NAT_PORT_MAX, registration.toString());
            assertEquals("udp:" + NatNetwork.EDGE + ":5060", registration.socket(), "the socket the phone is reached on");
            long registeredAt = System.nanoTime();

            // 2. The phone calls the agent: each hears the other. The call is hung up from Callbridge's side, so
            //    Asterisk's BYE must find the phone behind its NAT (the alias on the Contact of its INVITE).
            talk(agent.awaitSession(WAIT), phone, true);
            await().atMost(WAIT).until(() -> phone.output().contains("BYE sip:" + USER));

            // 3. The agent calls the phone: an API call to sip:user@domain, through Kamailio's location lookup.
            api().body(new HashMap<>(Map.of("to", "sip:" + USER + "@" + DOMAIN, "from", "+15550007661",
                    "route", OUTBOUND))).post("/api/calls/initiate").then().statusCode(201);
            talk(agent.awaitSession(WAIT), phone, false);

            List<Path> heard = await().atMost(WAIT).until(phone::heard, files -> files.size() == 2);
            for (Path call : heard) {
                int agentMs = presentMillis(Audio.readWav(call.toFile()), 1000);
                assertTrue(agentMs >= 1500, "the phone heard the agent's 2 s of 1 kHz for " + agentMs + " ms in " + call
                        + "\n" + phone.output());
            }
            // The media the phone was given is rtpengine's on the edge's public address, in both calls' SDP.
            String trace = phone.output();
            assertTrue(count(trace, "c=IN IP4 " + NatNetwork.EDGE) >= 2, "rtpengine's address in the SDP:\n" + trace);

            // 4. Keep-alives: Kamailio's OPTIONS reach the phone through the NAT.
            Duration left = KEEPALIVE.minusNanos(System.nanoTime() - registeredAt);
            await().atMost(left.isNegative() ? Duration.ofSeconds(1) : left)
                    .until(() -> phone.output().contains("From: sip:keepalive@callbridge.invalid"));
            LOG.infof("contact %s reached at %s; keep-alives reach it", registration.contact(), registration.received());
            assertTrue(phone.output().contains("OPTIONS sip:"), phone.output());
        } finally {
            users.remove(USER, DOMAIN);
        }
    }

    /**
     * One call from the agent's side: it hears the phone's 440 Hz, then says 2 s of 1 kHz and waits for its
     * mark (played out); then the call is hung up through the API ({@code hangUp}) or by the phone when its
     * WAV ends.
     */
    private static void talk(Session bot, RegisteredBaresip phone, boolean hangUp) throws Exception {
        TestAgent.Session.Frame start = bot.nextEvent("start", WAIT);
        String streamSid = start.json().getString("streamSid");
        byte[] caller = new byte[0];
        while (caller.length < 8000) { // 1 s of the phone's audio
            JsonObject media = bot.nextEvent("media", WAIT).json();
            byte[] payload = Base64.getDecoder().decode(media.getJsonObject("media").getString("payload"));
            caller = concat(caller, payload);
        }
        LOG.infof("%s: 1 s of the phone's audio %d ms after start", bot.path, (System.nanoTime() - start.nanos()) / 1_000_000);
        short[] pcm = Audio.fromUlaw(caller);
        double level = Audio.level(pcm, 4000, 4000, 440, 8000);
        assertTrue(level > 3000, "the agent hears the phone's 440 Hz: level " + level + "\n" + phone.output());

        byte[] tone = Audio.toUlaw(Audio.tone(1000, 2000, 8000, 8000));
        for (int off = 0; off < tone.length; off += 800) {
            bot.send(media(streamSid, Arrays.copyOfRange(tone, off, Math.min(tone.length, off + 800))));
        }
        bot.send("{\"event\":\"mark\",\"streamSid\":\"" + streamSid + "\",\"mark\":{\"name\":\"said\"}}");
        bot.nextEvent("mark", WAIT);
        LOG.infof("%s: mark played %d ms after start", bot.path, (System.nanoTime() - start.nanos()) / 1_000_000);
        if (hangUp) {
            String callSid = start.json().getJsonObject("start").getString("callSid");
            api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);
        }
        bot.nextEvent("stop", WAIT);
    }

    private static int presentMillis(Audio.Wav wav, double hz) {
        int ms = 0;
        for (boolean on : Audio.presence(wav.samples(), wav.rate(), hz, 20, 2000)) if (on) ms += 20;
        return ms;
    }

    private static String media(String streamSid, byte[] ulaw) {
        return "{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(ulaw) + "\"}}";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
