package io.callbridge.sms;

/**
 * Where an outbound message goes next. The static choice ({@link RegistrarNextHop}: a registered user, else the
 * configured trunk) is one implementation; trunk selection by carrier replaces it behind this interface.
 */
interface NextHop {

    /** The next hop for a message to {@code to} (an E.164 number, a user name, or a SIP URI). */
    Hop resolve(String to);

    /** What {@link #resolve} found. */
    sealed interface Hop permits Contact, Offline, NoRoute {
    }

    /**
     * Send to {@code requestUri}, through {@code proxy} when not null (a registered contact behind NAT: the
     * address its REGISTER came from).
     */
    record Contact(String requestUri, String proxy, boolean localUser) implements Hop {
    }

    /** A user of ours with no registered contact now: the message waits for a registration. */
    record Offline(String user) implements Hop {
    }

    /** Nowhere to send it. */
    record NoRoute(String why) implements Hop {
    }
}
