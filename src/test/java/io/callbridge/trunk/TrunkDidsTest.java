package io.callbridge.trunk;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A trunk's DIDs on the real path: sipp calls from the trunk's source (127.0.0.1) through Kamailio and Asterisk, in
 * the trunk's national format; a number among the DIDs reaches its route, one outside them is refused with 404 even
 * though a route has it, and a trunk that lists no DIDs takes any number. Texts (MESSAGE) likewise. SIP port 5561.
 */
@QuarkusTest
class TrunkDidsTest {

    /** Among the trunk's DIDs. */
    static final String LISTED = "+493012347560";
    /** Routed, but outside the trunk's DIDs. */
    static final String UNLISTED = "+493012347570";

    @Inject
    TestData data;

    @Inject
    InboundTrunks inbound;

    private Long trunk;

    @BeforeEach
    void ready() {
        data.ensureRoute(LISTED);
        data.ensureRoute(UNLISTED);
        TestData.awaitReady();
    }

    @AfterEach
    void cleanUp() {
        if (trunk != null) api().delete("/api/trunks/" + trunk);
        data.removeRoute(LISTED);
        data.removeRoute(UNLISTED);
    }

    @Test
    void aNumberOutsideTheTrunksDidsIsRefusedAndATrunkWithoutDidsTakesAny() {
        trunk = api().body(trunkBody(List.of("+493012347560-+493012347569"))).post("/api/trunks")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        awaitDid(national(UNLISTED), false);

        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result listed = Sipp.talkingCall(national(LISTED), 1000);
        assertTrue(listed.succeeded(), "the trunk's call to its DID failed:\n" + listed.output());
        assertEquals(LISTED, data.awaitEnded(LISTED, since).route);

        Sipp.Result unlisted = Sipp.rejectedCall(national(UNLISTED), 404);
        assertTrue(unlisted.succeeded(), "a call to a number outside the trunk's DIDs must be refused with 404:\n"
                + unlisted.output());
        CallRecord refused = data.awaitEnded(UNLISTED, since);
        assertEquals("no_route", refused.termination);
        assertEquals(UNLISTED + " is not one of trunk " + trunk + "'s numbers (dids)", refused.terminationReason);

        // The same trunk without DIDs: any number is its.
        api().body(trunkBody(List.of())).put("/api/trunks/" + trunk).then().statusCode(200);
        awaitDid(national(UNLISTED), true);
        OffsetDateTime later = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result any = Sipp.talkingCall(national(UNLISTED), 1000);
        assertTrue(any.succeeded(), "a trunk without DIDs must take any number:\n" + any.output());
        assertEquals(UNLISTED, data.awaitEnded(UNLISTED, later).route);
    }

    /** A MESSAGE follows the calls' rule; the number has a messaging route, so only the DIDs refuse it. */
    @Test
    void aTextToANumberOutsideTheTrunksDidsIsRefusedWith404() {
        trunk = api().body(trunkBody(List.of(LISTED))).post("/api/trunks")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        awaitDid(national(UNLISTED), false);
        api().body(Map.of("url", "http://127.0.0.1:9/sms")).put("/api/sms/numbers/" + UNLISTED).then().statusCode(200);
        try {
            Sipp.Result text = Sipp.from("127.0.0.1", 5561, "sms-message.xml", national(UNLISTED), Map.of("FROM",
                    "+15550107561@carrier.example.test", "TO", national(UNLISTED), "TYPE", "text/plain", "BODY", "not ours",
                    "CODE", "404"), List.of("-m", "1"), 15);
            assertTrue(text.succeeded(), "a MESSAGE to a number outside the trunk's DIDs must be refused with 404:\n"
                    + text.output());
        } finally {
            api().delete("/api/sms/numbers/" + UNLISTED);
        }
    }

    private static Map<String, Object> trunkBody(List<String> dids) {
        return Map.of("name", "carrier-dids", "inboundSources", List.of("127.0.0.1/32"), "countryCode", "49",
                "nationalPrefix", "0", "dids", dids);
    }

    /** The national form the carrier writes: 0 and the national number. */
    private static String national(String e164) {
        return "0" + e164.substring(3);
    }

    /** Until this instance's call path sees the trunk's DIDs as the API left them (reloaded on change). */
    private void awaitDid(String dialed, boolean isDid) {
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> inbound.resolve(String.valueOf(trunk), dialed).orElseThrow().isDid() == isDid);
    }
}
