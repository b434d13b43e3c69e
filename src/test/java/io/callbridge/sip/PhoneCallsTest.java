package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Audio;
import io.callbridge.testing.Baresip;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls to registered phones on the real path: POST /api/calls/initiate to {@code sip:user@domain} → this app
 * over ARI → Asterisk's {@code edge} endpoint → Kamailio, which rings every registered contact of the user.
 * The phones are sipp instances registered with digest auth (users made by {@link SipFixtures}); a baresip
 * phone registers and calls a route the same way.
 */
@QuarkusTest
class PhoneCallsTest {

    static final String DOMAIN = "b.example.test";
    static final String ROUTE = "7620";
    static final String FROM = "+15550007620";
    static final String PASSWORD = "b-secret-1";
    /** The phones' SIP ports (this part's range, 5620-5639). */
    static final int DESK = 5620;
    static final int MOBILE = 5621;
    static final int DAVE = 5622;
    static final int GINA = 5623;
    static final String REFER_ROUTE = "7621";

    @Inject
    TestData data;

    @Inject
    SipFixtures users;

    @BeforeEach
    void ready() {
        data.ensureRoute(ROUTE);
        users.domain(DOMAIN);
        TestData.awaitReady();
    }

    @AfterEach
    void unregister() {
        users.unregister("b-alice", DOMAIN);
        users.unregister("b-carol", DOMAIN);
        users.unregister("99bdave", DOMAIN);
        users.unregister("b-gina", DOMAIN);
    }

    @Test
    void aPhonesBlindTransferHandsTheAgentToTheTargetAndTheCallEndsTransferred() {
        data.ensureRoute(REFER_ROUTE);
        users.user("b-gina", DOMAIN, PASSWORD);
        assertRegistered(Sipp.register("b-gina", DOMAIN, PASSWORD, GINA, 120));
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // the target answers, talks with the agent for 2 s and hangs up
        try (Sipp.Uas gina = Sipp.farEndOn(GINA, "uas-answer-hangup.xml", Map.of("HOLD_MS", "2000"), 30)) {
            // the phone refers the call to b-gina and hangs up once told the transfer succeeded (NOTIFY 200)
            Sipp.Result phone = Sipp.call("uac-refer.xml", REFER_ROUTE,
                    Map.of("TARGET", "sip:b-gina@" + DOMAIN, "OUTCOME", "200"), 30);
            assertTrue(phone.succeeded(), "the phone's REFER was not carried out:\n" + phone.output());

            Sipp.Result target = gina.await();
            assertTrue(target.succeeded(), "the target did not answer and hang up:\n" + target.output());
            CallRecord cdr = data.awaitEnded(REFER_ROUTE, since);
            assertEquals("transferred", cdr.termination, cdr.terminationReason);
            assertTrue(cdr.terminationReason.contains("sip:b-gina@" + DOMAIN), cdr.terminationReason);
            assertEquals(REFER_ROUTE, cdr.route);
            assertTrue(Duration.between(cdr.answeredAt, cdr.endedAt).toMillis() >= 2000,
                    "the call went on after the phone left, until the target hung up");
        }
    }

    @Test
    void aReferToATargetThatCannotBeReachedLeavesThePhoneWithTheAgent() {
        data.ensureRoute(REFER_ROUTE);
        users.user("b-hank", DOMAIN, PASSWORD);
        users.unregister("b-hank", DOMAIN);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        // the phone is told the transfer failed (a NOTIFY with a 4xx-6xx sipfrag), then hangs up itself
        Sipp.Result phone = Sipp.call("uac-refer.xml", REFER_ROUTE,
                Map.of("TARGET", "sip:b-hank@" + DOMAIN, "OUTCOME", "[4-6][0-9][0-9]"), 30);

        assertTrue(phone.succeeded(), "the phone was not told its REFER failed:\n" + phone.output());
        CallRecord cdr = data.awaitEnded(REFER_ROUTE, since);
        assertEquals("caller_hangup", cdr.termination, "the call stayed the phone's: " + cdr.terminationReason);
        assertEquals(REFER_ROUTE, cdr.route);
    }

    @Test
    void aPhoneCallsAnotherRegisteredUserThroughTheAppAndTheCallHasACdr() throws Exception {
        users.user("b-erin", DOMAIN, PASSWORD);
        // The callee's name starts with the tests' prefix: the stack's test dialplan hands it to this app.
        users.user("99bdave", DOMAIN, PASSWORD);
        assertRegistered(Sipp.register("99bdave", DOMAIN, PASSWORD, DAVE, 120));
        String to = "sip:99bdave@" + DOMAIN;
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        // the callee answers, talks (sipp's G.711 sample) for 2.5 s and hangs up; the caller would talk for 6 s
        try (Sipp.Uas dave = Sipp.farEndOn(DAVE, "uas-answer-hangup.xml", Map.of("HOLD_MS", "2500"), 30)) {
            Baresip.Call call = Baresip.callAs("b-erin", DOMAIN, PASSWORD, "bdave", new short[8000 * 6], 12);

            assertEquals(0, call.exitCode(), call.output());
            Sipp.Result answered = dave.await();
            assertTrue(answered.succeeded(), "the callee was not reached, or its BYE failed:\n" + answered.output());
            CallRecord cdr = data.awaitEnded(to, since);
            assertEquals("inbound", cdr.direction);
            assertEquals("b-erin", cdr.fromNumber);
            assertEquals(200, cdr.sipCode);
            assertEquals("completed", cdr.termination, "the callee hung up");
            assertTrue(Duration.between(cdr.answeredAt, cdr.endedAt).toMillis() >= 2000, "talked until the callee's BYE");
            assertNotNull(call.heard(), "baresip recorded nothing:\n" + call.output());
            short[] heard = Audio.readWav(call.heard()).samples();
            double energy = 0;
            for (short x : heard) energy += (double) x * x;
            assertTrue(Math.sqrt(energy / Math.max(1, heard.length)) > 300, "the caller heard the callee's audio");
        }
    }

    @Test
    void aPhoneCallingAUsersAliasNumberReachesTheUser() throws Exception {
        users.user("b-erin", DOMAIN, PASSWORD);
        users.user("99bdave", DOMAIN, PASSWORD);
        // the alias carries the tests' prefix too: it is what the phone dials
        users.alias("995550007699", DOMAIN, "99bdave");
        assertRegistered(Sipp.register("99bdave", DOMAIN, PASSWORD, DAVE, 120));
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        try (Sipp.Uas dave = Sipp.farEndOn(DAVE, "uas-answer-hangup.xml", Map.of("HOLD_MS", "1000"), 30)) {
            Baresip.Call call = Baresip.callAs("b-erin", DOMAIN, PASSWORD, "5550007699", new short[8000 * 4], 10);

            assertEquals(0, call.exitCode(), call.output());
            assertTrue(dave.await().succeeded(), "the user behind the alias was not reached");
            CallRecord cdr = data.awaitEnded("sip:99bdave@" + DOMAIN, since);
            assertEquals("completed", cdr.termination);
            assertEquals(200, cdr.sipCode);
        }
    }

    @Test
    void aPhoneCallingAUserWithNoRegistrationGets480AndACdr() throws Exception {
        users.user("b-erin", DOMAIN, PASSWORD);
        users.user("99bfrank", DOMAIN, PASSWORD);
        users.unregister("99bfrank", DOMAIN);
        String to = "sip:99bfrank@" + DOMAIN;
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        Baresip.Call call = Baresip.callAs("b-erin", DOMAIN, PASSWORD, "bfrank", new short[8000 * 2], 8);

        assertTrue(call.output().contains("480"), "the caller is told 480:\n" + call.output());
        CallRecord cdr = data.awaitEnded(to, since);
        assertEquals("b-erin", cdr.fromNumber);
        assertEquals(480, cdr.sipCode);
        assertEquals("failed", cdr.termination);
        assertEquals(null, cdr.answeredAt);
    }

    @Test
    void aRegisteredPhoneCallsARouteWithDigestAuthAndHearsTheAgent() throws Exception {
        users.user("b-carol", DOMAIN, PASSWORD);
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);

        // 4 s of a 400 Hz tone; the route's echo agent sends it back
        Baresip.Call call = Baresip.callAs("b-carol", DOMAIN, PASSWORD, ROUTE, Audio.tone(400, 4000, 8000, 8000), 10);

        assertEquals(0, call.exitCode(), call.output());
        CallRecord cdr = data.awaitEnded(ROUTE, since);
        assertEquals("inbound", cdr.direction);
        assertEquals("b-carol", cdr.fromNumber, "the authenticated user is the caller");
        assertEquals(200, cdr.sipCode);
        assertNotNull(call.heard(), "baresip recorded nothing:\n" + call.output());
        short[] heard = Audio.readWav(call.heard()).samples();
        boolean echoed = false;
        for (int at = 0; at + 800 <= heard.length && !echoed; at += 800) echoed = Audio.level(heard, at, 800, 400, 8000) > 2000;
        assertTrue(echoed, "the phone did not hear the agent echo its tone");
    }

    @Test
    void callToARegisteredUserRingsEveryContactAndTheFirstToAnswerTalksToTheAgent() {
        users.user("b-alice", DOMAIN, PASSWORD);
        assertRegistered(Sipp.register("b-alice", DOMAIN, PASSWORD, DESK, 120));
        assertRegistered(Sipp.register("b-alice", DOMAIN, PASSWORD, MOBILE, 120));
        try (Sipp.Uas desk = Sipp.farEndOn(DESK, "uas-answer.xml", Map.of("RING_MS", "800", "CALLER", FROM), 30);
             Sipp.Uas mobile = Sipp.farEndOn(MOBILE, "uas-ring.xml", Map.of(), 30)) {
            String to = "sip:b-alice@" + DOMAIN;
            String callSid = initiate(Map.of("to", to, "from", FROM, "route", ROUTE));

            await().atMost(Duration.ofSeconds(10)).until(() -> data.call(callSid).answeredAt != null);
            // the other contact rang too, and was cancelled when the desk answered
            Sipp.Result rang = mobile.await();
            assertTrue(rang.succeeded(), "the second contact did not ring and get cancelled:\n" + rang.output());
            api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);

            Sipp.Result answered = desk.await();
            assertTrue(answered.succeeded(), "the first contact did not ring, answer and get a BYE:\n" + answered.output());
            CallRecord cdr = data.awaitEndedCall(callSid, 10);
            assertEquals("outbound", cdr.direction);
            assertEquals(to, cdr.toNumber);
            assertEquals(ROUTE, cdr.route);
            assertEquals("completed", cdr.termination);
            assertEquals(200, cdr.sipCode);
        }
    }

    @Test
    void callToAUserWithNoRegistrationIsAnswered480AndRecorded() {
        users.user("b-bob", DOMAIN, PASSWORD);
        users.unregister("b-bob", DOMAIN);
        String callSid = initiate(Map.of("to", "sip:b-bob@" + DOMAIN, "from", FROM, "route", ROUTE));

        CallRecord cdr = data.awaitEndedCall(callSid, 10);
        assertEquals(480, cdr.sipCode, "Kamailio's answer for a user with no contact");
        assertEquals("failed", cdr.termination);
        assertEquals(null, cdr.answeredAt);
    }

    private static void assertRegistered(Sipp.Result result) {
        assertTrue(result.succeeded(), "registration failed:\n" + result.output());
    }

    private static String initiate(Map<String, Object> body) {
        return api().body(new HashMap<>(body)).post("/api/calls/initiate")
                .then().statusCode(201).extract().path("callSid");
    }
}
