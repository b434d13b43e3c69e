package io.callbridge.fork;

/** A fork that cannot be started or stopped: {@link #status} is the HTTP status the REST API answers with. */
public final class ForkRefusedException extends Exception {

    /** 404 for an unknown call or fork, 409 for a call or fork in a state that refuses the request. */
    public final int status;

    ForkRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }
}
