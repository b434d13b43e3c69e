package io.callbridge.queue;

import java.time.Instant;
import java.util.List;

/**
 * A queue as the API shows it ({@code GET /api/queues/{name}}): its callers in order and its figures since the
 * instance started. Times in whole seconds. Field names follow Twilio's Queue and Member resources
 * ({@code currentSize}, {@code averageWaitTime}, {@code position}, {@code waitTime}, {@code dateEnqueued}).
 *
 * @param sid             Twilio's {@code QueueSid}: {@code QU} + 32 hex, derived from the name
 * @param currentSize     callers waiting now
 * @param averageWaitTime mean wait, in seconds, of the callers dequeued so far (0 before the first)
 * @param longestWaitTime seconds the front caller has waited (0 when empty)
 * @param joined          callers that joined since the instance started
 * @param abandoned       callers that hung up while waiting
 * @param dequeued        callers handed on (to an agent, number, SIP URI or a call dialling the queue)
 */
public record QueueView(String name, String sid, int currentSize, long averageWaitTime, long longestWaitTime, long joined,
                        long abandoned, long dequeued, List<Member> members) {

    /** One caller in line: {@code position} from 1 at the front, {@code waitTime} in seconds. */
    public record Member(String callSid, int position, Instant dateEnqueued, long waitTime) {
    }
}
