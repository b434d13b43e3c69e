package io.callbridge.call;

/** Another route already has this number (route numbers are unique, {@code routes_number_key}). */
public class DuplicateRouteException extends RuntimeException {

    private final String number;

    public DuplicateRouteException(String number) {
        super("a route for " + number + " already exists");
        this.number = number;
    }

    public String number() {
        return number;
    }
}
