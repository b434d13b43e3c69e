package io.callbridge.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.loway.oss.ari4java.tools.RestException;
import org.junit.jupiter.api.Test;

/** Retrying a request while ARI says the channel is not in Stasis yet. */
class InStasisTest {

    private int attempts;

    @Test
    void aRefusalIsRetriedUntilTheChannelIsInStasis() throws Exception {
        InStasis.retry(() -> {
            if (++attempts < 3) throw new RestException("Channel not in Stasis application", 422);
        });
        assertEquals(3, attempts);
    }

    @Test
    void otherErrorsAreNotRetried() {
        RestException gone = new RestException("Channel not found", 404);
        RestException thrown = assertThrows(RestException.class, () -> InStasis.retry(() -> {
            attempts++;
            throw gone;
        }));
        assertSame(gone, thrown);
        assertEquals(1, attempts);
    }

    @Test
    void aChannelThatNeverArrivesIsGivenUpOn() {
        RestException thrown = assertThrows(RestException.class, () -> InStasis.retry(() -> {
            attempts++;
            throw new RestException("Channel not in Stasis application", 409);
        }));
        assertEquals(409, thrown.getCode());
        // 2, 4, 8, 16 ms, then every 20 ms until 1 s has passed: at most some fifty attempts
        assertTrue(attempts > 1 && attempts <= 60, "attempts: " + attempts);
    }
}
