package io.callbridge.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Bad input in the outbox never stops delivery: an event whose stored endpoint is no URL (written by SQL, or
 * by an older version) is a failed attempt like any other, and the events leased with it still go out.
 */
@QuarkusTest
class WebhookBadEndpointTest {

    @Inject
    DataSource db;

    @Test
    void anEndpointThatIsNoUrlIsAFailedAttemptAndHoldsUpNoOtherEvent() throws SQLException {
        String bad = insert("not a url", "CAbadendpoint");
        String next = insert("http://127.0.0.1:9/hooks", "CAbadendpointnext"); // leased after it: nothing listens there
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts(bad) >= 1 && attempts(next) >= 1);
            assertTrue(lastError(bad).contains("IllegalArgumentException"), lastError(bad));
        } finally {
            update("delete from webhook_outbox where event_id in (?, ?)", bad, next);
        }
    }

    private String insert(String endpoint, String callSid) throws SQLException {
        String eventId = "evt_bad" + System.nanoTime();
        update("insert into webhook_outbox (event_id, call_sid, event_type, endpoint, payload) values (?, ?, 'call.initiated', ?, '{}')",
                eventId, callSid + System.nanoTime() % 1_000_000, endpoint);
        return eventId;
    }

    private int attempts(String eventId) throws SQLException {
        return Integer.parseInt(column("attempts", eventId));
    }

    private String lastError(String eventId) throws SQLException {
        return String.valueOf(column("last_error", eventId));
    }

    private String column(String name, String eventId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select " + name + " from webhook_outbox where event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void update(String sql, String... values) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) s.setString(i + 1, values[i]);
            s.executeUpdate();
        }
    }
}
