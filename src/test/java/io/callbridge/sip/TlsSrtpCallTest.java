package io.callbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real baresip, registered with a password, calls an agent through Kamailio and Asterisk and hears it:
 * over TLS (5061, trusting the local stack's CA) with mandatory SRTP, and over plain TCP in clear. The CDR
 * names the authenticated user (the identity Kamailio asserts). Routes 7682 and 7683, SIP ports 5684-5687 and
 * domain e.example.test belong to this test.
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

    /**
     * {@code phone} calls route {@code number}: the agent hears the caller's 400 Hz, the caller hears the agent's
     * 1 s of 1 kHz, and the CDR names the phone's user.
     */
    private Baresip.Call talk(String number, Baresip.Phone phone) throws Exception {
        agent.reset();
        data.route(number, agent.url("/edge-" + number), "raw", 16000, Map.of(), null);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        CompletableFuture<Baresip.Call> caller = Baresip.start(phone, number, Audio.tone(400, 4000, 8000, 8000), 20);
        Session bot = agent.awaitSession(WAIT);
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
        Baresip.Call call = caller.get(30, TimeUnit.SECONDS);
        assertNotNull(call.heard(), call.output());
        Audio.Wav heard = Audio.readWav(call.heard());
        int ms = 0;
        for (boolean on : Audio.presence(heard.samples(), heard.rate(), 1000, 5, 2000)) if (on) ms += 5;
        assertTrue(Math.abs(ms - 1000) <= 40, "the caller heard the agent's tone for " + ms + " ms\n" + call.output());

        CallRecord cdr = data.awaitEnded(number, since);
        String user = phone.account().substring(5, phone.account().indexOf('@'));
        assertEquals(user, cdr.fromNumber, "the CDR names the authenticated user");
        return call;
    }
}
