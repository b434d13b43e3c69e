package io.callbridge.sms;

import io.callbridge.call.CallConfig;
import io.callbridge.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook events of messages, stored in the webhook outbox in the transaction of the change they report:
 * {@code sms.received} (an inbound message stored), {@code sms.status} (an outbound message's status changed),
 * and the message's own Twilio-style status callback (form fields MessageSid, MessageStatus, SmsStatus, ...,
 * signed with X-Twilio-Signature like every form callback).
 */
@ApplicationScoped
class SmsEvents {

    static final String RECEIVED = "sms.received";
    static final String STATUS = "sms.status";

    private final WebhookOutbox outbox;
    private final CallConfig calls;

    SmsEvents(WebhookOutbox outbox, CallConfig calls) {
        this.outbox = outbox;
        this.calls = calls;
    }

    String accountSid() {
        return calls.accountSid();
    }

    void received(Connection c, SmsMessage m) throws SQLException {
        outbox.record(c, RECEIVED, m.sid(), data(m, m.status(), null, null));
    }

    /** An outbound message's new status ({@code errorCode}: the SIP code of a failure). */
    void status(Connection c, SmsMessage m, SmsStatus status, Integer errorCode, String errorMessage) throws SQLException {
        outbox.record(c, STATUS, m.sid(), data(m, status.wire(), errorCode, errorMessage));
        if (m.statusCallback() == null) return;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("AccountSid", accountSid());
        f.put("ApiVersion", "2010-04-01");
        f.put("MessageSid", m.sid());
        f.put("SmsSid", m.sid());
        f.put("From", m.from());
        f.put("To", m.to());
        f.put("MessageStatus", status.wire());
        f.put("SmsStatus", status.wire());
        f.put("ErrorCode", errorCode == null ? null : String.valueOf(errorCode));
        outbox.recordForm(c, m.statusCallback(), STATUS, m.sid(), f);
    }

    private static Map<String, Object> data(SmsMessage m, String status, Integer errorCode, String errorMessage) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("messageSid", m.sid());
        d.put("direction", m.direction());
        d.put("from", m.from());
        d.put("to", m.to());
        d.put("body", m.body());
        d.put("status", status);
        if (errorCode != null) d.put("errorCode", errorCode);
        if (errorMessage != null) d.put("errorMessage", errorMessage);
        return d;
    }
}
