package io.callbridge.debug;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises one log category to DEBUG while debug entries are live and puts its configured level back when none
 * is. The whole category, not only the entries' calls: a call's log lines carry its callSid (MDC), which is
 * how one reads a single call's lines.
 */
final class VerboseLogs {

    private final Logger category;
    private Level configured;
    private boolean raised;

    VerboseLogs(String category) {
        // kept: java.util.logging holds loggers weakly, and a collected one would lose the level set here
        this.category = Logger.getLogger(category);
    }

    synchronized void on() {
        if (raised) return;
        configured = category.getLevel();
        category.setLevel(Level.FINE);
        raised = true;
    }

    synchronized void off() {
        if (!raised) return;
        category.setLevel(configured);
        raised = false;
    }
}
