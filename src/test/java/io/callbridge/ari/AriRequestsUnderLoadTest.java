package io.callbridge.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many ARI requests at once, from as many virtual threads as a burst of call setups has, over the pooled
 * keep-alive connections: every answer reaches the request that asked for it, whole (an externalMedia
 * channel's answer is read for its UNICASTRTP_LOCAL_* variables), on the real Asterisk.
 */
@QuarkusTest
class AriRequestsUnderLoadTest {

    private static final int THREADS = 32;
    private static final int PER_THREAD = 10;

    @Inject
    AriChannels channels;

    @Test
    void everyConcurrentRequestGetsItsOwnWholeAnswer() throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        // The media-leg prefix: the app under test leaves such a channel to its creator.
                        String id = "cb-em-CAload" + thread + "x" + i + "x" + System.nanoTime();
                        try {
                            InetSocketAddress asterisk = channels.externalMedia(id, "127.0.0.1", 9, "ulaw", Map.of());
                            if (asterisk.getPort() <= 0) failures.add(id + ": no port in the answer");
                        } catch (Exception e) {
                            failures.add(id + ": " + e.getMessage());
                        } finally {
                            try {
                                channels.hangup(id, "normal");
                            } catch (Exception e) {
                                failures.add(id + " hangup: " + e.getMessage());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertEquals(List.of(), List.copyOf(failures), "every request must get its own whole answer");
    }
}
