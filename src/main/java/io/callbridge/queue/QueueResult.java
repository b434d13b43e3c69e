package io.callbridge.queue;

/**
 * Why a caller left a queue: the {@code QueueResult} parameter of {@code <Enqueue action>} and the {@code reason}
 * of the {@code queue.left} webhook, spelt as Twilio's. Source: https://www.twilio.com/docs/voice/twiml/enqueue
 * ("Attributes: action").
 */
public enum QueueResult {
    /** Dequeued: handed to an agent, number, SIP URI or a call that dialled the queue. */
    BRIDGED("bridged"),
    /** The queue already held {@code maxQueueSize} callers; the caller never joined. */
    QUEUE_FULL("queue-full"),
    /** The caller hung up while waiting (counted as abandoned). */
    HANGUP("hangup"),
    /** The call was moved to new TwiML ({@code POST /api/calls/{callSid}}) while waiting. */
    REDIRECTED("redirected"),
    /** A {@code <Leave>} took the caller out. */
    LEAVE("leave"),
    /** Music on hold could not be started, or the call could not be handed on. */
    ERROR("error"),
    /** The instance is shutting down. */
    SYSTEM_SHUTDOWN("system-shutdown");

    private final String code;

    QueueResult(String code) {
        this.code = code;
    }

    /** Twilio's spelling, e.g. {@code queue-full}. */
    public String code() {
        return code;
    }
}
