package io.callbridge.ari;

import ch.loway.oss.ari4java.tools.RestException;
import java.util.Set;

/**
 * A channel ARI has just created takes a moment to enter Stasis: ARI answers the request that created it
 * before the channel's own thread has taken it into the application. Until it has, ARI refuses operations on
 * it as "not in Stasis application" (409 or 422). Such a refusal is retried briefly. On the local stack about
 * one bridge add in ten, sent right after an externalMedia request, is refused, and the channel is in Stasis
 * a millisecond or two later: the first pauses are short, so a refusal costs the call a few milliseconds.
 */
final class InStasis {

    private static final Set<Integer> NOT_YET = Set.of(409, 422);
    private static final long FIRST_PAUSE_MILLIS = 2;
    private static final long MAX_PAUSE_MILLIS = 20;
    private static final long GIVE_UP_AFTER_NANOS = 1_000_000_000L;

    /** One ARI request. */
    interface Request {
        void execute() throws RestException;
    }

    private InStasis() {
    }

    /**
     * Runs {@code request}, again while ARI says the channel is not in Stasis yet: after 2 ms, then pauses
     * doubling up to 20 ms, for at most 1 s in all; then the last refusal is thrown.
     */
    static void retry(Request request) throws RestException {
        long start = System.nanoTime();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                request.execute();
                return;
            } catch (RestException e) {
                if (!NOT_YET.contains(e.getCode()) || System.nanoTime() - start > GIVE_UP_AFTER_NANOS) throw e;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
            }
        }
    }
}
