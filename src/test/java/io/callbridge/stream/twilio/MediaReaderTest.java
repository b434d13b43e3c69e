package io.callbridge.stream.twilio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callbridge.stream.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte path in ({@link TwilioProtocol#onText(byte[], int, int, io.callbridge.stream.AgentSink)}, with
 * {@link MediaReader} and {@link Base64Codec}) against the general String path: for every message, the
 * sink must hear exactly the same, malformed input included.
 */
class MediaReaderTest {

    static final String MZ = TwilioProtocolTest.MZ;
    static final String SID = "\"streamSid\":\"" + MZ + "\"";

    static Stream<String> messages() {
        List<String> all = new ArrayList<>();
        TwilioProtocolTest.malformed().forEach(a -> all.add((String) a.get()[0]));
        String payload = Base64.getEncoder().encodeToString(TwilioProtocolTest.bytes(160, 9));
        all.addAll(List.of(
                "{\"event\":\"media\"," + SID + ",\"media\":{\"payload\":\"" + payload + "\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"" + payload + "\"}}",
                "{\"media\":{\"track\":\"outbound\",\"chunk\":\"3\",\"payload\":\"AQI=\"},\"event\":\"media\"," + SID + "}",
                "{\"event\":\"media\",\"extra\":[1,{\"a\":[null,true]}],\"media\":{\"payload\":\"AQI=\",\"x\":{}}}",
                " {\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"}}",
                "{ \"event\" : \"media\" , \"media\" : { \"payload\" : \"AQI=\" } }\n",
                "{\"event\":\"media\",\"media\":{\"payload\":\"\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQ\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQ=\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQ==AQ==\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AR==\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"A\\u0051I=\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"},\"media\":{\"payload\":\"AQID\"}}",
                "{\"event\":\"media\",\"event\":\"clear\",\"media\":{\"payload\":\"AQI=\"}}",
                "{\"event\":\"clear\",\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\",\"payload\":\"AQID\"}}",
                "{\"event\":\"media\"," + SID + "," + SID + ",\"media\":{\"payload\":\"AQI=\"}}",
                "{\"event\":\"media\",\"streamSid\":\"MZx\",\"media\":{\"payload\":\"AQI=\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"}}x",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"}}{}",
                "{\"event\":\"Media\",\"media\":{\"payload\":\"AQI=\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"ÀQI=\"}}",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"},\"n\":1e999999}",
                "{\"event\":\"mark\"," + SID + ",\"mark\":{\"name\":\"m1\"}}",
                "{\"event\":\"clear\"}",
                "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"1\"}}"));
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void theBytePathHearsWhatTheStringPathHears(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[utf8.length + 7]; // the message inside a larger buffer, as a socket hands it over
        System.arraycopy(utf8, 0, framed, 3, utf8.length);
        assertEquals(viaString(text), viaBytes(framed, 3, utf8.length), text);
    }

    @Test
    void invalidUtf8IsReadAsTheStringPathReadsIt() {
        byte[] bad = "{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"},\"x\":\"\u00ff\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 4] = (byte) 0xC3; // a lead byte without its continuation
        bad[bad.length - 3] = '"';
        bad[bad.length - 2] = '}';
        byte[] cut = java.util.Arrays.copyOf(bad, bad.length - 1);
        assertEquals(viaString(new String(cut, StandardCharsets.UTF_8)), viaBytes(cut, 0, cut.length));
        byte[] utf16 = "{\"event\":\"clear\"}".getBytes(StandardCharsets.UTF_16LE);
        assertEquals(viaString(new String(utf16, StandardCharsets.UTF_8)), viaBytes(utf16, 0, utf16.length));
        byte[] bom = "\ufeff{\"event\":\"media\",\"media\":{\"payload\":\"AQI=\"}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(viaString(new String(bom, StandardCharsets.UTF_8)), viaBytes(bom, 0, bom.length));
    }

    @Test
    void mediaMessagesTakeTheFastPath() {
        byte[] audio = TwilioProtocolTest.bytes(160, 1);
        String text = "{\"event\":\"media\"," + SID + ",\"media\":{\"track\":\"outbound\",\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] read = MediaReader.audio(utf8, 0, utf8.length, MZ);
        assertNotNull(read, "a plain media message is read without the String path");
        assertArrayEquals(audio, read);
        assertNull(MediaReader.audio(utf8, 0, utf8.length, "MZother"), "another stream's media goes the general way");
    }

    /** Random base64-ish text: accepted and decoded exactly as java.util.Base64 does, or left to it. */
    @Test
    void base64AgreesWithTheJdk() {
        Random random = new Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n@é";
        for (int round = 0; round < 200_000; round++) {
            int length = random.nextInt(12);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(round % 2 == 0 ? 65 : alphabet.length())));
            }
            char[] chars = ("xx" + text + "yy").toCharArray();
            int size = Base64Codec.decodedLength(chars, 2, length);
            byte[] jdk;
            try {
                jdk = Base64.getDecoder().decode(text.toString());
            } catch (IllegalArgumentException e) {
                jdk = null;
            }
            if (size < 0) continue; // left to the JDK: always allowed
            assertNotNull(jdk, "accepted what the JDK refuses: " + text);
            byte[] ours = new byte[size];
            Base64Codec.decode(chars, 2, length, ours);
            assertArrayEquals(jdk, ours, text.toString());
        }
        for (int length = 0; length < 40; length++) { // every canonical encoding is accepted
            byte[] data = TwilioProtocolTest.bytes(length, length);
            byte[] encoded = new byte[Base64Codec.encodedLength(length) + 1];
            int end = Base64Codec.encode(data, 0, length, encoded, 1);
            String text = new String(encoded, 1, end - 1, StandardCharsets.US_ASCII);
            assertEquals(Base64.getEncoder().encodeToString(data), text);
            assertEquals(length, Base64Codec.decodedLength(text.toCharArray(), 0, text.length()), text);
        }
    }

    private static List<String> viaString(String text) {
        RecordingSink sink = new RecordingSink();
        opened().onText(text, sink);
        return sink.events;
    }

    private static List<String> viaBytes(byte[] utf8, int offset, int length) {
        RecordingSink sink = new RecordingSink();
        opened().onText(utf8, offset, length, sink);
        return sink.events;
    }

    private static TwilioProtocol opened() {
        TwilioProtocol protocol = new TwilioProtocol();
        protocol.open(TwilioProtocolTest.start(Map.of()));
        return protocol;
    }
}
