package io.callbridge.recording;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recordings API against PostgreSQL: paging, filters, refusals, the retention purge, Twilio's callback fields. */
@QuarkusTest
class RecordingsApiTest {

    @Inject
    RecordingStore store;

    @Inject
    RecordingRetention retention;

    @Inject
    RecordingWebhooks webhooks;

    @Inject
    RecordingConfig config;

    @Inject
    DataSource db;

    @Inject
    TestData data;

    @AfterEach
    void resetSettings() {
        data.resetSettings();
    }

    @Test
    void listsNewestFirstPageByPageFilteredByCallAndTime() throws Exception {
        String call = "CA" + Recorder.newSid().substring(2);
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        List<String> sids = List.of(Recorder.newSid(), Recorder.newSid(), Recorder.newSid());
        for (int i = 0; i < 3; i++) store.insert(sids.get(i), call, "ch-" + i, "other-instance", "api", t0.plusMinutes(i), null);

        var first = api().get("/api/recordings?callSid=" + call + "&limit=2").then().statusCode(200)
                .body("items.recordingSid", contains(sids.get(2), sids.get(1)))
                .body("items[0].status", equalTo("in-progress")).extract().jsonPath();
        api().get("/api/recordings?callSid=" + call + "&limit=2&cursor=" + first.getString("nextCursor")).then()
                .statusCode(200).body("items.recordingSid", contains(sids.get(0))).body("nextCursor", nullValue());
        api().get("/api/recordings?callSid=" + call + "&startedFrom=" + t0.plusMinutes(1) + "&startedTo=" + t0.plusMinutes(2))
                .then().statusCode(200).body("items.recordingSid", contains(sids.get(1)));
        api().get("/api/recordings/" + sids.get(0)).then().statusCode(200).body("callSid", equalTo(call))
                .body("source", equalTo("api"));

        problem(api().get("/api/recordings/" + sids.get(0) + "/audio"), 409); // not completed
        problem(api().delete("/api/recordings/" + sids.get(0)), 409); // still recording
    }

    @Test
    void badQueriesAndUnknownIdsAreRefused() {
        problem(api().get("/api/recordings?limit=0"), 400);
        problem(api().get("/api/recordings?cursor=nonsense"), 400);
        problem(api().get("/api/recordings?startedFrom=yesterday"), 400);
        problem(api().get("/api/recordings/RE00000000000000000000000000000000"), 404);
        problem(api().delete("/api/recordings/RE00000000000000000000000000000000"), 404);
        problem(api().body("{}").post("/api/calls/CA00000000000000000000000000000000/recordings"), 404);
        problem(api().body(Map.of("recordingStatusCallback", "ftp://x")).post("/api/calls/CA00000000000000000000000000000000/recordings"), 400);
        problem(api().body(Map.of("unknown", 1)).post("/api/calls/CA00000000000000000000000000000000/recordings"), 400);
        problem(api().post("/api/calls/CA00000000000000000000000000000000/recordings/RE00000000000000000000000000000000/pause"), 404);
    }

    @Test
    void retentionDeletesWhatEndedLongerAgoWithItsFile() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String old = Recorder.newSid();
        String recent = Recorder.newSid();
        Files.createDirectories(config.directory());
        for (String sid : List.of(old, recent)) {
            store.insert(sid, "CA" + sid.substring(2), "ch", "other-instance", "api", now.minusDays(5), null);
            Files.write(config.directory().resolve(sid + ".wav"), new byte[] {1});
        }
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("update recordings set ended_at = ?, status = 'completed', file_name = ? where sid = ?")) {
            s.setObject(1, now.minusDays(3));
            s.setString(2, old + ".wav");
            s.setString(3, old);
            s.executeUpdate();
            s.setObject(1, now.minusHours(1));
            s.setString(2, recent + ".wav");
            s.setString(3, recent);
            s.executeUpdate();
        }
        assertEquals(0, retention.purge(now), "no retention set: nothing is deleted");
        api().body(Map.of("recordings.retentionDays", 2)).put("/api/config").then().statusCode(200);
        assertTrue(retention.purge(now) >= 1);
        problem(api().get("/api/recordings/" + old), 404);
        assertFalse(Files.exists(config.directory().resolve(old + ".wav")));
        api().get("/api/recordings/" + recent).then().statusCode(200);
        assertTrue(Files.exists(config.directory().resolve(recent + ".wav")));
        api().delete("/api/recordings/" + recent).then().statusCode(204);
        assertFalse(Files.exists(config.directory().resolve(recent + ".wav")));
    }

    @Test
    void twilioCallbackFieldsAreTwiliosNames() throws Exception {
        String sid = Recorder.newSid();
        store.insert(sid, "CA" + sid.substring(2), "ch", "other-instance", "route", OffsetDateTime.now(ZoneOffset.UTC), "https://example.com/rs");
        Map<String, String> f = webhooks.twilioFields(store.find(sid).orElseThrow());
        assertEquals(List.of("AccountSid", "CallSid", "RecordingSid", "RecordingUrl", "RecordingStatus", "RecordingDuration",
                "RecordingChannels", "RecordingSource", "RecordingStartTime"), List.copyOf(f.keySet()));
        assertEquals("/api/recordings/" + sid + "/audio", f.get("RecordingUrl"));
        assertEquals("Trunking", f.get("RecordingSource"));
        assertTrue(f.get("RecordingStartTime").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000"));
    }
}
