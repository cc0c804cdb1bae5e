package dev.mamori.server.api;

import dev.mamori.common.CardNumberDetector;
import java.util.List;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 body every error of the API uses. */
public final class Problems {
    private Problems() {}

    public static ProblemDetail of(ProblemType type, String detail, List<FieldViolation> violations) {
        ProblemDetail problem = ProblemDetail.forStatus(type.status());
        problem.setType(type.uri());
        problem.setTitle(type.title());
        // Details are written by us, never copied from input; masking is the last line of defence.
        problem.setDetail(detail == null ? type.title() : CardNumberDetector.mask(detail));
        problem.setProperty("code", type.slug());
        if (!violations.isEmpty()) {
            // A field name can be input too (an unknown JSON property), so it is masked as well.
            problem.setProperty("errors", violations.stream().map(v -> new FieldViolation(
                    CardNumberDetector.mask(v.field()), v.rule(), CardNumberDetector.mask(v.message()))).toList());
        }
        return problem;
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        return of(type, detail, List.of());
    }
}
