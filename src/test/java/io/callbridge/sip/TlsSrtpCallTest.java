package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.RegisteredBaresip;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real baresip, registered with a password, calls an agent through Kamailio and Asterisk and hears it:
 * over TLS (5061, trusting the local stack's CA) with mandatory SRTP, and over plain TCP in clear. The CDR
 * names the authenticated user (the identity Kamailio asserts). An agent's call to a TLS phone with mandatory
 * SRTP gets SRTP from rtpengine (kamailio/tls.cfg) and is answered. Routes 7682, 7683 and 7900, SIP ports
 * 5684-5687 and 5900-5911 and domain e.example.test belong to this test.
 */
@QuarkusTest
class TlsSrtpCallTest {

    static final String DOMAIN = "e.example.test";
    static final String CA = System.getenv().getOrDefault("CALLBRIDGE_STATE", "/var/lib/callbridge-local") + "/tls/ca.crt";
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Inject
    SipFixtures edge;

    @BeforeEach
    void ready() {
        TestData.awaitReady();
    }

    @Test
    void aTlsPhoneWithMandatorySrtpCallsAnAgentAndHearsIt() throws Exception {
        edge.subscriber("tls-7682", DOMAIN, "tls-secret-7682");
        Baresip.Phone phone = new Baresip.Phone("<sip:tls-7682@" + DOMAIN + ";transport=tls>;auth_pass=tls-secret-7682"
                + ";outbound=\"sip:127.0.0.1:5061;transport=tls\";regint=600;audio_codecs=PCMU;mediaenc=srtp-mand",
                "127.0.0.1:5684", List.of("sip_cafile " + CA, "module srtp.so"), DOMAIN);
        Baresip.Call call = talk("7682", phone);
        assertTrue(call.output().contains("{0/TLS/v4} 200 OK"), "registered over TLS:\n" + call.output());
        assertTrue(call.output().contains("SRTP is Enabled"), "the call's media was SRTP:\n" + call.output());
    }

    @Test
    void aPlainTcpPhoneStillTalksInClear() throws Exception {
        edge.subscriber("tcp-7683", DOMAIN, "tcp-secret-7683");
        Baresip.Phone phone = new Baresip.Phone("<sip:tcp-7683@" + DOMAIN + ";transport=tcp>;auth_pass=tcp-secret-7683"
                + ";outbound=\"sip:127.0.0.1:5060;transport=tcp\";regint=600;audio_codecs=PCMU",
                "127.0.0.1:5686", List.of(), DOMAIN);
        Baresip.Call call = talk("7683", phone);
        assertTrue(call.output().contains("{0/TCP/v4} 200 OK"), "registered over TCP:\n" + call.output());
    }

    @Test
    void anAgentCallsATlsPhoneWithMandatorySrtpAndEachHearsTheOther() throws Exception {
        String user = "tls-7900";
        edge.subscriber(user, DOMAIN, "tls-secret-7900");
        edge.unregister(user, DOMAIN); // no contact left from an earlier run
        agent.reset();
        data.route("7900", agent.url("/edge-7900"), "raw", 16000, Map.of(), null);
        RegisteredBaresip.Account account = new RegisteredBaresip.Account(List.of(), "127.0.0.1", 5900, user, DOMAIN,
                "tls-secret-7900", "sip:127.0.0.1:5061;transport=tls", "tls", "srtp-mand",
                List.of("sip_cafile " + CA, "module srtp.so"));
        // the phone says 400 Hz for 5 s into the call it answers, then hangs up
        try (RegisteredBaresip phone = RegisteredBaresip.start(account, null, Audio.tone(400, 5000, 8000, 8000))) {
            await().atMost(WAIT).until(() -> edge.registrations(user, DOMAIN), list -> !list.isEmpty());
            String callSid = api().body(new HashMap<>(Map.of("to", "sip:" + user + "@" + DOMAIN, "from", "+15550007900",
                    "route", "7900"))).post("/api/calls/initiate").then().statusCode(201).extract().path("callSid");

            Session bot = agent.awaitSession(WAIT);
            agentHearsTheToneAndSaysOne(bot);
            bot.nextEvent("stop", Duration.ofSeconds(15));

            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals(200, cdr.sipCode);
            assertNotNull(cdr.answeredAt, "the phone answered");
            List<Path> heard = await().atMost(WAIT).until(phone::heard, files -> files.size() == 1);
            boolean recorded = true;
            try {
                await().atMost(WAIT).until(() -> Files.size(heard.getFirst()) > 44);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                recorded = false;
            }
            String trace = phone.output();
            assertTrue(recorded, "the phone recorded what it heard:\n" + trace);
            assertTrue(trace.contains("m=audio") && trace.contains("RTP/SAVP"), "the phone was offered RTP/SAVP:\n" + trace);
            assertTrue(trace.contains("a=crypto:"), "with SDES keys:\n" + trace);
            assertTrue(trace.contains("SRTP is Enabled"), "the call's media was SRTP:\n" + trace);
            assertTrue(Math.abs(toneMillis(Audio.readWav(heard.getFirst().toFile())) - 1000) <= 40,
                    "the phone heard the agent's 1 s of 1 kHz:\n" + trace);
        } finally {
            edge.unregister(user, DOMAIN);
        }
    }

    /**
     * {@code phone} calls route {@code number}: the agent hears the caller's 400 Hz, the caller hears the agent's
     * 1 s of 1 kHz, and the CDR names the phone's user.
     */
    private Baresip.Call talk(String number, Baresip.Phone phone) throws Exception {
        agent.reset();
        data.route(number, agent.url("/edge-" + number), "raw", 16000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Baresip.Call> caller = Baresip.start(phone, number, Audio.tone(400, 4000, 8000, 8000), 20);
        agentHearsTheToneAndSaysOne(agent.awaitSession(WAIT));
        Baresip.Call call = caller.get(30, TimeUnit.SECONDS);
        assertNotNull(call.heard(), call.output());
        int ms = toneMillis(Audio.readWav(call.heard()));
        assertTrue(Math.abs(ms - 1000) <= 40, "the caller heard the agent's tone for " + ms + " ms\n" + call.output());

        CallRecord cdr = data.awaitEnded(number, since);
        String user = phone.account().substring(5, phone.account().indexOf('@'));
        assertEquals(user, cdr.fromNumber, "the CDR names the authenticated user");
        return call;
    }

    /** The agent hears the phone's 400 Hz (raw L16 at 16 kHz), then says 1 s of 1 kHz. */
    static void agentHearsTheToneAndSaysOne(Session bot) throws Exception {
        assertEquals("start", bot.next(f -> true, WAIT).json().getString("event"));
        byte[] pcm = new byte[0];
        for (int i = 0; i < 60; i++) {
            TestAgent.Session.Frame f = bot.next(x -> x.binary() != null, WAIT);
            pcm = java.util.Arrays.copyOf(pcm, pcm.length + f.binary().length);
            System.arraycopy(f.binary(), 0, pcm, pcm.length - f.binary().length, f.binary().length);
        }
        short[] heardByBot = Audio.fromPcm(pcm, ByteOrder.LITTLE_ENDIAN);
        assertTrue(Audio.level(heardByBot, 8000, 8000, 400, 16000) > 3000, "the agent hears the caller's tone");

        bot.sendBinary(Audio.toPcm(Audio.tone(1000, 1000, 16000, 8000), ByteOrder.LITTLE_ENDIAN));
    }

    /** How long 1 kHz is present in {@code heard}, in 5 ms steps. */
    static int toneMillis(Audio.Wav heard) {
        int ms = 0;
        for (boolean on : Audio.presence(heard.samples(), heard.rate(), 1000, 5, 2000)) if (on) ms += 5;
        return ms;
    }
}
