package io.callbridge.api;

import io.callbridge.ari.Ownership;
import io.callbridge.call.CallControl;
import io.callbridge.node.OtherInstancesCalls;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The calls in progress on every live instance, whichever instance is asked: this instance's own from memory
 * (their exact state), the others' from their rows in the shared database ({@link OtherInstancesCalls}). Reading
 * the database, rather than asking each instance over HTTP, costs one query and cannot wait on a slow instance.
 * When the database cannot be read the answer holds this instance's calls alone and says it is partial.
 */
@ApplicationScoped
class AllActiveCalls {

    private static final Logger LOG = Logger.getLogger(AllActiveCalls.class);

    private final CallControl calls;
    private final OtherInstancesCalls others;
    private final Ownership ownership;

    AllActiveCalls(CallControl calls, OtherInstancesCalls others, Ownership ownership) {
        this.calls = calls;
        this.others = others;
        this.ownership = ownership;
    }

    /** A call of this instance, as listed. */
    ActiveCallResponse here(io.callbridge.call.CallSession call) {
        return ActiveCallResponse.of(call, ownership.instanceId());
    }

    ActiveCalls list() {
        List<ActiveCallResponse> items = new ArrayList<>();
        calls.active().forEach(call -> items.add(here(call)));
        boolean partial = false;
        try {
            items.addAll(others.list());
        } catch (SQLException e) {
            LOG.warnf("the other instances' calls could not be read (listing this instance's alone): %s", e.getMessage());
            partial = true;
        }
        items.sort(Comparator.comparing(ActiveCallResponse::startedAt).reversed());
        return new ActiveCalls(items, partial);
    }
}
