package io.callbridge.sip;

/**
 * One entry of the edge's allow or deny list (a row of Kamailio's {@code kamailio.address}: group 1 allow,
 * group 2 deny).
 *
 * @param id          the row's id
 * @param list        {@code allow} or {@code deny}
 * @param cidr        the network, e.g. {@code 203.0.113.0/24}
 * @param description free text (at most 64 characters; Kamailio's {@code tag} column), or null
 */
public record IpRule(long id, String list, String cidr, String description) {

    public static final String ALLOW = "allow";
    public static final String DENY = "deny";

    /** Kamailio's address group of {@code list}. */
    static int group(String list) {
        return ALLOW.equals(list) ? 1 : 2;
    }

    static String list(int group) {
        return group == 1 ? ALLOW : DENY;
    }
}
