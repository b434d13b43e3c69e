package io.callbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One transaction of plain JDBC on a pooled connection, outside JTA: the call path's writes (CDRs, holds)
 * with their webhook events. Committed when {@link #run} returns; rolled back on any failure.
 */
public final class JdbcTransaction {

    /** The statements of one transaction. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private JdbcTransaction() {
    }

    /**
     * Runs {@code work} in one transaction on a connection of {@code db}.
     *
     * @throws IllegalStateException naming {@code what} when the database refuses (the transaction is rolled back)
     */
    public static <T> T run(DataSource db, String what, Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work}, one statement, on a connection of {@code db} in auto-commit: the statement is its own
     * transaction, committed by the database as it answers. Against {@link #run}, this saves the round trip of
     * the COMMIT (the driver sends BEGIN with the first statement, but COMMIT on its own).
     *
     * @throws IllegalStateException naming {@code what} when the database refuses
     */
    public static <T> T single(DataSource db, String what, Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
