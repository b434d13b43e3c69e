package io.callbridge.sip;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.loway.oss.ari4java.generated.models.Bridge;
import io.callbridge.ari.AriBridges;
import io.callbridge.ari.AriChannels;
import io.callbridge.call.CallRegistry;
import io.callbridge.call.CallSession;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A phone's attended transfer (REFER with Replaces, RFC 3891) on the real path: the phone talks to an agent
 * (call 1, a route) and to another user of the edge (call 2, bridged by the app), then refers call 1 with
 * Replaces naming call 2's dialog. The agent must end up talking to the user, the phone must leave both calls,
 * and both CDRs must say so. The phones are sipp instances; the user is registered with digest auth.
 */
@QuarkusTest
class AttendedTransferTest {

    static final String DOMAIN = "xfer2.example.test";
    static final String ROUTE = "7700";
    static final String PASSWORD = "f-secret-1";
    /** The transferring phone's SIP ports (its two calls), and the consulted user's phone. */
    static final int PHONE = 5700;
    static final int PHONE_FIRST_CALL = 5702;
    static final int BOB = 5701;
    /** The consulted user: the tests' prefix makes the stack's test dialplan hand its calls to this app. */
    static final String BOB_USER = "99fbob";

    @Inject
    TestData data;

    @Inject
    SipFixtures users;

    @Inject
    CallRegistry registry;

    @Inject
    AriChannels channels;

    @Inject
    AriBridges bridges;

    @BeforeEach
    void ready() {
        data.ensureRoute(ROUTE);
        users.domain(DOMAIN);
        TestData.awaitReady();
    }

    @AfterEach
    void unregister() {
        users.unregister(BOB_USER, DOMAIN);
    }

    @Test
    void aPhonesAttendedTransferJoinsTheAgentToTheConsultedUserAndThePhoneLeavesBothCalls() throws Exception {
        users.user("f-phone", DOMAIN, PASSWORD);
        users.user(BOB_USER, DOMAIN, PASSWORD);
        Sipp.Result registered = Sipp.register(BOB_USER, DOMAIN, PASSWORD, BOB, 120);
        assertTrue(registered.succeeded(), "the user did not register:\n" + registered.output());
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        String callId = "fconsult-" + UUID.randomUUID();
        String fromTag = "ftag" + System.nanoTime();
        String bobUri = "sip:" + BOB_USER + "@" + DOMAIN;

        // the user answers and talks for 8 s, then hangs up: by then it talks to the agent
        try (Sipp.Uas bob = Sipp.farEndOn(BOB, "uas-answer-hangup.xml", Map.of("HOLD_MS", "8000"), 40);
             Sipp.Uas consultation = Sipp.startCall(PHONE, "uac-consult.xml", Map.of("USER", "f-phone",
                     "DOMAIN", DOMAIN, "PASSWORD", PASSWORD, "CALLEE", BOB_USER, "FROM_TAG", fromTag),
                     List.of("-cid_str", callId), 40)) {
            // call 2 answered: the tag Asterisk gave its side of the dialog is the Replaces' to-tag
            CallSession second = await().atMost(Duration.ofSeconds(15)).until(() -> byCallId(callId), Optional::isPresent).get();
            await().atMost(Duration.ofSeconds(10)).until(second::isAnswered);
            String toTag = channels.variable(second.channelId(), "CHANNEL(pjsip,local_tag)");
            String replaces = callId + "%3Bto-tag%3D" + toTag + "%3Bfrom-tag%3D" + fromTag;

            // call 1: the phone talks to the agent, refers it to the user with Replaces and hangs up once told 200
            Sipp.Result phone = Sipp.from("127.0.0.1", PHONE_FIRST_CALL, "uac-refer-attended.xml", ROUTE,
                    Map.of("TARGET", bobUri, "REPLACES", replaces, "OUTCOME", "200"), List.of("-m", "1"), 30);
            assertTrue(phone.succeeded(), "the phone's attended REFER was not carried out:\n" + phone.output());

            Sipp.Result consulted = consultation.await();
            assertTrue(consulted.succeeded(), "the phone's second call was not ended by the app:\n" + consulted.output());
            assertTrue(second.isClosed(), "call 2 ended");
            CallSession first = registry.all().stream()
                    .filter(c -> ROUTE.equals(c.routeNumber()) && !c.isClosed()).findFirst().orElseThrow();
            // the agent's bridge holds the agent's media channel and the user's leg, no phone
            Bridge bridge = await().atMost(Duration.ofSeconds(5)).until(() -> bridgeOf("cb-br-" + first.callSid()),
                    b -> b != null && b.getChannels().size() == 2 && b.getChannels().contains("cb-tl-" + second.callSid()));
            assertFalse(bridge.getChannels().contains(first.channelId()), "the phone left the agent's bridge");

            Sipp.Result user = bob.await();
            assertTrue(user.succeeded(), "the user's call did not go on until it hung up:\n" + user.output());
            CallRecord cdr = data.awaitEnded(ROUTE, since);
            assertEquals("transferred", cdr.termination, cdr.terminationReason);
            assertTrue(cdr.terminationReason.contains(bobUri), cdr.terminationReason);
            assertTrue(Duration.between(cdr.answeredAt, cdr.endedAt).toMillis() >= 6000,
                    "the agent talked to the user after the phone left, until the user hung up");
            CallRecord consultationCdr = data.awaitEnded(bobUri, since);
            assertEquals("transferred", consultationCdr.termination, consultationCdr.terminationReason);
            assertEquals("f-phone", consultationCdr.fromNumber);
        }
    }

    /** The call whose caller's SIP dialog has {@code callId}. */
    private Optional<CallSession> byCallId(String callId) {
        return registry.all().stream().filter(c -> !c.isClosed()).filter(c -> {
            try {
                return callId.equals(channels.variable(c.channelId(), "CHANNEL(pjsip,call-id)"));
            } catch (Exception e) {
                return false;
            }
        }).findFirst();
    }

    private Bridge bridgeOf(String id) throws Exception {
        return bridges.list().stream().filter(b -> id.equals(b.getId())).findFirst().orElse(null);
    }
}
