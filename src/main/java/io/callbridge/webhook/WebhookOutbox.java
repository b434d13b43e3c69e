package io.callbridge.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.config.Settings;
import io.callbridge.store.WebhookEvent;
import io.callbridge.store.WebhookEventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records webhook events in the outbox. Joins the caller's transaction (MANDATORY): the event is stored
 * exactly when the state change it reports is, so neither can exist without the other. The receiver and
 * the DTMF opt-in are read for every event, so a change through {@code /api/config} applies to the next
 * one; an event keeps the receiver it was recorded for.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** {@link WebhookEvent#format} of a status callback (application/x-www-form-urlencoded). */
    public static final String FORM = "form";

    private final WebhookEventRepository events;
    private final Settings settings;
    private final ObjectMapper json;

    WebhookOutbox(WebhookEventRepository events, Settings settings, ObjectMapper json) {
        this.events = events;
        this.settings = settings;
        this.json = json;
    }

    public boolean dtmfEnabled() {
        return settings.webhookUrl().isPresent() && settings.webhookDtmfEvents();
    }

    /** Stores {@code type} for the call with {@code data}; does nothing when no receiver is configured. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String type, String callSid, Map<String, Object> data) {
        Optional<String> url = settings.webhookUrl();
        if (url.isEmpty()) return;
        WebhookEvent e = newEvent(type, callSid, url.get());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", e.eventId);
        body.put("type", type);
        body.put("createdAt", e.createdAt.toString());
        body.put("data", data);
        try {
            e.payload = json.writeValueAsString(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("webhook data of " + type + " is not serializable", ex);
        }
        events.persist(e);
    }

    /**
     * Stores a Twilio-style status callback for the call: {@code fields} form-encoded, POSTed to {@code url}
     * (the call's own receiver, whether or not a webhook URL is configured).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordStatusCallback(String url, String type, String callSid, Map<String, String> fields) {
        WebhookEvent e = newEvent(type, callSid, url);
        e.format = FORM;
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> {
            if (value == null) return;
            if (!body.isEmpty()) body.append('&');
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        e.payload = body.toString();
        events.persist(e);
    }

    /** How many status callbacks the call has had queued so far (Twilio's SequenceNumber of the next one). */
    @Transactional(Transactional.TxType.MANDATORY)
    public long statusCallbacksOf(String callSid) {
        return events.count("callSid = ?1 and format = ?2", callSid, FORM);
    }

    /** An event due at once, without its payload. */
    private static WebhookEvent newEvent(String type, String callSid, String endpoint) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        WebhookEvent e = new WebhookEvent();
        e.eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        e.callSid = callSid;
        e.eventType = type;
        e.endpoint = endpoint;
        e.createdAt = now;
        e.nextAttemptAt = now;
        return e;
    }
}
