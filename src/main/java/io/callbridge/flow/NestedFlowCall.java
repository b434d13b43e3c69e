package io.callbridge.flow;

import io.callbridge.call.CallSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The call as seen by verbs nested in another ({@code <Gather>}'s {@code <Say>}, {@code <Play>}, {@code <Pause>}):
 * the outer verb can stop them ({@link #interrupt}, on the caller's first key) while the flow can still
 * interrupt everything. On the call's executor.
 */
public final class NestedFlowCall implements FlowCall {

    private final FlowCall outer;
    private final List<Runnable> stops = new ArrayList<>();
    private boolean interrupted;

    public NestedFlowCall(FlowCall outer) {
        this.outer = outer;
    }

    /** Stops the nested verbs running now and any started later (their stages then complete at once). */
    public void interrupt() {
        interrupted = true;
        List<Runnable> now = List.copyOf(stops);
        stops.clear();
        now.forEach(Runnable::run);
    }

    /** Whether {@link #interrupt} was called. */
    public boolean interrupted() {
        return interrupted;
    }

    @Override
    public CallSession session() {
        return outer.session();
    }

    @Override
    public Map<String, String> parameters() {
        return outer.parameters();
    }

    @Override
    public String resolve(String url) {
        return outer.resolve(url);
    }

    @Override
    public void onInterrupt(Runnable stop) {
        if (interrupted) {
            stop.run();
            return;
        }
        stops.add(stop);
        outer.onInterrupt(stop);
    }

    /** Nested verbs do not take keys: the outer verb has them. */
    @Override
    public void onCallerDigit(Consumer<Character> key) {
    }
}
