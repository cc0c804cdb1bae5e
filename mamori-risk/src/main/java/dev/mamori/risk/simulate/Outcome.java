package dev.mamori.risk.simulate;

/**
 * What the server answered to one simulated authorization.
 *
 * @param responseCode field 39 / {@code responseCode}, or null when no decision came back
 * @param reasons the decision's reasons (JSON interface, issuer's own view), or null
 * @param error why there is no decision (HTTP status, I/O error), or null
 * @param latencyNanos request to answer, as the client saw it
 */
record Outcome(String responseCode, String reasons, String error, long latencyNanos) {
    static final String CHALLENGE = "1A";

    static Outcome failed(String error, long latencyNanos) {
        return new Outcome(null, null, error, latencyNanos);
    }

    boolean decided() {
        return responseCode != null;
    }

    boolean approved() {
        return "00".equals(responseCode);
    }

    boolean challenged() {
        return CHALLENGE.equals(responseCode);
    }

    boolean declined() {
        return decided() && !approved() && !challenged();
    }
}
