package io.callbridge.recording;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of {@code GET /api/recordings}: newest first; {@code nextCursor} fetches the next (null at the end). */
public record RecordingsPage(@Schema(required = true) List<RecordingView> items,
                             @Schema(nullable = true) String nextCursor) {
}
