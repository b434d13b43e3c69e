package io.callbridge.call;

import java.util.Locale;

/**
 * How a call ended: a low-cardinality {@link Result} (CDR column {@code termination}, metric tag, log field)
 * and a human reason. Every call ends with exactly one.
 */
public record Termination(Result result, String reason) {

    public enum Result {
        /** Callbridge ended the call after its work was done. */
        COMPLETED,
        /** The caller hung up (or cancelled before answer). */
        CALLER_HANGUP,
        /** The caller is on the blocklist (SIP 403). */
        BLOCKED,
        /** No route for the dialed number (SIP 404). */
        NO_ROUTE,
        /** The far end was busy (SIP 486/600). */
        BUSY,
        /** Nobody answered before the timeout (Callbridge cancelled the INVITE: 487). */
        NO_ANSWER,
        REJECTED,
        /** An outbound call hung up through the API before it was answered (487). */
        CANCELED,
        /** Handed to another number or SIP URI, which answered; the call ended there. */
        TRANSFERRED,
        /** A transfer's target did not take the call, and the call was ended. */
        TRANSFER_FAILED,
        /** The agent closed its stream. */
        AGENT_HANGUP,
        /** The agent could not be reached, or was lost for longer than the reconnect window. */
        AGENT_FAILED,
        /** The call's TwiML could not be fetched or carried out (HTTP error, timeout, invalid TwiML). */
        FLOW_FAILED,
        /** The route's maxConcurrentCalls was reached (SIP 486). */
        OVER_CAPACITY,
        /** The network or Asterisk failed the call. */
        FAILED,
        /** Refused or hung up because the app was shutting down. */
        SHUTDOWN,
        /** The channel disappeared while the app could not see it (ARI down, app restarted). */
        LOST,
        /**
         * The Asterisk node carrying the call stayed unreachable longer than {@code callbridge.calls.media-node-lost-after}
         * (killed, crashed, cut off): the call cannot be seen or controlled any more.
         */
        MEDIA_NODE_LOST,
        /** Found in Stasis with no owner after a reconnect, and hung up. */
        ORPHANED,
        /** Callbridge failed to handle the call. */
        ERROR;

        /** The wire form: {@code no_route}, {@code caller_hangup} … */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Termination of(Result result, String reason) {
        return new Termination(result, reason);
    }

    public String code() {
        return result.code();
    }
}
