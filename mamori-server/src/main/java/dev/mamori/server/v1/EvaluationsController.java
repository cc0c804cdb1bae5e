package dev.mamori.server.v1;

import dev.mamori.lab.eval.EvaluationExport;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.server.risk.evaluation.Evaluations;
import dev.mamori.server.risk.evaluation.InvalidEvaluationRequest;
import dev.mamori.server.principal.CurrentPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Evaluations of the live rules or the live model over a period of the tenant's logged decisions
 * (reversal messages left out) against the fraud labels known now: PR and ROC curves, average
 * precision, ROC AUC, recall at 0.1 % and 1 % false positives, card precision@k per day (Asia/Tokyo
 * days), the money view at an operating point, by channel and MCC. JSON by default; CSV with
 * {@code Accept: text/csv} or {@code ?format=csv} ({@code table=segments|curves|days}). Reads only.
 */
@RestController
@RequestMapping("/v1/risk/evaluations")
@Tag(name = "Model lab: evaluations")
class EvaluationsController {
    static final MediaType CSV = new MediaType("text", "csv");

    private final Evaluations evaluations;

    EvaluationsController(Evaluations evaluations) {
        this.evaluations = evaluations;
    }

    /**
     * @param subject {@code live-rules} or {@code live-model} (or another registered subject)
     * @param k cards an investigator checks per day (default 100)
     * @param threshold for the money view: a score at or above it counts as declined (default: the
     *     enforced actions for rules, 1 % false positives for a model)
     */
    record EvaluationRequest(String subject, Instant from, Instant to, Integer k, Double threshold, String model) {
    }

    @PostMapping(produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    @Operation(summary = "Evaluate the live rules or the live model over a period of logged decisions")
    ResponseEntity<?> evaluate(@RequestBody(required = false) EvaluationRequest body,
                               @Parameter(description = "csv for CSV (or send Accept: text/csv)") @RequestParam(required = false) String format,
                               @Parameter(description = "with CSV: segments (default), curves or days") @RequestParam(required = false)
                               String table, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (body == null) {
            throw AuthorizationRequests.invalid("body", "required", "the request body is a JSON object with subject, from and to");
        }
        boolean csv = format != null ? csvFormat(format) : accept != null && MediaType.parseMediaTypes(accept).stream()
                .anyMatch(t -> t.isCompatibleWith(CSV) && !t.isWildcardType()) && !accept.contains(MediaType.APPLICATION_JSON_VALUE);
        String chosenTable = table == null ? "segments" : table;
        if (!List.of("segments", "curves", "days").contains(chosenTable)) {
            throw AuthorizationRequests.invalid("table", "one-of", "table is segments, curves or days");
        }
        Evaluations.Result result;
        try {
            result = evaluations.evaluate(CurrentPrincipal.require().tenant(),
                    new Evaluations.Request(body.subject(), body.from(), body.to(), body.k(), body.threshold(), body.model()));
        } catch (InvalidEvaluationRequest e) {
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        }
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result);
        }
        String text = switch (chosenTable) {
            case "curves" -> EvaluationExport.curvesCsv(result.evaluation());
            case "days" -> EvaluationExport.daysCsv(result.evaluation());
            default -> EvaluationExport.segmentsCsv(result.evaluation());
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evaluation-" + result.subject() + "-" + chosenTable + ".csv\"")
                .body(text);
    }

    private static boolean csvFormat(String format) {
        return switch (format) {
            case "csv" -> true;
            case "json" -> false;
            default -> throw AuthorizationRequests.invalid("format", "one-of", "format is json or csv");
        };
    }
}
