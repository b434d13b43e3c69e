package io.callbridge.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callbridge.store.JdbcTransaction;
import io.callbridge.stream.AgentConfig;
import io.callbridge.webhook.TwilioSignature;
import io.callbridge.webhook.WebhookSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Delivers an inbound message to its number's messaging webhook, once per attempt the outbox leases.
 * {@code twilio}: Twilio's SMS parameters form-encoded, signed with {@code X-Twilio-Signature} (the agents'
 * auth token, as Twilio signs with the account's), and a TwiML answer's {@code <Message>}s are queued as
 * replies. {@code json}: a JSON object signed with {@code Callbridge-Signature}; an answer
 * {@code {"reply": "text"}} is queued as the reply. Replies are queued in the transaction that marks the
 * delivery done, so a reply is neither lost nor sent twice. A failure (no answer, non-2xx) is retried with
 * backoff up to {@link SmsConfig#maxAttempts}.
 */
@ApplicationScoped
class WebhookForwarding {

    private static final Logger LOG = Logger.getLogger(WebhookForwarding.class);
    static final String JSON = "json";

    private final DataSource db;
    private final SmsStore store;
    private final SmsQueue queue;
    private final SmsEvents events;
    private final SmsConfig config;
    private final AgentConfig agents;
    private final ObjectMapper json;
    private final HttpClient http;

    WebhookForwarding(DataSource db, SmsStore store, SmsQueue queue, SmsEvents events, SmsConfig config,
                      AgentConfig agents, ObjectMapper json) {
        this.db = db;
        this.store = store;
        this.queue = queue;
        this.events = events;
        this.config = config;
        this.agents = agents;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.webhookTimeout()).build();
    }

    void run(SmsMessage m) {
        HttpResponse<String> response = null;
        String failure = null;
        try {
            response = http.send(request(m), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and the delivery is made again
        } catch (Exception e) {
            failure = e.toString();
        }
        Integer status = response == null ? null : response.statusCode();
        String reason = response == null ? failure : "HTTP " + status;
        JdbcTransaction.run(db, "recording an SMS webhook attempt", c -> {
            store.attempt(c, m.sid(), m.attempts(), m.webhookUrl(), status, reason);
            return null;
        });
        if (status != null && status / 100 == 2) {
            String body = response.body();
            List<TwimlReply.Message> replies = replies(m, response.headers().firstValue("Content-Type").orElse(""), body);
            List<String> queued = JdbcTransaction.run(db, "queueing SMS replies", c -> {
                List<String> sids = new ArrayList<>();
                for (TwimlReply.Message r : replies) {
                    String sid = queueReply(c, m, r);
                    if (sid != null) sids.add(sid);
                }
                store.webhookOutcome(c, m.sid(), "delivered", status, null, null);
                return sids;
            });
            LOG.infof("SMS %s delivered to %s; %d replies queued %s", m.sid(), m.webhookUrl(), queued.size(), queued);
            return;
        }
        boolean giveUp = m.attempts() >= config.maxAttempts();
        var next = giveUp ? null : SmsStore.now().plus(Backoff.after(m.attempts(), config.minBackoff(), config.maxBackoff()));
        LOG.warnf("SMS %s: webhook %s attempt %d failed (%s)%s", m.sid(), m.webhookUrl(), m.attempts(), reason,
                giveUp ? ", given up" : ", again at " + next);
        JdbcTransaction.run(db, "recording an SMS webhook failure", c -> {
            store.webhookOutcome(c, m.sid(), giveUp ? "failed" : "pending", status, reason, next);
            return null;
        });
    }

    private String queueReply(Connection c, SmsMessage in, TwimlReply.Message r) throws SQLException {
        String to = r.to() != null ? r.to() : in.from();
        String from = r.from() != null ? r.from() : in.to();
        try {
            SmsMessage out = queue.queue(c, from, to, r.body(), null, in.sid());
            events.status(c, out, SmsStatus.QUEUED, null, null);
            return out.sid();
        } catch (SmsQueue.Refused e) {
            LOG.warnf("SMS %s: a reply to %s was not queued: %s", in.sid(), to, e.getMessage());
            return null;
        }
    }

    private List<TwimlReply.Message> replies(SmsMessage m, String contentType, String body) {
        if (body == null || body.isBlank()) return List.of();
        try {
            if (JSON.equals(m.webhookFormat())) {
                JsonNode reply = json.readTree(body).path("reply");
                return reply.isTextual() && !reply.asText().isEmpty()
                        ? List.of(new TwimlReply.Message(null, null, reply.asText())) : List.of();
            }
            TwimlReply.Parsed parsed = TwimlReply.parse(body);
            if (!parsed.skipped().isEmpty()) {
                LOG.warnf("SMS %s: TwiML verbs not supported for messaging, skipped: %s", m.sid(), parsed.skipped());
            }
            return parsed.messages();
        } catch (Exception e) {
            LOG.warnf("SMS %s: the webhook's answer (%s) is not a reply: %s", m.sid(), contentType, e.getMessage());
            return List.of();
        }
    }

    private HttpRequest request(SmsMessage m) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(m.webhookUrl())).timeout(config.webhookTimeout())
                .header("Idempotency-Key", m.sid());
        String secret = agents.authToken().orElse(null);
        if (JSON.equals(m.webhookFormat())) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("messageSid", m.sid());
            payload.put("accountSid", events.accountSid());
            payload.put("from", m.from());
            payload.put("to", m.to());
            payload.put("body", m.body());
            payload.put("numSegments", SmsText.segments(m.body()));
            payload.put("receivedAt", m.createdAt().toString());
            String body = json.writeValueAsString(payload);
            if (secret != null) {
                b.header("Callbridge-Signature", WebhookSigner.header(secret, System.currentTimeMillis() / 1000, body));
            }
            return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("SmsMessageSid", m.sid());
        f.put("NumMedia", "0");
        f.put("SmsSid", m.sid());
        f.put("SmsStatus", "received");
        f.put("Body", m.body());
        f.put("To", m.to());
        f.put("NumSegments", String.valueOf(SmsText.segments(m.body())));
        f.put("MessageSid", m.sid());
        f.put("AccountSid", events.accountSid());
        f.put("From", m.from());
        f.put("ApiVersion", "2010-04-01");
        StringBuilder form = new StringBuilder();
        f.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        if (secret != null) b.header("X-Twilio-Signature", TwilioSignature.of(secret, m.webhookUrl(), form.toString()));
        return b.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
