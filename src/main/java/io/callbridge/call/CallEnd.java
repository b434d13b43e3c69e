package io.callbridge.call;

import io.callbridge.media.MediaQuality;
import io.callbridge.stream.AgentFigures;
import java.time.Instant;

/** Everything the CDR records when a call ends. quality and agent are null when no media was set up. */
record CallEnd(String callSid, String route, Instant endedAt, Termination termination, Integer sipCode,
               String agentUrl, String protocol, MediaQuality quality, AgentFigures agent) {
}
