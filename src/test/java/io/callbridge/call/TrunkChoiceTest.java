package io.callbridge.call;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.sip.KamailioRpc;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.Api;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.callbridge.testing.TrunkRows;
import io.callbridge.testing.TrunkRows.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call placed through one trunk of the caller's choosing ({@code trunk} of POST /api/calls/initiate) on the real
 * path: Asterisk's {@code trunks} endpoint → Kamailio (kamailio/trunkout.cfg) → sipp far ends as the carriers'
 * gateways ({@link TrunkRows}). Trunk "a" has the lower id, so it would be tried first without a choice, and its
 * gateway answers: a call sent there would be carried by it and never reach trunk b's. SIP ports 5562-5564.
 */
@QuarkusTest
class TrunkChoiceTest {

    static final String ROUTE = "7562";
    static final String FROM = "+15550007562";

    @Inject
    TestData data;

    @Inject
    DataSource db;

    @Inject
    KamailioRpc rpc;

    TrunkRows trunks;

    @BeforeEach
    void ready() {
        data.ensureRoute(ROUTE);
        TestData.awaitReady();
        trunks = new TrunkRows(db, rpc);
    }

    @AfterEach
    void clean() {
        trunks.close();
    }

    @Test
    void aCallForTrunkBLeavesThroughBThoughAHasTheLowerId() {
        trunks.trunk("a", null, new Gateway(5562, 0));
        long b = trunks.trunk("b", null, new Gateway(5563, 0));
        try (Sipp.Uas other = answering(5562);
             Sipp.Uas answering = answering(5563)) {
            String callSid = initiate("+15550017562", "b");

            await().atMost(Duration.ofSeconds(15)).until(() -> data.call(callSid).answeredAt != null);
            api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);
            Sipp.Result uas = answering.await();
            assertTrue(uas.succeeded(), "trunk b's gateway did not carry the call:\n" + uas.output());
            assertEquals(List.of(b + "/5563/200"), trunks.attempts(callSid));
        }
    }

    @Test
    void theChosenTrunksRefusalDoesNotFailOverToAnotherTrunk() {
        long a = trunks.trunk("a", null, new Gateway(5562, 0));
        long b = trunks.trunk("b", null, new Gateway(5564, 0));
        try (Sipp.Uas other = answering(5562);
             Sipp.Uas refusing = Sipp.farEndOn(5564, "uas-reject.xml", Map.of("CODE", "503"), 30)) {
            // By id: the other way to name a trunk.
            String callSid = initiate("+15550027562", String.valueOf(b));

            CallRecord cdr = data.awaitEndedCall(callSid, 15);
            assertEquals("failed", cdr.termination, cdr.terminationReason);
            // The edge passes the gateway's 503 on as 500, as a proxy must (RFC 3261 16.7 step 6).
            assertEquals(500, cdr.sipCode);
            assertTrue(refusing.await().succeeded(), "trunk b's gateway saw no call");
            // Trunk a was never tried, though its gateway would have answered.
            assertEquals(List.of(b + "/5564/503"), trunks.attempts(callSid), "trunk " + a + " must not be tried");
        }
    }

    @Test
    void anUnknownOrDisabledTrunkOrOneForASipUriIsRefusedWith400() {
        trunks.trunk("off", "enabled = false", new Gateway(5562, 0));
        Api.badField(api().body(body("+15550037562", "no-such-trunk")).post("/api/calls/initiate"), "trunk")
                .body("errors.message", hasItem("no trunk has id or name no-such-trunk"));
        Api.badField(api().body(body("+15550037562", "off")).post("/api/calls/initiate"), "trunk")
                .body("errors.message", hasItem(org.hamcrest.Matchers.endsWith("is disabled")));
        Api.badField(api().body(body("sip:someone@127.0.0.1:5562", "off")).post("/api/calls/initiate"), "trunk")
                .body("errors.message", hasItem("applies to calls to a number, not to a SIP URI"));
    }

    private static Sipp.Uas answering(int port) {
        return Sipp.farEndOn(port, "uas-answer.xml", Map.of("RING_MS", "200", "CALLER", FROM), 30);
    }

    private static Map<String, Object> body(String to, String trunk) {
        return new HashMap<>(Map.of("to", to, "from", FROM, "route", ROUTE, "trunk", trunk));
    }

    private static String initiate(String to, String trunk) {
        return api().body(body(to, trunk)).post("/api/calls/initiate").then().statusCode(201).extract().path("callSid");
    }
}
