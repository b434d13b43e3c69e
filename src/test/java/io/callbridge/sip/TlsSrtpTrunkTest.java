package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.RegisteredBaresip;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.callbridge.testing.TrunkRows;
import io.callbridge.testing.TrunkRows.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An AI platform's SIP endpoint behind a trunk (docs/carriers.md, "AI agents over SIP"): the real baresip stands in
 * for it, listening on TLS with mandatory SRTP and answering every call, as the one gateway of a trunk written by
 * {@link TrunkRows} with transport tls and srtp. An outbound call (POST /api/calls/initiate) to a number leaves
 * through Asterisk's trunks endpoint and Kamailio (kamailio/trunkout.cfg) over TLS, with the trunk's request user
 * and header, and rtpengine's RTP/SAVP offer with SDES keys; the agent on the call and the far end hear each other.
 * A call to a SIP URI at that gateway leaves through that trunk alone. Route 7540 and SIP ports 5540-5552 (TLS 5541)
 * belong to this test.
 */
@QuarkusTest
class TlsSrtpTrunkTest {

    static final String ROUTE = "7540";
    static final Path TLS_DIR = Path.of(System.getenv().getOrDefault("CALLBRIDGE_STATE", "/var/lib/callbridge-local"), "tls");
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The far end: baresip's TLS port (its SIP port 5540 + 1), SRTP offered. */
    static final Gateway PLATFORM = new Gateway(5541, 0, "tls", true);

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Inject
    DataSource db;

    @Inject
    KamailioRpc rpc;

    TrunkRows trunks;

    @BeforeEach
    void ready() {
        TestData.awaitReady();
        trunks = new TrunkRows(db, rpc);
    }

    @AfterEach
    void clean() {
        trunks.close();
        data.removeRoute(ROUTE);
    }

    @Test
    void aNumberThroughATlsSrtpTrunkReachesTheFarEndWithTheTrunksRequestUserAndHeader() throws Exception {
        long platform = trunks.trunk("ai-platform", "request_user = 'proj_7540', headers = '{\"X-Project-Key\": \"key-7540\"}'",
                PLATFORM);
        String trace = talk("+15550017540", platform);
        assertTrue(trace.contains("X-Project-Key: key-7540"), "the trunk's header was sent:\n" + trace);
    }

    @Test
    void aSipUriAtATrunksGatewayLeavesThroughThatTrunkAlone() throws Exception {
        // a carrier trunk tried first for numbers (nobody listens at 5552): a URI at the platform's gateway skips it
        trunks.trunk("carrier", null, new Gateway(5552, 0));
        long platform = trunks.trunk("ai-platform", null, PLATFORM);
        talk("sip:proj_7540@127.0.0.1:5541", platform);
    }

    /**
     * Calls {@code to} from route 7540's agent with the far end listening as the trunk's gateway: the agent hears the
     * far end's 400 Hz and says 1 s of 1 kHz, which the far end hears; the call is SRTP over TLS and the only
     * attempt is {@code trunk}'s gateway. Returns the far end's SIP trace.
     */
    private String talk(String to, long trunk) throws Exception {
        agent.reset();
        data.route(ROUTE, agent.url("/trunk-" + ROUTE), "raw", 16000, Map.of(), null);
        RegisteredBaresip.Account account = new RegisteredBaresip.Account(List.of(), "127.0.0.1", 5540, "proj_7540",
                "127.0.0.1", null, null, "tls", "srtp-mand", List.of("sip_certificate " + serverPem(), "sip_cafile " + TLS_DIR.resolve("ca.crt"), "module srtp.so"));
        // the far end says 400 Hz for 5 s into the call it answers, then hangs up
        try (RegisteredBaresip farEnd = RegisteredBaresip.start(account, null, Audio.tone(400, 5000, 8000, 8000))) {
            await().atMost(WAIT).until(() -> accepts(5541));
            String callSid = api().body(new HashMap<>(Map.of("to", to, "from", "+15550007540", "route", ROUTE)))
                    .post("/api/calls/initiate").then().statusCode(201).extract().path("callSid");

            Session bot = agent.awaitSession(WAIT);
            TlsSrtpCallTest.agentHearsTheToneAndSaysOne(bot);
            bot.nextEvent("stop", Duration.ofSeconds(15));

            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals(200, cdr.sipCode);
            assertNotNull(cdr.answeredAt, "the far end answered");
            assertEquals(List.of(trunk + "/5541/200"), trunks.attempts(callSid));
            List<Path> heard = await().atMost(WAIT).until(farEnd::heard, files -> files.size() == 1);
            await().atMost(WAIT).until(() -> Files.size(heard.getFirst()) > 44);
            String trace = farEnd.output();
            assertTrue(trace.contains("INVITE sip:proj_7540@127.0.0.1:5541;transport=tls SIP/2.0"),
                    "the request URI names the project at the gateway, over TLS:\n" + trace);
            assertTrue(trace.contains("m=audio") && trace.contains("RTP/SAVP"), "the far end was offered RTP/SAVP:\n" + trace);
            assertTrue(trace.contains("a=crypto:"), "with SDES keys:\n" + trace);
            assertTrue(trace.contains("SRTP is Enabled"), "the call's media was SRTP:\n" + trace);
            int ms = TlsSrtpCallTest.toneMillis(Audio.readWav(heard.getFirst().toFile()));
            assertTrue(Math.abs(ms - 1000) <= 40, "the far end heard the agent's 1 s of 1 kHz for " + ms + " ms:\n" + trace);
            return trace;
        }
    }

    /** The local stack's server certificate and key in one PEM file, as baresip's {@code sip_certificate} wants. */
    private static Path serverPem() throws IOException {
        Path pem = Files.createTempFile("far-end", ".pem");
        Files.writeString(pem, Files.readString(TLS_DIR.resolve("server.key")) + Files.readString(TLS_DIR.resolve("server.crt")));
        return pem;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
