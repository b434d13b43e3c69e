package io.callbridge.call;

import java.util.EnumSet;
import java.util.Set;

/** Where a call is. Moves only forward; an illegal move is refused by {@link CallSession}. */
public enum CallState {
    /** In Stasis, not answered yet. */
    RINGING,
    ANSWERED,
    /** Being torn down: hangup sent, CDR being written. */
    ENDING,
    ENDED;

    private Set<CallState> next() {
        return switch (this) {
            case RINGING -> EnumSet.of(ANSWERED, ENDING);
            case ANSWERED -> EnumSet.of(ENDING);
            case ENDING -> EnumSet.of(ENDED);
            case ENDED -> EnumSet.noneOf(CallState.class);
        };
    }

    public boolean canMoveTo(CallState target) {
        return next().contains(target);
    }
}
