package io.callbridge.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CPU time and UDP counters from /proc (Linux; USER_HZ is 100 on every kernel this runs on). */
final class Procs {

    private static final double MS_PER_TICK = 10.0;

    private Procs() {
    }

    /** utime + stime of a whole process (all its threads), in ms; -1 if it is gone. */
    static double cpuMs(long pid) {
        return cpuMs(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    /** CPU ms per thread group of a process: thread names with their numbers stripped ("GC Thread#0" → "GC Thread"). */
    static Map<String, Double> threadCpuMs(long pid) {
        Map<String, Double> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                byName.merge(group(name), cpuMsOf(stat), Double::sum);
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    static String group(String threadName) {
        String g = threadName.replaceAll("[#-]?\\d+$", "").replaceAll("\\d+$", "");
        if (g.startsWith("vert.x-eventloo")) return "vert.x-eventloop";
        if (g.startsWith("C1 CompilerThre") || g.startsWith("C2 CompilerThre")) return "JIT";
        if (g.startsWith("GC ") || g.startsWith("G1 ")) return "GC";
        return g;
    }

    /**
     * CPU ms of every process on the machine (kernel threads included), by pid. Per-process times are exact
     * (the scheduler's runtime); /proc/stat's machine totals are tick samples, which miss short bursts.
     */
    static Map<Long, Double> allCpuMs() {
        Map<Long, Double> out = new java.util.HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                double ms = cpuMs(p.resolve("stat"));
                if (ms >= 0) out.put(Long.parseLong(p.getFileName().toString()), ms);
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** stime of a whole process (all its threads), in ms: the kernel's share of {@link #cpuMs}; -1 if it is gone. */
    static double sysMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) * MS_PER_TICK;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Udp counters of /proc/net/snmp (InDatagrams, RcvbufErrors, …), system wide. */
    static Map<String, Long> udp() {
        Map<String, Long> out = new TreeMap<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    String[] names = lines.get(i).split("\\s+");
                    String[] values = lines.get(i + 1).split("\\s+");
                    for (int k = 1; k < names.length && k < values.length; k++) out.put(names[k], Long.parseLong(values[k]));
                    break;
                }
            }
        } catch (IOException e) {
            // leave empty
        }
        return out;
    }

    private static double cpuMs(Path stat) {
        try {
            return cpuMsOf(Files.readString(stat));
        } catch (IOException e) {
            return -1;
        }
    }

    private static double cpuMsOf(String stat) {
        // Fields after the command name; utime and stime are fields 14 and 15 of the whole line.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MS_PER_TICK;
    }
}
