package io.callbridge.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** Prints the JSON lines of {@link RelayBench} runs as two tables: latency, then cost and losses. */
final class RelayTable {

    /** The bar the relay must clear (the issue's): p99 added latency under 2 ms both ways. */
    static final double LIMIT_MS = 2.0;

    private RelayTable() {
    }

    static void print(List<String> lines) {
        System.out.println("Latency, ms (p50 / p99 / max). down = ingress + egress (the wait for the tick excluded):");
        System.out.println("  down p99~ = p99(ingress) + p99(egress), the estimate; down p99<= = p99.5(ingress) + p99.5(egress), a strict bound");
        System.out.printf(Locale.ROOT, "%6s | %-22s | %-22s | %-22s | %9s | %9s | %-3s | %-6s%n",
                "N", "up: RTP in→WS out", "ingress: WS→queue", "egress: tick→RTP", "down p99~", "down p99≤", "ok", "strict");
        java.util.TreeMap<Integer, Boolean> allOk = new java.util.TreeMap<>(), allStrict = new java.util.TreeMap<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            JsonObject r = new JsonObject(line);
            JsonObject in = r.getJsonObject("ingress"), eg = r.getJsonObject("egress");
            double estimate = val(in, "p99") + val(eg, "p99");
            double bound = val(in, "p995") + val(eg, "p995");
            boolean ok = ok(r, estimate), strict = ok(r, bound);
            int n = r.getInteger("streams");
            allOk.merge(n, ok, Boolean::logicalAnd); // with repeated runs of one N, every run must pass
            allStrict.merge(n, strict, Boolean::logicalAnd);
            // A frame's tick is taken to be the latest deadline before it arrived, which is wrong for a tick
            // that finished over 20 ms late: void once more than 0.5 % of ticks may have.
            boolean behind = clockBehind(r);
            System.out.printf(Locale.ROOT, "%6d | %-22s | %-22s | %-22s | %9s | %9s | %-3s | %-6s%n", n,
                    three(r.getJsonObject("uplink")), three(in), behind ? "n/a: clock >20 ms late" : three(eg),
                    behind ? "n/a" : String.format(Locale.ROOT, "%.3f", estimate),
                    behind ? "n/a" : String.format(Locale.ROOT, "%.3f", bound), ok ? "yes" : "NO", strict ? "yes" : "NO");
        }
        System.out.println();
        System.out.println("Largest N whose every run had p99 < " + LIMIT_MS + " ms both ways and lost nothing: "
                + largest(allOk) + " (estimate), " + largest(allStrict) + " (strict bound)");
        System.out.println();
        System.out.println("Cost and losses. CPU in % of one core over the measured window; by thread for the app.");
        System.out.println("up/dn lost: frames sent in the window that never arrived; undrn: silence frames the app played.");
        System.out.printf(Locale.ROOT, "%6s | %6s | %7s | %6s | %6s | %6s | %5s | %5s | %-16s | %-16s | %5s | %5s | %9s | %7s | %7s | %6s | %11s | %7s%n",
                "N", "app %", "µs/st·s", "rtp-in", "clock", "loops", "GC", "JIT", "clk late p99/max",
                "clk work p50/p99", "gen %", "other", "gen lag99", "up lost", "dn lost", "undrn", "app GC n/ms", "gen GCs");
        for (String line : lines) {
            if (line.isBlank()) continue;
            JsonObject r = new JsonObject(line);
            JsonObject t = r.getJsonObject("appThreadsPct");
            JsonObject app = r.getJsonObject("app");
            int n = r.getInteger("streams");
            double cpu = r.getDouble("appCpuPct");
            System.out.printf(Locale.ROOT,
                    "%6d | %6.1f | %7.0f | %6.1f | %6.1f | %6.1f | %5.1f | %5.1f | %-16s | %-16s | %5.1f | %5.1f | %9.1f | %7d | %7d | %6d | %4d/%5dms | %7d%n",
                    n, cpu, cpu * 10_000 / n, // % of a core → µs of CPU per stream-second
                    t.getDouble("rtp-in", 0.0), t.getDouble("playout-clock", 0.0), t.getDouble("vert.x-eventloop", 0.0),
                    t.getDouble("GC", 0.0), t.getDouble("JIT", 0.0),
                    String.format(Locale.ROOT, "%.2f/%.2f", val(app.getJsonObject("lateness"), "p99"), val(app.getJsonObject("lateness"), "max")),
                    String.format(Locale.ROOT, "%.2f/%.2f", val(app.getJsonObject("work"), "p50"), val(app.getJsonObject("work"), "p99")),
                    r.getDouble("genCpuPct"), r.getDouble("otherCpuPct", Double.NaN), val(r.getJsonObject("genSendLag"), "p99"),
                    r.getLong("upLost"), r.getLong("downLost"), r.getLong("downUnderrunFrames"),
                    app.getLong("gcCount"), app.getLong("gcMs"), r.getLong("genGcCount", -1L));
        }
    }

    private static String largest(java.util.TreeMap<Integer, Boolean> passed) {
        return passed.entrySet().stream().filter(java.util.Map.Entry::getValue).map(e -> String.valueOf(e.getKey()))
                .reduce((a, b) -> b).orElse("none");
    }

    static boolean clockBehind(JsonObject r) {
        JsonObject app = r.getJsonObject("app");
        return val(app.getJsonObject("lateness"), "p995") + val(app.getJsonObject("work"), "p995") >= 20.0;
    }

    static boolean ok(JsonObject r, double downBound) {
        JsonObject app = r.getJsonObject("app");
        return !clockBehind(r) && val(r.getJsonObject("uplink"), "p99") < LIMIT_MS && downBound < LIMIT_MS
                && r.getLong("upLost") == 0 && r.getLong("downLost") == 0 && app.getLong("slipsTotal") == 0;
    }

    private static String three(JsonObject h) {
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", val(h, "p50"), val(h, "p99"), val(h, "max"));
    }

    private static double val(JsonObject h, String key) {
        if (h == null) return Double.NaN;
        Double v = h.getDouble(key);
        return v == null ? Double.NaN : v;
    }
}
