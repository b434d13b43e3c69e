package io.callbridge.stream;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records what an adapter decoded, in order, as short lines ("audio 0102", "mark x", "malformed not_json"). */
public final class RecordingSink implements AgentSink {

    public final List<String> events = new ArrayList<>();
    public final List<byte[]> audio = new ArrayList<>();
    public final List<String> details = new ArrayList<>();

    @Override
    public void audio(byte[] payload) {
        audio.add(payload);
        events.add("audio " + HexFormat.of().formatHex(payload));
    }

    @Override
    public void mark(String name) {
        events.add("mark " + name);
    }

    @Override
    public void clear() {
        events.add("clear");
    }

    @Override
    public void dtmf(String digits) {
        events.add("dtmf " + digits);
    }

    @Override
    public void malformed(String kind, String detail) {
        events.add("malformed " + kind);
        details.add(detail);
    }
}
