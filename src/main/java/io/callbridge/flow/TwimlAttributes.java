package io.callbridge.flow;

import java.util.Locale;

/**
 * Reads a verb's attributes as TwiML defines them, each error a {@link TwimlException} that names the element and
 * the attribute ({@code <Gather numDigits="x">: numDigits must be a whole number from 1 to 100}).
 */
public final class TwimlAttributes {

    private TwimlAttributes() {
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when the attribute is absent. */
    public static int integer(TwimlNode verb, String attribute, int fallback, int min, int max) {
        String value = verb.attributes().get(attribute);
        if (value == null) return fallback;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(verb, attribute, "must be a whole number from " + min + " to " + max);
    }

    /** {@code GET} or {@code POST} (either case), or {@code fallback} when absent. */
    public static String method(TwimlNode verb, String attribute, String fallback) {
        String value = verb.attributes().get(attribute);
        if (value == null) return fallback;
        String upper = value.strip().toUpperCase(Locale.ROOT);
        if (upper.equals("GET") || upper.equals("POST")) return upper;
        throw invalid(verb, attribute, "must be GET or POST");
    }

    /** {@code true} or {@code false} (either case), or {@code fallback} when absent. */
    public static boolean bool(TwimlNode verb, String attribute, boolean fallback) {
        String value = verb.attributes().get(attribute);
        if (value == null) return fallback;
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(verb, attribute, "must be true or false");
        };
    }

    /** One of {@code allowed} (compared without case), or {@code fallback} when absent; returned in lower case. */
    public static String oneOf(TwimlNode verb, String attribute, String fallback, String... allowed) {
        String value = verb.attributes().get(attribute);
        if (value == null) return fallback;
        String lower = value.strip().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) return lower;
        }
        throw invalid(verb, attribute, "must be one of " + String.join(", ", allowed));
    }

    /** The error for {@code attribute} of {@code verb}: {@code <Verb attribute="value">: attribute why}. */
    public static TwimlException invalid(TwimlNode verb, String attribute, String why) {
        String value = verb.attributes().get(attribute);
        return new TwimlException("<" + verb.name() + " " + attribute + "=\"" + (value == null ? "" : value) + "\">: "
                + attribute + " " + why);
    }
}
