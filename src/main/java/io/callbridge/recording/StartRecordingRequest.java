package io.callbridge.recording;

import io.callbridge.api.CheckedBody;
import io.callbridge.api.problem.FieldError;
import io.callbridge.config.HttpUrls;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The (optional) body of {@code POST /api/calls/{callSid}/recordings}. Unknown properties are refused. */
@Schema(description = "How to record. Unknown properties are refused.")
public record StartRecordingRequest(
        @Schema(maxLength = 2048, example = "https://example.com/recording-status", description = "Receives Twilio's "
                + "recordingStatusCallback form (RecordingSid, RecordingUrl, RecordingStatus, RecordingDuration …) "
                + "when the recording is completed") String recordingStatusCallback) implements CheckedBody {

    @Override
    public List<FieldError> fieldErrors() {
        if (recordingStatusCallback != null && !HttpUrls.isValid(recordingStatusCallback, 2048)) {
            return List.of(new FieldError("recordingStatusCallback", "must be an http:// or https:// URL with a host"));
        }
        return List.of();
    }
}
