package io.callbridge.testing;

import static io.restassured.RestAssured.given;

/** Reads one sample from the app's Prometheus endpoint. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the first {@code name} sample whose labels contain {@code labels} (e.g. {@code termination="no_route"}); 0 if none. */
    public static double value(String name, String labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            String series = line.substring(0, line.lastIndexOf(' '));
            if (labels != null && !series.contains(labels)) continue;
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }
}
