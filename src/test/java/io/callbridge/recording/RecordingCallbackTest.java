package io.callbridge.recording;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An outbound call placed with {@code record} and {@code recordingStatusCallback}, as Twilio's Calls API
 * takes them: recorded once answered, and Twilio's recording status callback (form fields) reaches its URL
 * when the recording is completed.
 */
@QuarkusTest
class RecordingCallbackTest {

    static final int PORT = 18094;
    static final String ROUTE = "7414";
    static final String FROM = "+15550004000";

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    @Test
    void outboundCallAskingForItIsRecordedAndItsCallbackGetsTwiliosFields() throws Exception {
        data.ensureRoute(ROUTE);
        try (HookReceiver receiver = new HookReceiver(vertx, PORT);
             Sipp.Uas farEnd = Sipp.farEnd("uas-answer.xml", Map.of("RING_MS", "200", "CALLER", FROM), 30)) {
            String callSid = api().body(new HashMap<>(Map.of("to", "+15550004001", "from", FROM, "route", ROUTE,
                            "record", true, "recordingStatusCallback", "http://127.0.0.1:" + PORT + "/rs")))
                    .post("/api/calls/initiate").then().statusCode(201).extract().path("callSid");
            String sid = await().atMost(Duration.ofSeconds(15)).until(() -> api().get("/api/recordings?callSid=" + callSid)
                    .then().statusCode(200).extract().jsonPath().getList("items.recordingSid", String.class), l -> l.size() == 1)
                    .getFirst();
            api().post("/api/calls/" + callSid + "/hangup").then().statusCode(202);
            assertTrue(farEnd.await().succeeded());

            HookReceiver.Hook hook = receiver.await(h -> h.path().equals("/rs"), 1, Duration.ofSeconds(30)).getFirst();
            Map<String, String> f = hook.form();
            assertEquals(callSid, f.get("CallSid"));
            assertEquals(sid, f.get("RecordingSid"));
            assertEquals("completed", f.get("RecordingStatus"));
            assertEquals("2", f.get("RecordingChannels"));
            assertEquals("StartCallRecordingAPI", f.get("RecordingSource"));
            assertEquals("/api/recordings/" + sid + "/audio", f.get("RecordingUrl"));
            assertTrue(f.get("RecordingDuration").matches("\\d+"), f.toString());
            assertTrue(f.get("AccountSid").startsWith("AC"), f.toString());
            assertTrue(f.get("RecordingStartTime").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} [0-9:]{8} \\+0000"), f.toString());
            api().get("/api/recordings/" + sid).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("completed")).body("channels", org.hamcrest.Matchers.equalTo(2));
        }
    }

    @Test
    void aRecordingCallbackNeedsRecordAndAUrl() {
        problem(api().body(new HashMap<>(Map.of("to", "+15550004001", "from", FROM, "route", ROUTE,
                "recordingStatusCallback", "http://127.0.0.1:" + PORT + "/rs"))).post("/api/calls/initiate"), 400);
        problem(api().body(new HashMap<>(Map.of("to", "+15550004001", "from", FROM, "route", ROUTE, "record", true,
                "recordingStatusCallback", "mailto:x"))).post("/api/calls/initiate"), 400);
    }
}
