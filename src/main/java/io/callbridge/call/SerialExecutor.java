package io.callbridge.call;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one call's tasks one at a time, in submission order, on a shared pool: ARI events for a call are
 * handled in order and never on the socket thread (style.md 5). Every task runs with the call id in the
 * logging context, so each log line about the call carries it.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final String callSid;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    SerialExecutor(Executor pool, String callSid) {
        this.pool = pool;
        this.callSid = callSid;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (scheduled) return;
            scheduled = true;
        }
        pool.execute(this::drain);
    }

    /**
     * Queues {@code task} only while fewer than {@code limit} tasks wait: for work whose producer runs at an
     * outside party's pace (a caller's keypad), which must not grow the queue without bound. Returns false,
     * and drops the task, when the queue is that long.
     */
    boolean offer(Runnable task, int limit) {
        synchronized (tasks) {
            if (tasks.size() >= limit) return false;
        }
        execute(task);
        return true;
    }

    private void drain() {
        MDC.put("callSid", callSid);
        try {
            while (true) {
                Runnable next;
                synchronized (tasks) {
                    next = tasks.poll();
                    if (next == null) {
                        scheduled = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException | Error e) {
                    LOG.errorf(e, "call task failed");
                }
            }
        } finally {
            MDC.remove("callSid");
        }
    }
}
