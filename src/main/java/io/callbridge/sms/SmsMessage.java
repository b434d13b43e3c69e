package io.callbridge.sms;

import java.time.OffsetDateTime;

/**
 * One row of {@code sms_messages}.
 *
 * @param direction     {@code inbound} or {@code outbound}
 * @param status        Twilio's name ({@link SmsStatus#wire})
 * @param errorCode     the SIP code of an outbound failure, or the messaging webhook's HTTP status; null if none
 * @param webhookUrl    inbound: the number's messaging webhook; null for outbound
 * @param webhookFormat inbound: {@code twilio} or {@code json}
 * @param webhookStatus inbound: {@code pending}, {@code delivered} or {@code failed}
 * @param replyTo       an outbound reply: the sid of the inbound message it answers
 * @param attempts      attempts made so far (SIP requests, or webhook POSTs)
 * @param waitUntil     outbound to an offline user: it waits for a registration until then
 * @param trunkId       the carrier trunk an inbound message came from or an outbound one was sent through; null if none
 */
record SmsMessage(String sid, String direction, String from, String to, String body, String status, Integer errorCode,
                  String errorMessage, String statusCallback, String webhookUrl, String webhookFormat, String webhookStatus, String replyTo,
                  int attempts, OffsetDateTime waitUntil, OffsetDateTime createdAt, OffsetDateTime updatedAt, Long trunkId) {

    static final String INBOUND = "inbound";
    static final String OUTBOUND = "outbound";

    boolean inbound() {
        return INBOUND.equals(direction);
    }
}
