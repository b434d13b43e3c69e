package io.callbridge.store;

/**
 * A CDI event fired by {@link TableChanges} on its own thread: {@code table} (one of {@link TableChanges#TABLES})
 * may have changed, or nothing tells about its changes for now; whoever keeps it in memory reloads it before
 * returning.
 */
public record TableChanged(String table) {

    /** Whether the change is about table {@code name}. */
    public boolean is(String name) {
        return table.equals(name);
    }
}
