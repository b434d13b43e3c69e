package io.callbridge.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The gauge the "ARI disconnected" alert reads follows the connection at every scrape. */
class AriConnectedGaugeTest {

    @Test
    void readsOneWhileConnectedAndZeroOtherwise() {
        var registry = new SimpleMeterRegistry();
        var connected = new AtomicBoolean(false);
        AriConnectedGauge.register(registry, connected::get);
        var gauge = registry.get("callbridge.ari.connected").gauge();
        assertEquals(0, gauge.value());
        connected.set(true);
        assertEquals(1, gauge.value());
        connected.set(false);
        assertEquals(0, gauge.value());
    }
}
