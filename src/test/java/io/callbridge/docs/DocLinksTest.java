package io.callbridge.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation's links stay inside the repository and lead somewhere: every link in README.md and
 * docs/*.md is relative, names a file or folder that exists, and, with a {@code #fragment}, a heading of
 * that file (anchors as GitHub makes them). Code blocks and code spans are not links.
 */
class DocLinksTest {

    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at a space (a title may follow) or ')'. */
    private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target}, a reference definition. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    /** {@code <https://…>}, an autolink. */
    private static final Pattern AUTOLINK = Pattern.compile("<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\\s]+)>");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyLinkInTheDocsResolvesInsideTheRepository() throws IOException {
        List<Path> pages = pages();
        assertTrue(pages.size() >= 8, "README.md and docs/*.md were found: " + pages);
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int links = 0;
        for (Path page : pages) {
            for (Link link : links(page)) {
                links++;
                String problem = check(page, link.target(), anchors);
                if (problem != null) broken.add(ROOT.relativize(page) + ":" + link.line() + ": " + link.target() + ": " + problem);
            }
        }
        assertTrue(links > 30, "links were read: " + links);
        assertEquals(List.of(), broken, "broken or external links");
    }

    /** Headings become anchors as GitHub makes them: the checker must agree with what readers click. */
    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("transfer-post-apicallscallsidtransfer", slug("Transfer: `POST /api/calls/{callSid}/transfer`"));
        assertEquals("gateway--agent", slug("Gateway → agent"));
        assertEquals("the-twilio-protocol", slug("The `twilio` protocol"));
        assertEquals("metrics-qmetrics", slug("Metrics (`/q/metrics`)"));
        assertEquals("status-callbacks-for-code-written-against-twilio",
                slug("Status callbacks (for code written against Twilio)"));
        assertEquals("snake_case-stays", slug("snake_case stays"));
    }

    record Link(int line, String target) {
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The links of a page, outside fenced code blocks and code spans. */
    static List<Link> links(Path page) throws IOException {
        List<Link> links = new ArrayList<>();
        int n = 0;
        for (String line : prose(page)) {
            n++;
            if (line == null) continue;
            String text = line.replaceAll("`[^`]*`", "``");
            for (Pattern p : List.of(INLINE, REFERENCE, AUTOLINK)) {
                Matcher m = p.matcher(text);
                while (m.find()) links.add(new Link(n, m.group(1)));
            }
        }
        return links;
    }

    /** The page's lines, with those inside fenced code blocks as null (line numbers kept). */
    private static List<String> prose(Path page) throws IOException {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : Files.readAllLines(page)) {
            String stripped = line.stripLeading();
            if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                fence = stripped.substring(0, 3);
                lines.add(null);
            } else if (fence != null) {
                if (stripped.startsWith(fence)) fence = null;
                lines.add(null);
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String check(Path page, String target, Map<Path, Set<String>> anchors) throws IOException {
        if (SCHEME.matcher(target).find()) return "leaves the repository (write it down as a page in docs/)";
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) return "points outside the repository";
        if (!Files.exists(file)) return "no such file";
        if (fragment == null) return null;
        if (!file.toString().endsWith(".md")) return "an anchor into a file that is not Markdown";
        Set<String> known = anchors.computeIfAbsent(file, DocLinksTest::anchorsOf);
        return known.contains(fragment) ? null : "no heading with anchor #" + fragment + " in " + ROOT.relativize(file);
    }

    /** Every heading's anchor; a repeated one gets -1, -2 … as on GitHub. */
    static Set<String> anchorsOf(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        try {
            for (String line : prose(page)) {
                if (line == null) continue;
                Matcher m = HEADING.matcher(line);
                if (!m.matches()) continue;
                String slug = slug(m.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: lower case; letters, digits, '_', '-' and spaces kept, every other character
     * dropped; each space becomes '-'. Markdown around the text (code spans, emphasis, links) goes first.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }
}
