package io.callbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the real sipp against Kamailio at 127.0.0.1:5060 with a scenario from src/test/resources/sipp,
 * whose {@code @NAME@} placeholders are filled in. sipp exits 0 only when every call followed the scenario.
 */
public final class Sipp {

    public static final String EDGE = "127.0.0.1:5060";
    /**
     * Dialed before every number: the local stack's dialplan hands such calls to the Stasis application of the
     * tests' app ({@code callbridge-test}) with the prefix removed, so the suite runs beside a running stack
     * app without taking its calls (deploy/local/stack, docs/local-stack.md).
     */
    public static final String TEST_PREFIX = "99";
    /** Where Asterisk's {@code outbound} endpoint sends calls in the local stack (asterisk/pjsip.conf). */
    public static final int FAR_END_PORT = 5070;
    /** Each run gets its own SIP port and a block of 10 media ports (audio and video, RTP and RTCP). */
    private static final AtomicInteger RUNS = new AtomicInteger();

    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private Sipp() {
    }

    /** Places one call to {@code number} with {@code scenario}, waiting at most {@code timeoutSeconds}. */
    /**
     * Runs {@code sipp} (a caller or far end that blocks until its scenario ends) on a thread of its own. Not the
     * common pool: on a 2-core machine it has one worker, so two callers started with it would run one after the
     * other, and a caller would hold anything else in the JVM that uses that pool.
     */
    public static CompletableFuture<Result> async(Supplier<Result> sipp) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("sipp").start(() -> {
            try {
                result.complete(sipp.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    public static Result call(String scenario, String number, Map<String, String> params, int timeoutSeconds) {
        return run(scenario, number, params, List.of("-m", "1"), timeoutSeconds);
    }

    /** {@code calls} talking calls of {@code holdMillis}, at most {@code concurrent} at once, {@code rate} new per second. */
    public static Result load(String number, int calls, int concurrent, int rate, int holdMillis, int timeoutSeconds) {
        return run("uac-hangup.xml", number, Map.of("HOLD_MS", String.valueOf(holdMillis), "PCAP", "pcap/g711a.pcap"),
                List.of("-m", String.valueOf(calls), "-l", String.valueOf(concurrent), "-r", String.valueOf(rate)),
                timeoutSeconds);
    }

    private static Result run(String scenario, String number, Map<String, String> params, List<String> extra,
                              int timeoutSeconds) {
        return run("127.0.0.1", 0, scenario, number, params, extra, timeoutSeconds);
    }

    /**
     * Runs {@code scenario} from {@code source} (another loopback address, e.g. an attacker's) and SIP port
     * {@code port}, with sipp's {@code extra} arguments ({@code -m}, {@code -r} …); its output ends with sipp's
     * statistics screen ({@link #count}, {@link #responseTimeMillis}).
     */
    public static Result from(String source, int port, String scenario, String number, Map<String, String> params,
                              List<String> extra, int timeoutSeconds) {
        return run(source, port, scenario, number, params, extra, timeoutSeconds);
    }

    /** A counter of sipp's final statistics screen, e.g. "Successful call" or "Failed call" (cumulative). */
    public static long count(Result result, String counter) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(counter)
                + "\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)").matcher(result.output());
        long last = -1;
        while (m.find()) last = Long.parseLong(m.group(1));
        if (last < 0) throw new IllegalStateException("no '" + counter + "' in sipp's output:\n" + result.output());
        return last;
    }

    /** sipp's arguments that record each response time (the scenario's rtd) for {@link #responseTimesMillis}. */
    public static final List<String> RESPONSE_TIMES = List.of("-trace_rtt", "-rtt_freq", "1");

    /**
     * Each response time sipp measured (its rtd 1: by default from the call's first message to the
     * {@code rtd="true"} answer), in milliseconds, for a run with {@link #RESPONSE_TIMES}. sipp's statistics
     * screen rounds them away; its rtt file has them.
     */
    public static List<Long> responseTimesMillis(Result result) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^rtt [\\d.]+;(\\d+);1$").matcher(result.output());
        List<Long> times = new ArrayList<>();
        while (m.find()) times.add(Long.parseLong(m.group(1)));
        return times;
    }

    /** The lines of sipp's rtt file (-trace_rtt), if it wrote one, appended to the output as "rtt …". */
    private static Result withResponseTimes(Result result, Path dir) throws IOException {
        StringBuilder output = new StringBuilder(result.output());
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank() && Character.isDigit(line.charAt(0))) output.append("\nrtt ").append(line);
                }
            }
        }
        return new Result(result.exitCode(), output.toString());
    }

    /** As above, from SIP port {@code sipPort} (0: the run's own). */
    private static Result run(String scenario, String number, Map<String, String> params, List<String> extra,
                              int timeoutSeconds, int sipPort) {
        return run("127.0.0.1", sipPort, scenario, number, params, extra, timeoutSeconds);
    }

    /** {@code port} 0: one of the suite's own (21000 + the run's number). */
    private static Result run(String source, int port, String scenario, String number, Map<String, String> params,
                              List<String> extra, int timeoutSeconds) {
        try {
            Path dir = Files.createTempDirectory("sipp");
            Path file = prepare(dir, scenario, params);
            int run = RUNS.getAndIncrement() % 1000;
            List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-s", TEST_PREFIX + number,
                    "-i", source, "-p", String.valueOf(port == 0 ? 21000 + run : port), "-mp", String.valueOf(22000 + run * 10),
                    "-nostdin",
                    "-timeout", timeoutSeconds + "s", "-timeout_error"));
            cmd.addAll(extra);
            cmd.add(EDGE);
            Result result = finish(Child.run(new ProcessBuilder(cmd).directory(dir.toFile()), dir.resolve("sipp.out"),
                    allowance(timeoutSeconds)));
            return withResponseTimes(result, dir);
        } catch (IOException e) {
            throw new IllegalStateException("could not run sipp", e);
        }
    }

    /** sipp's own {@code -timeout} ends a stuck run; this is the backstop if sipp itself hangs. */
    private static Duration allowance(int timeoutSeconds) {
        return Duration.ofSeconds(timeoutSeconds + 10L);
    }

    private static Result finish(Child.Exit exit) {
        return new Result(exit.exitCode(), exit.output());
    }

    /** Writes {@code scenario} with its placeholders filled into {@code dir}, with the pcaps it plays. */
    private static Path prepare(Path dir, String scenario, Map<String, String> params) throws IOException {
        String xml;
        try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
            if (in == null) throw new IllegalArgumentException("no scenario " + scenario);
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (var p : params.entrySet()) xml = xml.replace("@" + p.getKey() + "@", p.getValue());
        // sipp plays pcaps relative to its working directory: bring the samples the scenario names
        java.util.regex.Matcher pcaps = java.util.regex.Pattern.compile("pcap/([\\w]+\\.pcap)").matcher(xml);
        while (pcaps.find()) {
            Path pcap = dir.resolve(pcaps.group());
            Files.createDirectories(pcap.getParent());
            if (!Files.exists(pcap)) Files.copy(Path.of("/usr/share/sip-tester", pcaps.group(1)), pcap);
        }
        Path file = dir.resolve(scenario);
        Files.writeString(file, xml);
        return file;
    }

    /**
     * The far end of outbound calls: a sipp UAS on {@link #FAR_END_PORT} (where Asterisk's {@code outbound}
     * endpoint points in the local stack) that takes one call with {@code scenario}. Start it before the
     * call is placed; {@link Uas#await} gives its result.
     */
    public static Uas farEnd(String scenario, Map<String, String> params, int timeoutSeconds) {
        return farEndOn(FAR_END_PORT, scenario, params, timeoutSeconds);
    }

    /** As {@link #farEnd}, listening on {@code port}: a registered phone's contact, say. */
    public static Uas farEndOn(int port, String scenario, Map<String, String> params, int timeoutSeconds) {
        try {
            Path dir = Files.createTempDirectory("sipp-uas");
            Path file = prepare(dir, scenario, params);
            int run = RUNS.getAndIncrement() % 1000;
            List<String> cmd = List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port),
                    "-mp", String.valueOf(22000 + run * 10), "-nostdin", "-m", "1",
                    "-timeout", timeoutSeconds + "s", "-timeout_error", "-trace_err", "-error_file", dir.resolve("errors.log").toString());
            return new Uas(Child.start(new ProcessBuilder(cmd).directory(dir.toFile()), dir.resolve("sipp.out")),
                    timeoutSeconds);
        } catch (IOException e) {
            throw new IllegalStateException("could not run sipp", e);
        }
    }

    /**
     * Starts one call with {@code scenario} from SIP port {@code port} to the edge, without waiting for it (a
     * phone's second call while its first goes on, say), with sipp's {@code extra} arguments ({@code -cid_str}
     * for a Call-ID of one's own …); {@link Uas#await} gives its result.
     */
    public static Uas startCall(int port, String scenario, Map<String, String> params, List<String> extra,
                                int timeoutSeconds) {
        try {
            Path dir = Files.createTempDirectory("sipp-uac");
            Path file = prepare(dir, scenario, params);
            int run = RUNS.getAndIncrement() % 1000;
            List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1",
                    "-p", String.valueOf(port), "-mp", String.valueOf(22000 + run * 10), "-nostdin", "-m", "1",
                    "-timeout", timeoutSeconds + "s", "-timeout_error"));
            cmd.addAll(extra);
            cmd.add(EDGE);
            return new Uas(Child.start(new ProcessBuilder(cmd).directory(dir.toFile()), dir.resolve("sipp.out")),
                    timeoutSeconds);
        } catch (IOException e) {
            throw new IllegalStateException("could not run sipp", e);
        }
    }

    /**
     * Registers the contact {@code sip:<user>@127.0.0.1:<port>} for {@code user@domain} with Kamailio, answering
     * its digest challenge with {@code password} (scenario register.xml, sent from {@code port}); waits for
     * the outcome. The contact's phone can then listen on {@code port} ({@link #farEndOn}).
     */
    public static Result register(String user, String domain, String password, int port, int expires) {
        try {
            Path dir = Files.createTempDirectory("sipp-reg");
            Path file = prepare(dir, "register.xml", Map.of("USER", user, "DOMAIN", domain, "PASSWORD", password,
                    "EXPIRES", String.valueOf(expires)));
            List<String> cmd = List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port),
                    "-nostdin", "-m", "1", "-timeout", "10s", "-timeout_error", EDGE);
            return finish(Child.run(new ProcessBuilder(cmd).directory(dir.toFile()), dir.resolve("sipp.out"),
                    allowance(10)));
        } catch (IOException e) {
            throw new IllegalStateException("could not run sipp", e);
        }
    }

    /** A running sipp: a far end, or a call started with {@link #startCall}. */
    public static final class Uas implements AutoCloseable {
        private final Child process;
        private final int timeoutSeconds;

        private Uas(Child process, int timeoutSeconds) {
            this.process = process;
            this.timeoutSeconds = timeoutSeconds;
        }

        /**
         * Waits for the UAS to finish its one call; exit code 0 only if the call followed the scenario. A UAS
         * still running well past its own timeout is killed (exit code -1).
         */
        public Result await() {
            return finish(process.await(allowance(timeoutSeconds)));
        }

        @Override
        public void close() {
            process.stop();
        }
    }

    /**
     * {@code calls} callers at once that talk without a pause for {@code holdMillis} (sipp's G.711 sample
     * repeated by bench/PcapLoop into one long stream) and hang up themselves; waits for them all.
     */
    public static Result longTalkingCalls(String number, int calls, int holdMillis) {
        try {
            Path pcap = Path.of(System.getProperty("java.io.tmpdir"), "callbridge-audio", "caller" + holdMillis + ".pcap");
            if (!Files.exists(pcap)) {
                Files.createDirectories(pcap.getParent());
                io.callbridge.bench.PcapLoop.main(new String[] {"/usr/share/sip-tester/g711a.pcap", pcap.toString(),
                        String.valueOf(holdMillis / 1000 + 2)});
            }
            return run("uac-hangup.xml", number, Map.of("HOLD_MS", String.valueOf(holdMillis), "PCAP", pcap.toString()),
                    List.of("-m", String.valueOf(calls), "-l", String.valueOf(calls), "-r", String.valueOf(calls)),
                    holdMillis / 1000 + 30);
        } catch (IOException e) {
            throw new IllegalStateException("could not make the caller's audio", e);
        }
    }

    /**
     * A caller that talks for {@code holdMillis} (sipp's G.711 sample repeated, as {@link #longTalkingCalls}) and
     * hangs up itself, with every {@code n}th of its RTP packets lost on the way.
     */
    public static Result lossyCall(String number, int holdMillis, int n) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "callbridge-audio");
            Path whole = dir.resolve("caller" + holdMillis + ".pcap");
            Path lossy = dir.resolve("caller" + holdMillis + "-drop" + n + ".pcap");
            if (!Files.exists(lossy)) {
                Files.createDirectories(dir);
                if (!Files.exists(whole)) {
                    io.callbridge.bench.PcapLoop.main(new String[] {"/usr/share/sip-tester/g711a.pcap", whole.toString(),
                            String.valueOf(holdMillis / 1000 + 2)});
                }
                Pcaps.dropEvery(whole, n, lossy);
            }
            return call("uac-hangup.xml", number, Map.of("HOLD_MS", String.valueOf(holdMillis), "PCAP", lossy.toString()),
                    holdMillis / 1000 + 15);
        } catch (IOException e) {
            throw new IllegalStateException("could not make the caller's audio", e);
        }
    }

    /** A call that must be answered and then hung up by Callbridge within {@code holdSeconds}. */
    public static Result answeredCall(String number, int holdSeconds) {
        return call("uac-answered.xml", number, Map.of("HOLD_MS", String.valueOf(holdSeconds * 1000)), holdSeconds + 15);
    }

    /** A caller that talks (sipp's G.711 sample) and hangs up itself after {@code holdMillis}. */
    public static Result talkingCall(String number, int holdMillis) {
        return call("uac-hangup.xml", number, Map.of("HOLD_MS", String.valueOf(holdMillis), "PCAP", "pcap/g711a.pcap"),
                holdMillis / 1000 + 15);
    }

    /** A caller that sends RFC 4733 digits 1, 5 and # (sipp's samples) and hangs up. */
    public static Result dtmfCall(String number) {
        return call("uac-dtmf.xml", number, Map.of(), 20);
    }

    /**
     * A caller whose media is the test's {@code peer} (sipp does the signalling): it offers PCMU, plus
     * telephone-event at {@code eventPayloadType} unless that is null, writes Asterisk's RTP port to
     * {@code portFile} once answered and hangs up after {@code holdMillis}.
     */
    public static Result rtpPeerCall(String number, RtpPeer peer, Integer eventPayloadType, Path portFile, int holdMillis) {
        return call("uac-rtp-peer.xml", number, Map.of(
                "RTP_PORT", String.valueOf(peer.port()),
                "EVENT_FORMATS", eventPayloadType == null ? "" : " " + eventPayloadType,
                // an SDP line may not be empty: without telephone-event the line says what is the default anyway
                "EVENT_RTPMAP", eventPayloadType == null ? "a=sendrecv" : "a=rtpmap:" + eventPayloadType + " telephone-event/8000",
                "PORT_FILE", portFile.toAbsolutePath().toString(),
                "HOLD_MS", String.valueOf(holdMillis)), holdMillis / 1000 + 15);
    }

    /** A caller that sends digits 1, 5, 5 and # as SIP INFO requests (application/dtmf-relay) and hangs up. */
    public static Result dtmfInfoCall(String number) {
        return call("uac-dtmf-info.xml", number, Map.of(), 20);
    }

    /** A caller that talks, sends RFC 4733 digits 1, 5 and # between its audio, talks again and hangs up. */
    public static Result talkingDtmfCall(String number) {
        return call("uac-dtmf-talking.xml", number, Map.of(), 25);
    }

    /**
     * A caller that talks for 8 s, holds the call (re-INVITE, a=sendonly) for {@code holdMillis}, resumes it
     * (a=sendrecv), talks 4 s more with its RTP stream going on where it stopped, and hangs up.
     */
    public static Result holdingCall(String number, int holdMillis) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "callbridge-audio");
            Path whole = dir.resolve("caller-hold-whole.pcap");
            Path resumed = dir.resolve("caller-hold-resumed.pcap");
            if (!Files.exists(resumed)) {
                Files.createDirectories(dir);
                io.callbridge.bench.PcapLoop.main(new String[] {"/usr/share/sip-tester/g711a.pcap", whole.toString(), "15"});
                Pcaps.slice(whole, 236, 134, resumed); // what follows sipp's 236-packet sample: 4 s more
            }
            return call("uac-hold.xml", number, Map.of("HOLD_MS", String.valueOf(holdMillis), "RESUME_PCAP", resumed.toString()),
                    holdMillis / 1000 + 30);
        } catch (IOException e) {
            throw new IllegalStateException("could not make the caller's audio", e);
        }
    }

    /** A call from +15550001111 that must be refused with {@code sipCode}. */
    public static Result rejectedCall(String number, int sipCode) {
        return rejectedCall("+15550001111", number, sipCode);
    }

    /**
     * A call from SIP user {@code from} that also claims {@code assertedId} in a P-Asserted-Identity header, sent
     * from SIP port {@code sipPort} of 127.0.0.1, that must be refused with {@code sipCode}.
     */
    public static Result rejectedCallAsserting(String from, String assertedId, int sipPort, String number, int sipCode) {
        return run("uac-identity-rejected.xml", number, Map.of("CODE", String.valueOf(sipCode), "FROM", from, "PAI", assertedId),
                List.of("-m", "1"), 15, sipPort);
    }

    /** A call from SIP user {@code from} (a number or a name) that must be refused with {@code sipCode}. */
    public static Result rejectedCall(String from, String number, int sipCode) {
        return call("uac-rejected.xml", number, Map.of("CODE", String.valueOf(sipCode), "FROM", from), 15);
    }
}
