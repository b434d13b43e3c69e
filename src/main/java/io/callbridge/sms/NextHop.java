package io.callbridge.sms;

/**
 * Where an outbound message goes next ({@link RegistrarNextHop}: a registered user, else the carrier trunks'
 * gateways, else the static next hop {@link SmsConfig#trunkUri}).
 */
interface NextHop {

    /** The next hop for a message to {@code to} (an E.164 number, a user name, or a SIP URI). */
    Hop resolve(String to);

    /** What {@link #resolve} found. */
    sealed interface Hop permits Contact, Trunks, Offline, NoRoute {
    }

    /**
     * Send to {@code requestUri}, through {@code proxy} when not null (a registered contact behind NAT: the
     * address its REGISTER came from).
     */
    record Contact(String requestUri, String proxy, boolean localUser) implements Hop {
    }

    /**
     * Through carrier trunks: {@code gateways} tried in this order, the next one after a 408, a 5xx or no answer
     * ({@link TrunkGateways}); never empty.
     */
    record Trunks(java.util.List<TrunkGateways.Gateway> gateways) implements Hop {
    }

    /** A user of ours with no registered contact now: the message waits for a registration. */
    record Offline(String user) implements Hop {
    }

    /** Nowhere to send it. */
    record NoRoute(String why) implements Hop {
    }
}
