package io.callbridge.call;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which route pattern a dialed number falls under. A pattern is an exact number or extension
 * ({@code +4930123}, {@code 1000}), a prefix ending in {@code *} ({@code +4930*}, which also matches
 * {@code +4930} itself), or {@code *} alone, the default. The most specific match wins: an exact number
 * beats every prefix, a longer prefix beats a shorter one, and {@code *} (an empty prefix) comes last.
 * No normalisation: {@code 004930…} does not match {@code +4930*}, and letters are case-sensitive,
 * as they are in an Asterisk extension.
 */
public final class RouteMatcher {

    public static final String DEFAULT = "*";

    private static final Pattern SYNTAX = Pattern.compile("\\+?[0-9A-Za-z*#]{1,32}\\*?|\\*");
    private static final int EXACT = Integer.MAX_VALUE;
    private static final int NO_MATCH = -1;

    private RouteMatcher() {
    }

    /** Whether {@code pattern} is a route number the matcher understands. */
    public static boolean isValidPattern(String pattern) {
        return pattern != null && SYNTAX.matcher(pattern).matches();
    }

    /** The candidate whose pattern matches {@code dialed} most specifically; ties cannot occur (numbers are unique). */
    public static <T> Optional<T> best(String dialed, Collection<T> candidates, Function<T, String> patternOf) {
        if (dialed == null || dialed.isEmpty()) return Optional.empty();
        T best = null;
        int bestScore = NO_MATCH;
        for (T candidate : candidates) {
            int score = specificity(patternOf.apply(candidate), dialed);
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * As {@link #best(String, Collection, Function)}, over routes keyed by their pattern: the exact number,
     * then each prefix of {@code dialed} from the longest, then {@code *}; at most one map lookup per digit.
     */
    public static <T> Optional<T> best(String dialed, Map<String, T> byPattern) {
        if (dialed == null || dialed.isEmpty()) return Optional.empty();
        T exact = byPattern.get(dialed);
        if (exact != null) return Optional.of(exact);
        for (int length = dialed.length(); length >= 0; length--) {
            T prefix = byPattern.get(dialed.substring(0, length) + "*");
            if (prefix != null) return Optional.of(prefix);
        }
        return Optional.empty();
    }

    /** {@link #EXACT} for an exact match, the prefix length for a prefix match, {@link #NO_MATCH} otherwise. */
    static int specificity(String pattern, String dialed) {
        if (pattern == null) return NO_MATCH;
        if (pattern.equals(dialed)) return EXACT;
        if (!pattern.endsWith("*")) return NO_MATCH;
        String prefix = pattern.substring(0, pattern.length() - 1);
        return dialed.startsWith(prefix) ? prefix.length() : NO_MATCH;
    }
}
