package io.callbridge.sip;

import java.time.Instant;

/**
 * A ban in force at the edge, as Kamailio holds it (htable {@code ipban} or {@code userban}).
 *
 * @param type   {@code address} (nothing from it is answered) or {@code user} (its credentials are refused
 *               from every address)
 * @param target the IP address, or {@code user@domain}
 * @param reason {@code flood}, {@code scanner} or {@code auth_failures}
 * @param until  when the ban ends by itself (null if Kamailio's entry carries no end)
 */
public record Ban(String type, String target, String reason, Instant until) {

    public static final String ADDRESS = "address";
    public static final String USER = "user";

    /** A user is named {@code user@domain}; anything else is an address. */
    public static String typeOf(String target) {
        return target.contains("@") ? USER : ADDRESS;
    }

    /** Parses Kamailio's value {@code <reason>:<until, Unix seconds>}. */
    static Ban of(String type, String target, String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) return new Ban(type, target, value, null);
        Instant until;
        try {
            until = Instant.ofEpochSecond(Long.parseLong(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            until = null;
        }
        return new Ban(type, target, value.substring(0, colon), until);
    }
}
