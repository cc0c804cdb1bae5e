package dev.mamori.server.v1;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.lab.data.HistorySchema;
import dev.mamori.lab.data.LabelledHistoryCsv;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.api.RequestSizeLimitFilter;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.lab.ImportedHistories;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Labelled transaction histories imported over the API, in the CSV schema of
 * {@code ./mamori model train --from-csv} (docs/model.md): stored whole or not at all, as datasets
 * the lab trains and evaluates on. Card numbers are hashed on reading and never stored.
 */
@RestController
@RequestMapping("/v1/risk/labelled-history")
@Tag(name = "Labelled history")
class LabelledHistoryController {
    /** At most this many broken rows are listed in one answer (the detail says how many there were). */
    static final int MAX_LISTED = 1000;

    private final ImportedHistories histories;
    private final RequestAudit audit;

    LabelledHistoryController(ImportedHistories histories, RequestAudit audit) {
        this.histories = histories;
        this.audit = audit;
    }

    record DatasetView(UUID id, String name, String schema, int rows, int fraudRows, Instant firstAt, Instant lastAt, String labelDelay,
                       List<String> extraColumns, String createdBy, Instant createdAt) {
        static DatasetView of(ImportedHistories.Dataset d) {
            return new DatasetView(d.id(), d.name(), d.schema(), d.rows(), d.fraudRows(), d.firstAt(), d.lastAt(), d.labelDelay().toString(),
                    d.extraColumns(), d.createdBy(), d.createdAt());
        }
    }

    @Transactional
    @PostMapping
    @Operation(summary = "Import a labelled history (text/csv body) as a dataset",
            description = "Columns as ./mamori model train --from-csv reads them (schema mamori or sparkov). All or nothing: a broken "
                    + "row fails the import with one error per row (first 1000) naming line (1 is the header), column and rule. "
                    + "labelDelay (30d, 12h or ISO 8601, default 30d) dates labels that have no label_date. Up to mamori.http.max-upload-size.")
    ResponseEntity<DatasetView> importHistory(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "mamori") String schema,
                                              @RequestParam(defaultValue = "30d") String labelDelay, HttpServletRequest request) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("text/csv") && !contentType.startsWith("text/plain")) {
            String message = "Content-Type must be text/csv";
            throw new ApiProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, message, List.of(new FieldViolation("Content-Type", "media-type", message)));
        }
        String cleanName = name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw AuthorizationRequests.invalid("name", "size", "name must be 1 to 100 characters");
        }
        if (CardNumberDetector.containsCardNumber(cleanName)) {
            throw AuthorizationRequests.invalid("name", "no-card-number", "name must not hold a card number");
        }
        HistorySchema historySchema;
        try {
            historySchema = HistorySchema.named(schema.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("schema", "one-of", "schema must be mamori or sparkov");
        }
        Duration delay = delay(labelDelay);
        LabelledHistoryCsv.Result read;
        try (BufferedReader body = new BufferedReader(new InputStreamReader(request.getInputStream(),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            read = LabelledHistoryCsv.read(body, historySchema, delay);
        } catch (IllegalArgumentException e) {
            throw AuthorizationRequests.invalid("body", "csv", e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RequestSizeLimitFilter.TooLargeException) {
                    throw new ApiProblem(ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than mamori.http.max-upload-size");
                }
            }
            throw new ApiProblem(ProblemType.BAD_REQUEST, "The body could not be read to the end");
        }
        if (!read.rejected().isEmpty()) {
            // The reader counts data rows from 1; the header is line 1, so data row r is line r + 1.
            throw rows(read.rejected().stream().map(r -> new ImportedHistories.RowProblem(r.row() + 1, r.column(), r.rule())).toList());
        }
        if (read.transactions().isEmpty()) {
            throw AuthorizationRequests.invalid("body", "rows", "the file has a header but no rows");
        }
        ImportedHistories.Dataset saved;
        try {
            saved = histories.save(caller.tenant(), cleanName, historySchema, delay, read.transactions(), read.extraColumns(),
                    caller.subject());
        } catch (ImportedHistories.RowsRefused e) {
            throw rows(e.problems());
        } catch (ImportedHistories.DuplicateName e) {
            throw new ApiProblem(ProblemType.CONFLICT, "this tenant already has a labelled history named so; choose another name",
                    List.of(new FieldViolation("name", "unique", "name is already used by another labelled history")));
        }
        audit.success("risk.labelled-history-imported", "labelled-history:" + saved.id(), saved.schema() + " " + saved.rows() + " rows, "
                + saved.fraudRows() + " fraud");
        return ResponseEntity.status(HttpStatus.CREATED).body(DatasetView.of(saved));
    }

    @GetMapping
    @Operation(summary = "The tenant's labelled histories, newest first, with row and fraud counts and period")
    List<DatasetView> list() {
        return histories.list(CurrentPrincipal.require().tenant()).stream().map(DatasetView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One labelled history")
    DatasetView get(@PathVariable UUID id) {
        return histories.get(CurrentPrincipal.require().tenant(), id).map(DatasetView::of)
                .orElseThrow(() -> ApiProblem.notFound("labelled history"));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a labelled history and its rows")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!histories.delete(CurrentPrincipal.require().tenant(), id)) {
            throw ApiProblem.notFoundRecorded(audit, "risk.labelled-history-deleted", "labelled-history:" + id,
                    "no such labelled history in this tenant", "labelled history");
        }
        audit.success("risk.labelled-history-deleted", "labelled-history:" + id, "");
        return ResponseEntity.noContent().build();
    }

    private static ApiProblem rows(List<ImportedHistories.RowProblem> problems) {
        List<FieldViolation> violations = problems.stream().limit(MAX_LISTED)
                .map(p -> new FieldViolation("lines[" + p.line() + "]." + p.column(), p.rule(),
                        "line " + p.line() + ", column " + p.column() + ": " + p.rule()))
                .toList();
        return new ApiProblem(ProblemType.VALIDATION, problems.size() + " rows break rules; nothing was imported", violations);
    }

    private static Duration delay(String text) {
        String t = text.strip();
        try {
            Duration d;
            if (t.endsWith("d")) {
                d = Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.parse(t);
            }
            if (d.isNegative() || d.compareTo(Duration.ofDays(3650)) > 0) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw AuthorizationRequests.invalid("labelDelay", "duration", "labelDelay is a duration such as 30d, 12h or P30D (up to 10 years)");
        }
    }
}
