package dev.mamori.server.api;

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

    public ProblemType type() {
        return type;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
