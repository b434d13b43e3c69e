package io.callbridge.sms;

import io.callbridge.call.Blocklist;
import io.callbridge.call.PhoneNumbers;
import io.callbridge.store.JdbcTransaction;
import io.callbridge.trunk.InboundTrunks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Takes an inbound MESSAGE that Kamailio holds (kamailio/sms.cfg): checks it, and stores it with its
 * {@code sms.received} event in one transaction before answering 202, so an acknowledged message is never
 * lost. Every refusal is a SIP answer that says why, and a log line.
 */
@ApplicationScoped
class SmsIntake {

    private static final Logger LOG = Logger.getLogger(SmsIntake.class);

    /**
     * What Kamailio passes along with the body; {@code trunkId} the carrier trunk whose source address the
     * MESSAGE came from (kamailio/trunks.cfg), null for a user of ours or a trusted peer.
     */
    record Inbound(String from, String to, String contentType, int declaredLength, String source, String callId,
                   Long trunkId) {
    }

    private final DataSource db;
    private final SmsStore store;
    private final SmsEvents events;
    private final SmsConfig config;
    private final Blocklist blocklist;
    private final PhoneNumbers numbers;
    private final NumberRateLimit rateLimit;
    private final SmsDispatcher dispatcher;
    private final InboundTrunks trunks;

    SmsIntake(DataSource db, SmsStore store, SmsEvents events, SmsConfig config, Blocklist blocklist,
              PhoneNumbers numbers, NumberRateLimit rateLimit, SmsDispatcher dispatcher, InboundTrunks trunks) {
        this.db = db;
        this.store = store;
        this.events = events;
        this.config = config;
        this.blocklist = blocklist;
        this.numbers = numbers;
        this.rateLimit = rateLimit;
        this.dispatcher = dispatcher;
        this.trunks = trunks;
    }

    SipAnswer receive(Inbound in, byte[] body) {
        SipAnswer answer = check(in, body);
        if (answer != null) {
            LOG.warnf("MESSAGE from %s (%s, Call-ID %s) to %s refused: %s", in.from(), in.source(), in.callId(), in.to(),
                    answer.line());
            return answer;
        }
        Optional<InboundTrunks.Inbound> fromTrunk = fromTrunk(in);
        if (fromTrunk.isPresent() && !fromTrunk.get().isDid()) {
            LOG.infof("MESSAGE from %s (%s, Call-ID %s) refused: %s", in.from(), in.source(), in.callId(),
                    fromTrunk.get().notADid());
            return new SipAnswer(404, "Not Found");
        }
        String from = numbers.normalize(userOf(in.from()));
        String to = numbers.normalize(fromTrunk.map(InboundTrunks.Inbound::dialed).orElseGet(() -> userOf(in.to())));
        if (blocklist.isBlocked(from)) {
            LOG.infof("MESSAGE from %s to %s refused: the sender is blocked", from, to);
            return new SipAnswer(403, "Sender blocked");
        }
        if (!rateLimit.tryAcquire(from)) {
            LOG.warnf("MESSAGE from %s to %s refused: more than %d a minute", from, to, config.perNumberPerMinute());
            return new SipAnswer(503, "Rate limit exceeded");
        }
        String text = SmsText.decode(body).orElseThrow();
        SipAnswer stored = JdbcTransaction.run(db, "storing an inbound SMS", c -> {
            Optional<SmsStore.NumberRoute> route = store.route(c, to);
            if (route.isEmpty()) {
                LOG.infof("MESSAGE from %s to %s refused: no messaging route for %s", from, to, to);
                return new SipAnswer(404, "No messaging route for this number");
            }
            var now = SmsStore.now();
            SmsMessage m = new SmsMessage(SmsStore.newSid(), SmsMessage.INBOUND, from, to, text,
                    SmsStatus.RECEIVED.wire(), null, null, null, route.get().url(), route.get().format(), "pending", null, 0, null,
                    now, now, in.trunkId());
            store.insert(c, m);
            events.received(c, m);
            LOG.infof("SMS %s received from %s for %s (%d characters%s)", m.sid(), from, to, SmsText.length(text),
                    in.trunkId() == null ? "" : ", trunk " + in.trunkId());
            return SipAnswer.ACCEPTED;
        });
        if (stored.code() / 100 == 2) dispatcher.wake();
        return stored;
    }

    /**
     * The carrier trunk the message came from, with the number written to read in E.164 with the trunk's country
     * code and national prefix and checked against the trunk's DIDs, as its calls' numbers are (docs/carriers.md);
     * empty for a message from a user of ours or a trusted peer.
     */
    private Optional<InboundTrunks.Inbound> fromTrunk(Inbound in) {
        if (in.trunkId() == null) return Optional.empty();
        return trunks.resolve(String.valueOf(in.trunkId()), userOf(in.to()));
    }

    /** The refusal for a malformed message, or null when it may go on. */
    private SipAnswer check(Inbound in, byte[] body) {
        if (body == null || new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
            return new SipAnswer(400, "Missing message body");
        }
        // Kamailio passes the body as a C string: a NUL byte cuts it short of Content-Length.
        if (body.length != in.declaredLength()) return new SipAnswer(415, "Binary message body not supported");
        String type = in.contentType() == null ? "" : in.contentType().toLowerCase(Locale.ROOT).strip();
        if (!type.isEmpty() && !type.startsWith("text/plain")) return new SipAnswer(415, "Only text/plain is supported");
        if (type.contains("charset=") && !type.matches(".*charset=\"?(utf-8|us-ascii)\"?.*")) {
            return new SipAnswer(415, "Only UTF-8 text is supported");
        }
        Optional<String> text = SmsText.decode(body);
        if (text.isEmpty()) return new SipAnswer(415, "Message body is not UTF-8 text");
        if (SmsText.length(text.get()) > config.maxLength()) {
            return new SipAnswer(413, "Message longer than " + config.maxLength() + " characters");
        }
        if (userOf(in.to()).isEmpty() || userOf(in.from()).isEmpty()) return new SipAnswer(404, "No such number");
        return null;
    }

    /** The user part of a SIP URI ({@code sip:+15551234567@host;...} → {@code +15551234567}), or the text as it is. */
    static String userOf(String uri) {
        if (uri == null) return "";
        String s = uri.strip();
        int lt = s.indexOf('<');
        if (lt >= 0) s = s.substring(lt + 1, s.indexOf('>', lt) < 0 ? s.length() : s.indexOf('>', lt));
        if (s.regionMatches(true, 0, "sip:", 0, 4)) s = s.substring(4);
        else if (s.regionMatches(true, 0, "sips:", 0, 5)) s = s.substring(5);
        else if (s.regionMatches(true, 0, "tel:", 0, 4)) s = s.substring(4);
        int end = s.length();
        for (char stop : new char[]{'@', ';', '?'}) {
            int i = s.indexOf(stop);
            if (i >= 0 && i < end) end = i;
        }
        return s.substring(0, end);
    }
}
