package io.callbridge.trunk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A number (DID) or a range of numbers a carrier delivers on a trunk, in E.164 with its {@code +}: a single
 * {@code +4930123456} or a range {@code +4930123400-+4930123499} whose ends have the same length (the
 * range holds every number of that length between them). In JSON it is that text. Table {@code trunk_did}.
 *
 * @param first the first number of the range
 * @param last  the last number, equal to {@code first} for a single number
 */
@Schema(type = SchemaType.STRING, example = "+4930123400-+4930123499",
        description = "An E.164 number, or a range of numbers of equal length")
public record TrunkDid(String first, String last) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    /**
     * Parses {@code +E164} or {@code +E164-+E164}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    @JsonCreator
    public static TrunkDid parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("is empty");
        String s = text.strip();
        int dash = s.indexOf('-');
        String first = dash < 0 ? s : s.substring(0, dash).strip();
        String last = dash < 0 ? s : s.substring(dash + 1).strip();
        if (!E164.matcher(first).matches() || !E164.matcher(last).matches()) {
            throw new IllegalArgumentException("is not an E.164 number (+ and 2-15 digits) or a range of them: " + text);
        }
        if (first.length() != last.length()) throw new IllegalArgumentException("has ends of different lengths: " + text);
        if (first.compareTo(last) > 0) throw new IllegalArgumentException("ends before it starts: " + text);
        return new TrunkDid(first, last);
    }

    /** Whether {@code e164} (with its {@code +}) is in this range. */
    public boolean contains(String e164) {
        return e164.length() == first.length() && e164.compareTo(first) >= 0 && e164.compareTo(last) <= 0;
    }

    @JsonValue
    @Override
    public String toString() {
        return first.equals(last) ? first : first + "-" + last;
    }
}
