package io.callbridge.trunk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tables {@code trunk}, {@code trunk_gateway} and {@code trunk_did} over plain JDBC (text arrays and jsonb).
 * Connections join the caller's transaction, so a change, its audit entry and the Kamailio rows written by
 * {@link TrunkSync} commit together.
 */
@ApplicationScoped
public class TrunkStore {

    /** A trunk with the same name exists. */
    public static final class DuplicateName extends RuntimeException {
        DuplicateName(String name) {
            super("a trunk named " + name + " exists");
        }
    }

    private static final String COLUMNS = "id, name, enabled, inbound_sources, country_code, national_prefix, auth_username, "
            + "auth_password, auth_realm, register, register_expires, strip_digits, add_prefix, caller_id_policy, caller_id, "
            + "codecs, max_concurrent_calls, max_calls_per_second, headers::text, request_user, created_at, updated_at";

    private final DataSource db;
    private final ObjectMapper json;

    TrunkStore(DataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** A stored trunk and its password (which {@link Trunk} never carries). */
    public record Stored(Trunk trunk, String authPassword) {
    }

    /** Every trunk by id, with gateways and DIDs. */
    public List<Stored> list() {
        return select("select " + COLUMNS + " from trunk order by id");
    }

    /** The trunk with {@code id}, or empty. */
    public Optional<Stored> find(long id) {
        return select("select " + COLUMNS + " from trunk where id = ?", id).stream().findFirst();
    }

    /** The trunk named {@code name} (names are unique), or empty. */
    public Optional<Stored> findByName(String name) {
        return select("select " + COLUMNS + " from trunk where name = ?", name).stream().findFirst();
    }

    /** Stores a {@linkplain TrunkRequest#validated() validated} trunk and returns its id. */
    public long insert(TrunkRequest t) {
        try (Connection c = db.getConnection()) {
            if (nameTaken(c, t.name(), 0)) throw new DuplicateName(t.name());
            long id;
            try (PreparedStatement s = c.prepareStatement("insert into trunk (name, enabled, inbound_sources, country_code, "
                    + "national_prefix, auth_username, auth_password, auth_realm, register, register_expires, strip_digits, "
                    + "add_prefix, caller_id_policy, caller_id, codecs, max_concurrent_calls, max_calls_per_second, headers, "
                    + "request_user) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) returning id")) {
                bind(c, s, t, t.authPassword());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            writeChildren(c, id, t);
            return id;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Replaces trunk {@code id} with {@code t}, keeping the password when {@code t} has none; false when there is no such trunk. */
    public boolean replace(long id, TrunkRequest t) {
        try (Connection c = db.getConnection()) {
            if (nameTaken(c, t.name(), id)) throw new DuplicateName(t.name());
            try (PreparedStatement s = c.prepareStatement("update trunk set name = ?, enabled = ?, inbound_sources = ?, "
                    + "country_code = ?, national_prefix = ?, auth_username = ?, auth_password = coalesce(?, auth_password), "
                    + "auth_realm = ?, register = ?, register_expires = ?, strip_digits = ?, add_prefix = ?, caller_id_policy = ?, "
                    + "caller_id = ?, codecs = ?, max_concurrent_calls = ?, max_calls_per_second = ?, headers = ?::jsonb, "
                    + "request_user = ?, updated_at = now() where id = ?")) {
                String password = t.authPassword() == null ? null : t.authPassword();
                bind(c, s, t, password);
                s.setLong(20, id);
                if (s.executeUpdate() == 0) return false;
            }
            // An empty password removes it.
            try (PreparedStatement s = c.prepareStatement("update trunk set auth_password = null where id = ? and auth_password = ''")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("delete from trunk_gateway where trunk_id = ?")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("delete from trunk_did where trunk_id = ?")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
            writeChildren(c, id, t);
            return true;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Deletes trunk {@code id} with its gateways and DIDs; false when there is none. */
    public boolean delete(long id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("delete from trunk where id = ?")) {
            s.setLong(1, id);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static boolean nameTaken(Connection c, String name, long except) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from trunk where name = ? and id <> ?")) {
            s.setString(1, name);
            s.setLong(2, except);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void bind(Connection c, PreparedStatement s, TrunkRequest t, String password) throws SQLException {
        s.setString(1, t.name());
        s.setBoolean(2, t.enabled());
        s.setArray(3, c.createArrayOf("text", t.inboundSources().toArray()));
        s.setString(4, t.countryCode());
        s.setString(5, t.nationalPrefix());
        s.setString(6, t.authUsername());
        s.setString(7, password);
        s.setString(8, t.authRealm());
        s.setBoolean(9, t.register());
        s.setInt(10, t.registerExpires());
        s.setInt(11, t.stripDigits());
        s.setString(12, t.addPrefix());
        s.setString(13, t.callerIdPolicy());
        s.setString(14, t.callerId());
        s.setArray(15, c.createArrayOf("text", t.codecs().toArray()));
        setInteger(s, 16, t.maxConcurrentCalls());
        setInteger(s, 17, t.maxCallsPerSecond());
        try {
            s.setString(18, json.writeValueAsString(t.headers()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        s.setString(19, t.requestUser());
    }

    private static void writeChildren(Connection c, long id, TrunkRequest t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into trunk_gateway (trunk_id, host, port, transport, priority, "
                + "weight, srtp) values (?, ?, ?, ?, ?, ?, ?)")) {
            for (TrunkGateway g : t.gateways()) {
                s.setLong(1, id);
                s.setString(2, g.host());
                s.setInt(3, g.port());
                s.setString(4, g.transport());
                s.setInt(5, g.priority());
                s.setInt(6, g.weight());
                s.setBoolean(7, g.srtp());
                s.addBatch();
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("insert into trunk_did (trunk_id, first_e164, last_e164) values (?, ?, ?)")) {
            for (String text : t.dids()) {
                TrunkDid d = TrunkDid.parse(text);
                s.setLong(1, id);
                s.setString(2, d.first());
                s.setString(3, d.last());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private List<Stored> select(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            List<Stored> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    String password = rs.getString("auth_password");
                    Trunk t = new Trunk(id, rs.getString("name"), rs.getBoolean("enabled"), strings(rs.getArray("inbound_sources")),
                            rs.getString("country_code"), rs.getString("national_prefix"), rs.getString("auth_username"),
                            password != null && !password.isEmpty(), rs.getString("auth_realm"), rs.getBoolean("register"),
                            rs.getInt("register_expires"), rs.getInt("strip_digits"), rs.getString("add_prefix"),
                            rs.getString("caller_id_policy"), rs.getString("caller_id"), strings(rs.getArray("codecs")),
                            (Integer) rs.getObject("max_concurrent_calls"), (Integer) rs.getObject("max_calls_per_second"),
                            headers(rs.getString("headers")), rs.getString("request_user"), gateways(c, id), dids(c, id),
                            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class), null);
                    out.add(new Stored(t, password));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static List<TrunkGateway> gateways(Connection c, long trunk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id, host, port, transport, priority, weight, srtp from trunk_gateway "
                + "where trunk_id = ? order by priority, id")) {
            s.setLong(1, trunk);
            List<TrunkGateway> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new TrunkGateway(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getInt(5),
                            rs.getInt(6), rs.getBoolean(7)));
                }
            }
            return out;
        }
    }

    private static List<TrunkDid> dids(Connection c, long trunk) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select first_e164, last_e164 from trunk_did where trunk_id = ? order by first_e164, id")) {
            s.setLong(1, trunk);
            List<TrunkDid> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(new TrunkDid(rs.getString(1), rs.getString(2)));
            }
            return out;
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private Map<String, String> headers(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static void setInteger(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER);
        else s.setInt(i, v);
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("the trunk tables failed: " + e.getMessage(), e);
    }
}
