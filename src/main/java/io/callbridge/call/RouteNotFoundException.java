package io.callbridge.call;

/** No route has this id. */
public class RouteNotFoundException extends RuntimeException {

    private final long id;

    public RouteNotFoundException(long id) {
        super("no route with id " + id);
        this.id = id;
    }

    public long id() {
        return id;
    }
}
