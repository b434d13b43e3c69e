package io.callbridge.hold;

import io.callbridge.call.CallSession;
import io.callbridge.store.JdbcTransaction;
import io.callbridge.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A call's holds on its CDR ({@code calls.held_since}, {@code held_by}, {@code holds}, {@code hold_ms}), each
 * change in one transaction with its webhook event ({@code call.held}, {@code call.resumed}). Plain JDBC in
 * auto-commit connections, as the call path's other CDR writes. Throws {@link IllegalStateException} when the
 * database refuses.
 */
@ApplicationScoped
public class HoldRecords {

    private static final String HELD = """
            update calls set held_since = ?, held_by = ?, holds = coalesce(holds, 0) + 1
             where call_sid = ? and ended_at is null and held_since is null""";
    private static final String HELD_BY = "update calls set held_by = ? where call_sid = ? and held_since is not null";
    /** The hold's length is counted by the database, from the held_since it kept (across restarts too). */
    private static final String RESUMED = """
            update calls set hold_ms = coalesce(hold_ms, 0)
                       + greatest(0, (extract(epoch from (cast(? as timestamptz) - held_since)) * 1000)::bigint),
                   held_since = null, held_by = null
             where call_sid = ? and ended_at is null and held_since is not null
            returning hold_ms""";

    private final DataSource db;
    private final WebhookOutbox webhooks;

    HoldRecords(DataSource db, WebhookOutbox webhooks) {
        this.db = db;
        this.webhooks = webhooks;
    }

    /** The call went on hold at {@code at}, held by {@code by}: the CDR's open hold and {@code call.held}. */
    void held(CallSession call, HoldState.By by, Instant at) {
        OffsetDateTime since = at.atOffset(ZoneOffset.UTC);
        transaction("recording the hold", c -> {
            int rows;
            try (PreparedStatement s = c.prepareStatement(HELD)) {
                s.setObject(1, since);
                s.setString(2, by.code());
                s.setString(3, call.callSid());
                rows = s.executeUpdate();
            }
            if (rows == 0) return; // on hold already (an adopted call), or ended
            Map<String, Object> data = summary(call, by);
            data.put("heldAt", since.toString());
            webhooks.record(c, "call.held", call.callSid(), data);
        });
    }

    /** Who holds the call changed while it stayed on hold (the CDR names who a restart must restore). */
    void heldBy(CallSession call, HoldState.By by) {
        transaction("recording who holds the call", c -> {
            try (PreparedStatement s = c.prepareStatement(HELD_BY)) {
                s.setString(1, by.code());
                s.setString(2, call.callSid());
                s.executeUpdate();
            }
        });
    }

    /** The call came off hold at {@code at}, by {@code by}: the hold's time on the CDR and {@code call.resumed}. */
    void resumed(CallSession call, HoldState.By by, Instant at) {
        OffsetDateTime resumedAt = at.atOffset(ZoneOffset.UTC);
        transaction("recording the resume", c -> {
            Long holdMs = null;
            try (PreparedStatement s = c.prepareStatement(RESUMED)) {
                s.setObject(1, resumedAt);
                s.setString(2, call.callSid());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return; // not on hold on record
                    holdMs = rs.getLong(1);
                }
            }
            Map<String, Object> data = summary(call, by);
            data.put("resumedAt", resumedAt.toString());
            data.put("holdMs", holdMs);
            webhooks.record(c, "call.resumed", call.callSid(), data);
        });
    }

    private static Map<String, Object> summary(CallSession call, HoldState.By by) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callSid", call.callSid());
        d.put("direction", call.direction().code());
        d.put("from", call.from());
        d.put("to", call.to());
        d.put("route", call.routeNumber());
        d.put("by", by.code());
        return d;
    }

    private void transaction(String what, Work work) {
        JdbcTransaction.run(db, what, c -> {
            work.run(c);
            return null;
        });
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }
}
