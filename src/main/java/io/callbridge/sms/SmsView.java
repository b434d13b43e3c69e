package io.callbridge.sms;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A message as the API shows it. {@code status} in Twilio's names ({@link SmsStatus}); {@code errorCode} the
 * SIP code of an outbound failure or the messaging webhook's HTTP status; {@code webhookStatus} (inbound) the
 * delivery to the number's messaging webhook: pending, delivered or failed; {@code attemptList} each attempt
 * with its code (only on {@code GET /api/sms/{messageSid}}); {@code trunkId} the carrier trunk an inbound
 * message came from or an outbound one was last sent through (null: none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Sms", description = "A text message, inbound or outbound (docs/sms.md)")
public record SmsView(@Schema(required = true, example = "SM0123456789abcdef0123456789abcdef") String messageSid,
                      @Schema(required = true, enumeration = {"inbound", "outbound"}) String direction,
                      @Schema(required = true) String from, @Schema(required = true) String to,
                      @Schema(required = true) String body,
                      @Schema(required = true, enumeration = {"queued", "sending", "sent", "failed", "undelivered", "received"})
                      String status,
                      Integer errorCode, String errorMessage, String webhookStatus, String replyTo, int attempts,
                      int numSegments, OffsetDateTime waitUntil, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                      Long trunkId, List<AttemptView> attemptList) {

    /** One attempt: the request URI (or webhook URL) it went to and the SIP (or HTTP) code of its answer, null if none. */
    public record AttemptView(int attempt, OffsetDateTime at, String target, Integer code, String reason) {
    }

    static SmsView of(SmsMessage m, List<SmsStore.Attempt> attempts) {
        return new SmsView(m.sid(), m.direction(), m.from(), m.to(), m.body(), m.status(), m.errorCode(),
                m.errorMessage(), m.webhookStatus(), m.replyTo(), m.attempts(), SmsText.segments(m.body()), m.waitUntil(),
                m.createdAt(), m.updatedAt(), m.trunkId(), attempts == null ? null
                        : attempts.stream().map(a -> new AttemptView(a.attempt(), a.at(), a.target(), a.code(), a.reason())).toList());
    }
}
