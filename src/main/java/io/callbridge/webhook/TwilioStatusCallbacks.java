package io.callbridge.webhook;

import io.callbridge.call.Termination;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A call's Twilio-style status callbacks: the form fields Twilio's Calls API sends to a call's
 * {@code StatusCallback} (CallSid, AccountSid, From, To, Direction, CallStatus, ApiVersion, CallbackSource,
 * SequenceNumber, Timestamp, and CallDuration and SipResponseCode when it completes), queued in the outbox on
 * the caller's connection (in its transaction). Source: Twilio, "Call resource: StatusCallback parameters"
 * (https://www.twilio.com/docs/voice/api/call-resource#statuscallback).
 */
@ApplicationScoped
public class TwilioStatusCallbacks {

    /** Twilio's Timestamp: RFC 2822 with a two-digit day and a numeric zone ("Thu, 06 Nov 2026 07:01:12 +0000"). */
    private static final DateTimeFormatter TWILIO_TIME = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    /**
     * The call a callback is about.
     *
     * @param url      the call's StatusCallback
     * @param outbound placed through the API (Twilio's {@code outbound-api}); else {@code direction} as given
     * @param method   {@code GET} or {@code POST}: how the callbacks are sent
     */
    public record Call(String url, String callSid, String accountSid, String from, String to, boolean outbound,
                       String direction, String method) {

        /** A call whose callbacks are POSTed. */
        public Call(String url, String callSid, String accountSid, String from, String to, boolean outbound,
                    String direction) {
            this(url, callSid, accountSid, from, to, outbound, direction, "POST");
        }
    }

    private static final String SEQUENCE_NUMBER = "SequenceNumber";

    private final WebhookOutbox outbox;

    TwilioStatusCallbacks(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    /** A progress event: {@code initiated}, {@code ringing} or {@code answered} (CallStatus in-progress). */
    public void progress(Connection db, Call call, String event) throws SQLException {
        String status = switch (event) {
            case "answered" -> "in-progress";
            case "initiated", "ringing" -> event;
            default -> throw new IllegalArgumentException("not a progress event: " + event);
        };
        outbox.recordStatusCallback(db, call.url(), call.method(), "status." + event, call.callSid(), fields(call, status),
                SEQUENCE_NUMBER);
    }

    /**
     * The call ended: CallStatus as Twilio reports the end ({@link #finalStatus}), with the talk time in
     * seconds and the final SIP response.
     */
    public void completed(Connection db, Call call, boolean answered, Termination.Result result, long durationSeconds,
                          Integer sipCode) throws SQLException {
        Map<String, String> f = fields(call, finalStatus(answered, result));
        f.put("CallDuration", String.valueOf(durationSeconds));
        if (sipCode != null) f.put("SipResponseCode", String.valueOf(sipCode));
        outbox.recordStatusCallback(db, call.url(), call.method(), "status.completed", call.callSid(), f, SEQUENCE_NUMBER);
    }

    /**
     * Twilio's final CallStatus: {@code completed} for an answered call, else {@code busy}, {@code no-answer},
     * {@code canceled} or {@code failed}.
     */
    public static String finalStatus(boolean answered, Termination.Result result) {
        if (answered) return "completed";
        return switch (result) {
            case BUSY, OVER_CAPACITY -> "busy";
            case NO_ANSWER -> "no-answer";
            case CANCELED -> "canceled";
            default -> "failed";
        };
    }

    private Map<String, String> fields(Call call, String callStatus) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("CallSid", call.callSid());
        f.put("AccountSid", call.accountSid());
        f.put("From", call.from());
        f.put("To", call.to());
        f.put("Direction", call.outbound() ? "outbound-api" : call.direction());
        f.put("CallStatus", callStatus);
        f.put("ApiVersion", "2010-04-01");
        f.put("CallbackSource", "call-progress-events");
        // Twilio counts the callbacks it sends for the call, from 0: those asked for and happened so far (the
        // outbox counts them in the INSERT, so the count is right after a restart too).
        f.put(SEQUENCE_NUMBER, null);
        f.put("Timestamp", TWILIO_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)));
        return f;
    }
}
