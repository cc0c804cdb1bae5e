package dev.mamori.server.api;

import dev.mamori.server.audit.RequestAudit;
import java.util.List;

/** Thrown by endpoints and services to answer with a problem+json response. */
public class ApiProblem extends RuntimeException {
    private final ProblemType type;
    private final List<FieldViolation> violations;

    public ApiProblem(ProblemType type, String detail, List<FieldViolation> violations) {
        super(detail);
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public ApiProblem(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(ProblemType.NOT_FOUND, what + " not found");
    }

    /**
     * Records the refused change in the audit trail and returns the 404 to throw: a change aimed at
     * something the tenant does not have is itself worth a record. Throw it from a method that is
     * {@code @Transactional(noRollbackFor = ApiProblem.class)}, so the record commits.
     */
    public static ApiProblem notFoundRecorded(RequestAudit audit, String eventType, String resource, String reason, String what) {
        audit.failure(eventType, resource, reason);
        return notFound(what);
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
