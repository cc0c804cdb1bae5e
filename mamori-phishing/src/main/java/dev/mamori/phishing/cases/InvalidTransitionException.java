package dev.mamori.phishing.cases;

/** A status change the workflow does not allow (HTTP 409): names the current and the requested state. */
public final class InvalidTransitionException extends RuntimeException {
    private final CaseStatus current;
    private final CaseStatus requested;

    public InvalidTransitionException(CaseStatus current, CaseStatus requested) {
        super("a case in state " + current.id() + " cannot move to " + requested.id()
                + (current.next().isEmpty() ? " (" + current.id() + " is final)"
                : "; allowed: " + String.join(", ", current.next().stream().map(CaseStatus::id).toList())));
        this.current = current;
        this.requested = requested;
    }

    public CaseStatus current() {
        return current;
    }

    public CaseStatus requested() {
        return requested;
    }
}
