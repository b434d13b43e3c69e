package io.callbridge.call;

import java.util.Locale;

public enum Direction {
    INBOUND, OUTBOUND;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
