package io.callbridge.api.problem;

/**
 * A plain HTTP error ({@code about:blank}) whose detail says what went wrong, e.g. 404 "no call CA…" or
 * 409 "call CA… is not in progress". Answered as a problem by {@link ProblemExceptionMapper}.
 */
public class ProblemException extends RuntimeException {

    private final int status;

    public ProblemException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
