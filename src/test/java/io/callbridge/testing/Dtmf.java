package io.callbridge.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongToIntFunction;

/**
 * DTMF for the tests, both kinds: RFC 4733 event codes, the key pad's dual tones (ITU-T Q.23) and a
 * Goertzel detector that turns received audio back into key presses.
 */
public final class Dtmf {

    private static final String KEYS = "0123456789*#ABCD";
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final String[] PAD = {"123A", "456B", "789C", "*0#D"};

    private Dtmf() {
    }

    /** The RFC 4733 event code of a key (section 3.2: 0-9, then * 10, # 11, A-D 12-15). */
    public static int eventCode(char key) {
        int code = KEYS.indexOf(key);
        if (code < 0) throw new IllegalArgumentException("not a DTMF key: " + key);
        return code;
    }

    public static char key(int eventCode) {
        return eventCode >= 0 && eventCode < KEYS.length() ? KEYS.charAt(eventCode) : '?';
    }

    /** The key's two tones, each at {@code amplitude}, as samples at 8 kHz counted from any fixed origin. */
    public static LongToIntFunction tone(char key, int amplitude) {
        for (int row = 0; row < 4; row++) {
            int column = PAD[row].indexOf(key);
            if (column < 0) continue;
            double low = ROWS[row];
            double high = COLUMNS[column];
            return i -> (int) Math.round(amplitude * (Math.sin(2 * Math.PI * low * i / 8000)
                    + Math.sin(2 * Math.PI * high * i / 8000)));
        }
        throw new IllegalArgumentException("not a DTMF key: " + key);
    }

    /**
     * The key presses in RFC 4733 events of {@code payloadType}: one per event that ended (an event is every
     * packet with one timestamp, its updates and its repeated end packets alike), in order of arrival.
     */
    public static String events(List<RtpPeer.Packet> packets, int payloadType) {
        Map<Long, Character> byStart = new LinkedHashMap<>();
        Set<Long> ended = new HashSet<>();
        for (RtpPeer.Packet p : packets) {
            if (p.payloadType() != payloadType || p.payload().length < 4) continue;
            byStart.putIfAbsent(p.timestamp(), key(p.payload()[0] & 0xFF));
            if ((p.payload()[1] & 0x80) != 0) ended.add(p.timestamp());
        }
        StringBuilder keys = new StringBuilder();
        byStart.forEach((start, key) -> {
            if (ended.contains(start)) keys.append(key);
        });
        return keys.toString();
    }

    /**
     * The key presses heard in the PCMU packets of {@code packets} (payload type 0, in order of arrival): each
     * 20 ms packet is one window; a window holds a key when one row tone and one column tone stand out
     * (Goertzel, each at least {@code 300} of amplitude and twice its group's next strongest); a press is a run
     * of at least two windows of one key, and presses are told apart by a window without it.
     */
    public static String tones(List<RtpPeer.Packet> packets) {
        List<Character> windows = new ArrayList<>();
        for (RtpPeer.Packet p : packets) {
            if (p.payloadType() != RtpPeer.PCMU) continue;
            windows.add(keyIn(Audio.fromUlaw(p.payload())));
        }
        StringBuilder keys = new StringBuilder();
        Character run = null;
        int length = 0;
        for (Character w : windows) {
            if (w != null && w.equals(run)) {
                if (++length == 2) keys.append(w);
            } else {
                run = w;
                length = 1;
            }
        }
        return keys.toString();
    }

    /** The key in one window of 8 kHz samples, or null. */
    static Character keyIn(short[] x) {
        int row = strongest(x, ROWS);
        int column = strongest(x, COLUMNS);
        return row < 0 || column < 0 ? null : PAD[row].charAt(column);
    }

    private static int strongest(short[] x, double[] tones) {
        int best = -1;
        double top = 0;
        double next = 0;
        for (int i = 0; i < tones.length; i++) {
            double level = Audio.level(x, 0, x.length, tones[i], 8000);
            if (level > top) {
                next = top;
                top = level;
                best = i;
            } else if (level > next) {
                next = level;
            }
        }
        return top >= 300 && top >= 2 * next ? best : -1;
    }
}
