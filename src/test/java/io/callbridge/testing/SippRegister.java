package io.callbridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A phone registering with Kamailio (127.0.0.1:5060): the real sipp with scenario register-auth.xml (challenge,
 * then digest credentials with sipp's {@code [authentication]}) or register-refused.xml; or calling with proxy
 * digest (invite-challenged.xml). Each phone has its own
 * local SIP port; the messages sipp saw are kept ({@code -trace_msg}) for checks on the challenge.
 */
public final class SippRegister {

    /**
     * What a run gave.
     *
     * @param exitCode 0 only when every message followed the scenario
     * @param output   sipp's own output
     * @param messages every SIP message sent and received, as sipp traced them
     */
    public record Result(int exitCode, String output, String messages) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private SippRegister() {
    }

    /** Registers {@code user@domain} from local port {@code port}, expecting {@code finalCode} after the credentials. */
    public static Result register(String user, String domain, String password, int port, int finalCode) {
        return registerAs(user, user, domain, password, port, finalCode);
    }

    /** Registers the address of {@code aor} with {@code user}'s credentials, expecting {@code finalCode}. */
    public static Result registerAs(String user, String aor, String domain, String password, int port, int finalCode) {
        return run("register-auth.xml", port, Map.of("USER", aor, "AUTH_USER", user, "DOMAIN", domain, "PASSWORD", password,
                "FINAL", String.valueOf(finalCode), "EXPIRES", "300"));
    }

    /** A REGISTER for {@code user@domain} that must be refused with {@code code} before any challenge. */
    public static Result refused(String user, String domain, int port, int code) {
        return run("register-refused.xml", port, Map.of("USER", user, "DOMAIN", domain, "CODE", String.valueOf(code)));
    }

    /**
     * An INVITE to {@code number} claiming {@code user@domain} in From, challenged (407) and sent again with
     * the credentials, expecting {@code finalCode} (a refusal: the scenario sends no media).
     */
    public static Result challengedInvite(String user, String domain, String password, String number, int port, int finalCode) {
        return run("invite-challenged.xml", port, Map.of("USER", user, "DOMAIN", domain, "PASSWORD", password,
                "FINAL", String.valueOf(finalCode)), "-s", number);
    }

    private static Result run(String scenario, int port, Map<String, String> params, String... extra) {
        try {
            Path dir = Files.createTempDirectory("sipp-register");
            String xml;
            try (InputStream in = SippRegister.class.getResourceAsStream("/sipp/" + scenario)) {
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (var p : params.entrySet()) xml = xml.replace("@" + p.getKey() + "@", p.getValue());
            Path file = dir.resolve(scenario);
            Files.writeString(file, xml);
            List<String> cmd = new java.util.ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1",
                    "-p", String.valueOf(port), "-m", "1", "-nostdin", "-trace_msg", "-timeout", "10s", "-timeout_error"));
            cmd.addAll(List.of(extra));
            cmd.add(Sipp.EDGE);
            Child.Exit exit = Child.run(new ProcessBuilder(cmd).directory(dir.toFile()), dir.resolve("sipp.out"),
                    Duration.ofSeconds(20));
            StringBuilder messages = new StringBuilder();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).toList()) {
                    messages.append(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
            return new Result(exit.exitCode(), exit.output(), messages.toString());
        } catch (IOException e) {
            throw new IllegalStateException("could not run sipp", e);
        }
    }
}
