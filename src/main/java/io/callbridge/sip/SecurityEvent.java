package io.callbridge.sip;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code kamailio.security_event}, written by Kamailio (kamailio/protect.cfg).
 *
 * @param kind       {@code ban} or {@code auth_failures}
 * @param reason     ban: {@code flood}, {@code scanner}, {@code auth_failures}; auth_failures: {@code address} or
 *                   {@code username} (which limit was reached)
 * @param address    the source address of the request that triggered it
 * @param username   {@code user@domain} of its credentials, or null; on a ban, set when the user is locked
 * @param count      requests (flood) or failed authentications counted when the limit was reached
 * @param banSeconds how long the ban lasts
 */
public record SecurityEvent(long id, OffsetDateTime at, String kind, String reason, String address, String username,
                            String userAgent, Integer count, Integer banSeconds) {

    public static final String BAN = "ban";
    public static final String AUTH_FAILURES = "auth_failures";

    /** The webhook type: {@code security.ban} or {@code security.auth_failures}. */
    public String webhookType() {
        return "security." + kind;
    }

    /** What a ban bans: the user when one is named (locked from every address), else the address. */
    public String target() {
        return BAN.equals(kind) && username != null ? username : address;
    }

    /** The webhook's {@code data} and the audit entry's {@code after}. */
    public Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (BAN.equals(kind)) {
            d.put("type", Ban.typeOf(target()));
            d.put("target", target());
            d.put("reason", reason);
            d.put("address", address);
            d.put("username", username);
            d.put("count", count);
            d.put("banSeconds", banSeconds);
            d.put("at", at.toInstant().toString());
            d.put("until", banSeconds == null ? null : at.plusSeconds(banSeconds).toInstant().toString());
        } else {
            d.put("scope", reason);
            d.put("address", address);
            d.put("username", username);
            d.put("failures", count);
            d.put("at", at.toInstant().toString());
        }
        d.put("userAgent", userAgent);
        return d;
    }
}
