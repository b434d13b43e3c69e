package io.callbridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The fixed call properties; the drain timeout and the call limit are runtime settings (config.SettingDefaults). */
@ConfigMapping(prefix = "callbridge.calls")
public interface CallConfig {

    /** The account id agents see in twilio {@code start}/{@code stop} messages ({@code AC} + 32 hex). */
    @WithDefault("AC00000000000000000000000000000000")
    String accountSid();

    /** What a shutdown does with the calls still up when the drain timeout ends. */
    enum DrainTimeoutAction {
        /**
         * Leave them in Asterisk for the next process of this instance to adopt (a restart or redeploy with
         * the same {@code callbridge.ari.instance-id}): the agent hears {@code stop}, the caller waits in
         * silence until the new process gives the call a new stream.
         */
        HANDOVER,
        /** Hang them up with termination {@code shutdown} (an instance going away for good). */
        HANGUP
    }

    /** {@code handover} (default) or {@code hangup}: see {@link DrainTimeoutAction}. */
    @WithDefault("handover")
    DrainTimeoutAction onDrainTimeout();

    /**
     * How long the Asterisk node may stay unreachable over ARI before this instance gives its calls up: they end
     * with termination {@code media_node_lost} ({@link MediaNodeLoss}). Longer than an Asterisk restart, so
     * calls that survive a short cut are adopted, not closed.
     */
    @WithDefault("20s")
    java.time.Duration mediaNodeLostAfter();
}
