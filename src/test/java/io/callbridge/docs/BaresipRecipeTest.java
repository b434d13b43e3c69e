package io.callbridge.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.Audio;
import io.callbridge.testing.TestAgent;
import io.callbridge.testing.TestAgent.Session;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/local-stack.md's baresip recipe works as written: its config and account, taken from the page, place
 * a call through Kamailio; RTP uses the port range the config sets; and the page's {@code dtmf} shell
 * function, run as it stands, sends digits the agent receives. Only the folder and the number dialed change.
 */
@QuarkusTest
class BaresipRecipeTest {

    static final String NUMBER = "7331";
    static final String RECIPE_DIR = "/tmp/bs";

    @Inject
    TestAgent agent;

    @Inject
    TestData data;

    @Test
    void theRecipeCallsAndSendsDtmfFromTheShell() throws Exception {
        String page = Files.readString(Path.of("docs/local-stack.md"));
        Path dir = Files.createTempDirectory("recipe");
        Files.createDirectories(dir.resolve("rec"));
        Files.writeString(dir.resolve("config"), between(page, "cat > config <<'CFG'\n", "\nCFG\n").replace(RECIPE_DIR, dir.toString()));
        Files.writeString(dir.resolve("accounts"), group(page, "echo '([^']+)' > accounts") + "\n");
        String dtmf = group(page, "(?s)(dtmf\\(\\) \\{.*?\\n})");
        Audio.writeWav(dir.resolve("in.wav").toFile(), Audio.tone(440, 8000, 8000, 3000), 8000);

        agent.reset();
        data.route(NUMBER, agent.url("/recipe"), "twilio", 8000, Map.of(), null);
        Process baresip = new ProcessBuilder("baresip", "-f", dir.toString(), "-e", "/dial sip:" + io.callbridge.testing.Sipp.TEST_PREFIX + NUMBER + "@127.0.0.1:5060",
                "-t", "15").redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            Session bot = agent.awaitSession(Duration.ofSeconds(10));
            bot.nextEvent("media", Duration.ofSeconds(10)); // answered, and audio flows
            List<Integer> rtp = udpPorts(baresip.pid());
            assertTrue(rtp.stream().anyMatch(p -> p >= 30000 && p <= 30099), "baresip's RTP in rtp_ports: " + rtp);

            Process shell = new ProcessBuilder("bash", "-c", dtmf + "\ndtmf 15#").redirectErrorStream(true).start();
            String answer = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(shell.waitFor(5, TimeUnit.SECONDS));
            assertTrue(answer.contains("\"ok\":true"), "ctrl_tcp accepted sndcode: " + answer);

            bot.nextEvent("stop", Duration.ofSeconds(20));
            List<String> digits = bot.events("dtmf").stream().map(d -> d.getJsonObject("dtmf").getString("digit")).toList();
            assertEquals(List.of("1", "5", "#"), digits, Files.readString(dir.resolve("out.txt")));
        } finally {
            if (!baresip.waitFor(20, TimeUnit.SECONDS)) baresip.destroyForcibly();
        }
    }

    /** UDP ports process {@code pid} has open (ss). */
    private static List<Integer> udpPorts(long pid) throws Exception {
        Process ss = new ProcessBuilder("ss", "-lnupH").redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor(5, TimeUnit.SECONDS);
        Matcher m = Pattern.compile(":(\\d+)\\s+\\S+\\s+users:\\(\\(\"baresip\",pid=" + pid + ",").matcher(out);
        List<Integer> ports = new java.util.ArrayList<>();
        while (m.find()) ports.add(Integer.valueOf(m.group(1)));
        return ports;
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertTrue(start >= 0, "the page has " + from.strip());
        start += from.length();
        return text.substring(start, text.indexOf(to, start)) + "\n";
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "the page matches " + regex);
        return m.group(1);
    }
}
