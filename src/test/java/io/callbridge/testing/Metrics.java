package io.callbridge.testing;

import static io.restassured.RestAssured.given;

/** Reads one sample from the app's Prometheus endpoint. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the first {@code name} sample whose labels contain {@code labels} (e.g. {@code termination="no_route"}); 0 if none. */
    public static double value(String name, String labels) {
        return value(given(), name, labels);
    }

    /** As {@link #value(String, String)}, of the app at {@code app} (a packaged app the test started). */
    public static double value(java.net.URI app, String name, String labels) {
        return value(given().baseUri(app.toString()), name, labels);
    }

    /** The sum of every {@code name} sample whose labels contain {@code labels} (null: all of them). */
    public static double sum(String name, String labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            String series = line.substring(0, line.lastIndexOf(' '));
            if (labels != null && !series.contains(labels)) continue;
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    private static double value(io.restassured.specification.RequestSpecification request, String name, String labels) {
        String body = request.get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            String series = line.substring(0, line.lastIndexOf(' '));
            if (labels != null && !series.contains(labels)) continue;
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }
}
