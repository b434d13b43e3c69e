package io.callbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteMatcherTest {

    /** Route patterns (space-separated), the dialed number, and the pattern that must win ({@code -} for none). */
    @ParameterizedTest(name = "[{0}] dialed {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            +4930123                     | +4930123  | +4930123
            +4930123                     | +4930124  | -
            +4930*                       | +4930123  | +4930*
            +4930*                       | +4930     | +4930*
            +4930*                       | +4940123  | -
            +4930* +4930123              | +4930123  | +4930123
            +4930123 +4930*              | +4930123  | +4930123
            +49* +4930*                  | +4930123  | +4930*
            +4930* +49*                  | +4930123  | +4930*
            +49* +4930*                  | +4940123  | +49*
            * +49* +4930* +4930123       | +4930123  | +4930123
            * +49* +4930* +4930123       | +4930999  | +4930*
            * +49* +4930*                | +4412345  | *
            * 1000                       | 1000      | 1000
            * 1000                       | 1001      | *
            *                            | 1000      | *
            1000                         | 10000     | -
            1*                           | 10000     | 1*
            10* 1*                       | 1000      | 10*
            +4930*                       | 004930123 | -
            ab                           | AB        | -
            **                           | *98       | **
            ** *                         | 1000      | *
            *98                          | *98       | *98
            """)
    void mostSpecificPatternWins(String patterns, String dialed, String expected) {
        List<String> routes = Arrays.asList(patterns.trim().split("\\s+"));
        String winner = RouteMatcher.best(dialed, routes, p -> p).orElse("-");
        assertEquals(expected, winner);
        // the call path's lookup, over the in-memory table keyed by pattern, agrees
        Map<String, String> byPattern = routes.stream().collect(Collectors.toMap(p -> p, p -> p));
        assertEquals(expected, RouteMatcher.best(dialed, byPattern).orElse("-"));
    }

    @ParameterizedTest(name = "{0} valid={1}")
    @CsvSource({
            "+4930123, true", "1000, true", "+4930*, true", "*, true", "*98, true", "#31#, true", "alice, true",
            "+, false", "'', false", "+49 30, false", "+49-30, false", "+4930**, true", "1*2, true",
            "123456789012345678901234567890123, false", "12345678901234567890123456789012*, true",
            "sip:alice, false", "*+49, false",
    })
    void patternSyntax(String pattern, boolean valid) {
        assertEquals(valid, RouteMatcher.isValidPattern(pattern));
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "NULL"}, nullValues = "NULL")
    void emptyDialedNumberMatchesNothing(String dialed) {
        assertEquals(Optional.empty(), RouteMatcher.best(dialed, List.of("*"), p -> p));
    }
}
