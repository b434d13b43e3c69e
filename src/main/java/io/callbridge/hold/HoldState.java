package io.callbridge.hold;

import java.util.Locale;

/**
 * Whether one call is on hold, and by whom: the API ({@code POST /api/calls/{callSid}/hold}) and the caller's
 * own phone (a re-INVITE with {@code a=sendonly}, {@code a=inactive} or {@code c=0.0.0.0}) hold a call
 * independently; it is held while either does. Changed only on the call's own executor; read from anywhere.
 */
public final class HoldState {

    /** Who holds a call. */
    public enum By {
        /** The REST API: the caller hears music on hold, the agent's media leg is out of the call's bridge. */
        API,
        /** The caller's phone: it sends or hears nothing, so the agent's media is only paused. */
        CALLER;

        /** {@code api} or {@code caller}: the CDR's {@code held_by}, the webhooks' and the agent events' {@code by}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The {@link By} whose {@link #code()} is {@code code}; null for anything else. */
        public static By of(String code) {
            for (By by : values()) if (by.code().equals(code)) return by;
            return null;
        }
    }

    private volatile boolean api;
    private volatile boolean caller;

    public boolean held() {
        return api || caller;
    }

    public boolean heldBy(By by) {
        return by == By.API ? api : caller;
    }

    /** Who the CDR names as holding the call: the API when it does (it is what a restart must restore), else the caller. */
    public By by() {
        return api ? By.API : caller ? By.CALLER : null;
    }

    /** Records that {@code by} holds ({@code on}) or no longer holds the call; true when {@link #held()} changed. */
    public boolean set(By by, boolean on) {
        boolean before = held();
        if (by == By.API) api = on;
        else caller = on;
        return before != held();
    }
}
