package io.callbridge.sms;

/** The SIP final response Kamailio gives the sender of a MESSAGE: {@code code} and its reason phrase. */
record SipAnswer(int code, String reason) {

    static final SipAnswer ACCEPTED = new SipAnswer(202, "Accepted");

    /** The status line Kamailio's sms.cfg splits: {@code "<code> <reason>"}. */
    String line() {
        return code + " " + reason;
    }
}
