package io.callbridge.recording;

import io.callbridge.call.CallConfig;
import io.callbridge.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a finished recording sends: the {@code recording.completed} webhook (JSON, to the configured receiver)
 * and, when its start asked for one, Twilio's recordingStatusCallback (form fields AccountSid, CallSid,
 * RecordingSid, RecordingUrl, RecordingStatus, RecordingDuration, RecordingChannels, RecordingSource,
 * RecordingStartTime, ErrorCode; source: Twilio, "Recordings resource: recordingStatusCallback",
 * https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback). Both queued in the outbox in the
 * transaction that completes the recording.
 */
@ApplicationScoped
class RecordingWebhooks {

    static final String COMPLETED = "recording.completed";
    /** Twilio's RecordingStartTime: RFC 2822 with a two-digit day. */
    private static final DateTimeFormatter TWILIO_TIME = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);
    /** Twilio's ErrorCode of a recording with no audio ("Recording is absent"). */
    private static final String ABSENT_ERROR = "13617";

    private final WebhookOutbox outbox;
    private final CallConfig calls;
    private final RecordingConfig config;

    RecordingWebhooks(WebhookOutbox outbox, CallConfig calls, RecordingConfig config) {
        this.outbox = outbox;
        this.calls = calls;
        this.config = config;
    }

    /** The recording ended as {@code row} says (completed or absent). */
    void completed(Connection db, RecordingRow row) throws SQLException {
        outbox.record(db, COMPLETED, row.callSid(), RecordingView.of(row).asMap());
        if (row.statusCallback() != null) {
            outbox.recordForm(db, row.statusCallback(), "recording.status", row.sid(), twilioFields(row));
        }
    }

    Map<String, String> twilioFields(RecordingRow row) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("AccountSid", calls.accountSid());
        f.put("CallSid", row.callSid());
        f.put("RecordingSid", row.sid());
        f.put("RecordingUrl", audioUrl(row.sid()));
        f.put("RecordingStatus", row.status());
        f.put("RecordingDuration", row.durationMs() == null ? "0" : String.valueOf((row.durationMs() + 500) / 1000));
        f.put("RecordingChannels", row.channels() == null ? "2" : String.valueOf(row.channels()));
        f.put("RecordingSource", Recorder.Source.ROUTE.code.equals(row.source()) ? "Trunking"
                : MessageRecorder.SOURCE.equals(row.source()) ? "RecordVerb"
                : Recorder.Source.DIAL.code.equals(row.source()) ? "DialVerb" : "StartCallRecordingAPI");
        f.put("RecordingStartTime", TWILIO_TIME.format(row.startedAt()));
        if (RecordingRow.Status.ABSENT.code.equals(row.status())) f.put("ErrorCode", ABSENT_ERROR);
        return f;
    }

    /** Where the WAV is fetched: the public base URL when configured, else a path. */
    String audioUrl(String sid) {
        String path = "/api/recordings/" + sid + "/audio";
        return config.publicUrl().map(base -> base.replaceAll("/+$", "") + path).orElse(path);
    }
}
