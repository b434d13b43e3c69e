package io.callbridge.ari;

import ch.loway.oss.ari4java.tools.RestException;
import java.util.Set;

/**
 * A channel ARI has just created takes a moment to enter Stasis; until it has, ARI refuses operations on
 * it as "not in Stasis application" (409 or 422). Such a refusal is retried briefly.
 */
final class InStasis {

    private static final Set<Integer> NOT_YET = Set.of(409, 422);
    private static final int ATTEMPTS = 50;
    private static final long PAUSE_MILLIS = 20;

    /** One ARI request. */
    interface Request {
        void execute() throws RestException;
    }

    private InStasis() {
    }

    /** Runs {@code request}, again every 20 ms (for at most 1 s) while ARI says the channel is not in Stasis yet. */
    static void retry(Request request) throws RestException {
        for (int attempt = 1; ; attempt++) {
            try {
                request.execute();
                return;
            } catch (RestException e) {
                if (!NOT_YET.contains(e.getCode()) || attempt >= ATTEMPTS) throw e;
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
