package io.callbridge.call;

import io.callbridge.media.MediaQuality;
import io.callbridge.quality.CallerQuality;
import io.callbridge.stream.AgentFigures;
import java.time.Instant;

/**
 * Everything the CDR records when a call ends. quality and agent are null when no media was set up; caller
 * (the caller leg's RTP statistics) when the call was never answered or never sampled.
 */
record CallEnd(String callSid, String route, Instant endedAt, Termination termination, Integer sipCode,
               String agentUrl, String protocol, MediaQuality quality, AgentFigures agent, CallerQuality caller) {

    CallEnd(String callSid, String route, Instant endedAt, Termination termination, Integer sipCode,
            String agentUrl, String protocol, MediaQuality quality, AgentFigures agent) {
        this(callSid, route, endedAt, termination, sipCode, agentUrl, protocol, quality, agent, null);
    }
}
