package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Api;
import io.callbridge.testing.SipFixtures;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caller identity on the real path (sipp → Kamailio → Asterisk → app), RFC 3325: a P-Asserted-Identity from
 * anyone but a trusted peer is removed by Kamailio, so the blocklist, the agent and the CDR see the From
 * number; from a trusted peer (permissions address group 3) it is kept and believed. Routes 7680 and 7681 and
 * SIP port 5683 belong to this test.
 */
@QuarkusTest
class IdentityHeadersTest {

    static final String UNTRUSTED_ROUTE = "7680";
    static final String TRUSTED_ROUTE = "7681";
    static final String BLOCKED = "+15550100007";
    static final int TRUSTED_PORT = 5683;

    @Inject
    TestData data;

    @Inject
    SipFixtures edge;

    @BeforeEach
    void ready() {
        data.ensureRoute(UNTRUSTED_ROUTE);
        data.ensureRoute(TRUSTED_ROUTE);
        TestData.awaitReady();
        api().body(Map.of("number", BLOCKED, "reason", "identity test")).post("/api/numbers/block")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    @AfterEach
    void unblock() {
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + Api.KEY).urlEncodingEnabled(false)
                .delete("/api/numbers/block/%2B15550100007").then().statusCode(org.hamcrest.Matchers.oneOf(204, 404));
    }

    @Test
    void aBlockedCallerCannotHideBehindAnAssertedIdentityOfItsOwn() {
        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result call = Sipp.rejectedCallAsserting(BLOCKED, "+15550100099", 0, UNTRUSTED_ROUTE, 403);
        assertTrue(call.succeeded(), "expected 403 for a blocked From with someone else's P-Asserted-Identity:\n" + call.output());

        CallRecord cdr = data.awaitEnded(UNTRUSTED_ROUTE, since);
        assertEquals("blocked", cdr.termination);
        assertEquals(BLOCKED, cdr.fromNumber, "the CDR names the From number, not the unproven identity");
    }

    @Test
    void aTrustedPeersAssertedIdentityIsBelieved() {
        edge.trust("127.0.0.1", TRUSTED_PORT);
        try {
            OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
            // From names an innocent number; the peer asserts the blocked one, and is believed
            Sipp.Result call = Sipp.rejectedCallAsserting("+15550100098", BLOCKED, TRUSTED_PORT, TRUSTED_ROUTE, 403);
            assertTrue(call.succeeded(), "expected 403 for a trusted peer asserting a blocked number:\n" + call.output());

            CallRecord cdr = data.awaitEnded(TRUSTED_ROUTE, since);
            assertEquals("blocked", cdr.termination);
            assertEquals(BLOCKED, cdr.fromNumber);
        } finally {
            edge.distrust("127.0.0.1", TRUSTED_PORT);
        }
    }
}
