package io.callbridge.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The SMS feature's pure parts, without sockets: body checks, segments, TwiML replies, tm's answers, backoff, a
 * trunk's number rewriting.
 */
class SmsPartsTest {

    @Test
    void bodiesThatAreNotUtf8TextAreRefused() {
        assertEquals("héllo ✓", SmsText.decode("héllo ✓".getBytes(StandardCharsets.UTF_8)).orElseThrow());
        assertTrue(SmsText.decode(new byte[]{(byte) 0xC3, (byte) 0x28}).isEmpty(), "malformed UTF-8");
        assertTrue(SmsText.decode(new byte[]{'a', 0, 'b'}).isEmpty(), "a NUL byte");
        assertTrue(SmsText.decode("line\r\nnext\ttab".getBytes(StandardCharsets.UTF_8)).isPresent());
    }

    @ParameterizedTest
    @CsvSource({"a, 160, 1", "a, 161, 2", "a, 306, 2", "a, 307, 3", "é, 160, 1", "€, 80, 1", "€, 81, 2",
            "✓, 70, 1", "✓, 71, 2", "✓, 134, 2", "✓, 135, 3"})
    void segmentsAsACarrierBillsThem(String character, int count, int segments) {
        assertEquals(segments, SmsText.segments(character.repeat(count)));
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertEquals(2, SmsText.length("😀😀"));
    }

    @Test
    void twimlMessagesBecomeReplies() {
        TwimlReply.Parsed p = TwimlReply.parse("<?xml version=\"1.0\"?><Response><Message>Hi</Message>"
                + "<Message to=\"+15550001111\" from=\"7800\"><Body>Second</Body></Message><Redirect>/x</Redirect></Response>");
        assertEquals(List.of(new TwimlReply.Message(null, null, "Hi"), new TwimlReply.Message("+15550001111", "7800", "Second")),
                p.messages());
        assertEquals(List.of("Redirect"), p.skipped());
        assertEquals(List.of(), TwimlReply.parse("<Response/>").messages());
    }

    @Test
    void notTwimlIsAnErrorAndEntitiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TwimlReply.parse("hello"));
        assertThrows(IllegalArgumentException.class, () -> TwimlReply.parse("<Say>x</Say>"));
        assertThrows(IllegalArgumentException.class, () -> TwimlReply.parse(
                "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Response><Message>&x;</Message></Response>"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"202 Accepted\"|202|Accepted",
            "\"SIP/2.0 404 Not Found\\r\\nVia: x\"|404|Not Found",
            "{\"code\": 503, \"text\": \"Service Unavailable\"}|503|Service Unavailable",
            "[408, \"Request Timeout\"]|408|Request Timeout",
            "[\"480 Temporarily Unavailable\"]|480|Temporarily Unavailable"})
    void tmAnswersGiveTheFinalCode(String json, int code, String reason) throws Exception {
        SipMessageSender.Outcome o = SipMessageSender.parse(new ObjectMapper().readTree(json));
        assertEquals(code, o.code());
        assertEquals(reason, o.reason());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        Duration min = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(5);
        assertEquals(List.of(1L, 2L, 4L, 5L, 5L), List.of(1, 2, 3, 4, 30).stream()
                .map(a -> Backoff.after(a, min, max).toSeconds()).toList());
    }

    @ParameterizedTest
    @CsvSource({"sip:+15551234567@carrier.net;user=phone, +15551234567", "<sip:alice@a.example.test>, alice",
            "tel:+15550001;phone-context=x, +15550001", "7800, 7800"})
    void theUserPartOfAnAddress(String uri, String user) {
        assertEquals(user, SmsIntake.userOf(uri));
    }

    @Test
    void aTrunkTargetCarriesTheNumber() {
        assertEquals("sip:+15550001@127.0.0.1:5810;transport=udp",
                RegistrarNextHop.trunkTarget("sip:127.0.0.1:5810;transport=udp", "+15550001"));
    }

    /** As kamailio/trunkout.cfg rewrites a called number: strip, then prefix (an empty cell is an empty string). */
    @ParameterizedTest
    @CsvSource({"+15551234567, 0, '', +15551234567", "+15551234567, 1, 00, 0015551234567",
            "+4930123, 3, 0, 030123", "+49, 5, 9, 9", "5551234, 0, +1, +15551234"})
    void aTrunkRewritesTheNumber(String number, int strip, String prefix, String expected) {
        assertEquals(expected, TrunkGateways.rewrite(number, strip, prefix));
    }

    @Test
    void aLargeBodyGoesOverTcpUnlessTheGatewayIsTls() {
        String tls = RegistrarNextHop.trunkTarget("sip:gw.example.net:5061;transport=tls", "0015550001");
        assertEquals("sip:0015550001@gw.example.net:5061;transport=tls", tls);
        assertEquals(tls, SipMessageSender.withTcp(tls));
        assertEquals("sip:0015550001@gw.example.net:5060;transport=tcp",
                SipMessageSender.withTcp("sip:0015550001@gw.example.net:5060;transport=udp"));
    }
}
