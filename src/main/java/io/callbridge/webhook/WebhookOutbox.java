package io.callbridge.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records webhook events in the outbox ({@code webhook_outbox}), one INSERT each, on the connection of the
 * caller: in the caller's transaction when it has one, so the event is stored exactly when the state change
 * it reports is, and neither can exist without the other. The receiver and the DTMF opt-in are read (from
 * memory) for every event, so a change through {@code /api/config} applies to the next one; an event keeps the
 * receiver it was recorded for.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** {@code webhook_outbox.format} of a status callback (application/x-www-form-urlencoded). */
    public static final String FORM = "form";

    private static final String INSERT_JSON = """
            insert into webhook_outbox (event_id, call_sid, event_type, endpoint, payload, created_at, next_attempt_at)
            values (?, ?, ?, ?, ?, ?, ?)""";

    /**
     * The payload is the fields before the counted one, the count, and the fields after it: the database
     * counts the call's status callbacks in the same statement, so the number survives restarts and is right
     * within the transaction that queues several.
     */
    private static final String INSERT_FORM = """
            insert into webhook_outbox (event_id, call_sid, event_type, endpoint, payload, created_at, next_attempt_at, format,
                                        http_method)
            values (?, ?, ?, ?,
                    ? || (select count(*) from webhook_outbox where call_sid = ? and format = 'form') || ?,
                    ?, ?, 'form', ?)""";

    private final Settings settings;
    private final ObjectMapper json;

    WebhookOutbox(Settings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    public boolean dtmfEnabled() {
        return settings.webhookUrl().isPresent() && settings.webhookDtmfEvents();
    }

    /** Whether {@link #record} would store anything: a receiver is configured. */
    public boolean enabled() {
        return settings.webhookUrl().isPresent();
    }

    /**
     * Stores {@code type} for the call with {@code data} (JSON-serializable: maps, strings, numbers); does
     * nothing when no receiver is configured.
     *
     * @throws SQLException as the INSERT throws it; the caller rolls its transaction back
     */
    public void record(Connection db, String type, String callSid, Map<String, Object> data) throws SQLException {
        Optional<String> url = settings.webhookUrl();
        if (url.isEmpty()) return;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String eventId = newEventId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", type);
        body.put("createdAt", now.toString());
        body.put("data", data);
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("webhook data of " + type + " is not serializable", ex);
        }
        try (PreparedStatement s = db.prepareStatement(INSERT_JSON)) {
            s.setString(1, eventId);
            s.setString(2, callSid);
            s.setString(3, type);
            s.setString(4, url.get());
            s.setString(5, payload);
            s.setObject(6, now);
            s.setObject(7, now);
            s.executeUpdate();
        }
    }

    /**
     * Stores a Twilio-style status callback for the call: {@code fields} form-encoded (null values left out),
     * POSTed to {@code url} (the call's own receiver, whether or not a webhook URL is configured). The field
     * named {@code countedField} (placed where it is in {@code fields}, its value ignored) gets the number of
     * status callbacks queued for the call before this one, counted by the database.
     *
     * @throws SQLException as the INSERT throws it; the caller rolls its transaction back
     */
    public void recordStatusCallback(Connection db, String url, String type, String callSid, Map<String, String> fields,
                                     String countedField) throws SQLException {
        recordStatusCallback(db, url, "POST", type, callSid, fields, countedField);
    }

    /**
     * As above, sent with {@code method}: {@code POST} (the fields in the body) or {@code GET} (the fields in the
     * URL's query), Twilio's StatusCallbackMethod.
     */
    public void recordStatusCallback(Connection db, String url, String method, String type, String callSid,
                                     Map<String, String> fields, String countedField) throws SQLException {
        StringBuilder before = new StringBuilder();
        StringBuilder after = null;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey().equals(countedField)) {
                before.append(before.isEmpty() ? "" : "&").append(encode(countedField)).append('=');
                after = new StringBuilder();
            } else if (f.getValue() != null) {
                StringBuilder body = after == null ? before : after;
                if (after != null || !before.isEmpty()) body.append('&');
                body.append(encode(f.getKey())).append('=').append(encode(f.getValue()));
            }
        }
        if (after == null) throw new IllegalArgumentException("no field " + countedField + " in the status callback");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement s = db.prepareStatement(INSERT_FORM)) {
            s.setString(1, newEventId());
            s.setString(2, callSid);
            s.setString(3, type);
            s.setString(4, url);
            s.setString(5, before.toString());
            s.setString(6, callSid);
            s.setString(7, after.toString());
            s.setObject(8, now);
            s.setObject(9, now);
            s.setString(10, "GET".equals(method) ? "GET" : "POST");
            s.executeUpdate();
        }
    }

    /**
     * Stores a form-encoded callback to {@code url} with {@code fields} (null values left out), keyed by
     * {@code key} (e.g. a recording's sid: not a call's, so the call's own status callbacks keep their
     * SequenceNumber). For Twilio-style callbacks that carry no sequence number (recordingStatusCallback).
     *
     * @throws SQLException as the INSERT throws it; the caller rolls its transaction back
     */
    public void recordForm(Connection db, String url, String type, String key, Map<String, String> fields)
            throws SQLException {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getValue() == null) continue;
            if (!body.isEmpty()) body.append('&');
            body.append(encode(f.getKey())).append('=').append(encode(f.getValue()));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement s = db.prepareStatement("insert into webhook_outbox (event_id, call_sid, event_type, "
                + "endpoint, payload, created_at, next_attempt_at, format) values (?, ?, ?, ?, ?, ?, ?, 'form')")) {
            s.setString(1, newEventId());
            s.setString(2, key);
            s.setString(3, type);
            s.setString(4, url);
            s.setString(5, body.toString());
            s.setObject(6, now);
            s.setObject(7, now);
            s.executeUpdate();
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }
}
