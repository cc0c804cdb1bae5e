package dev.mamori.server.console;

import dev.mamori.common.Role;
import dev.mamori.lab.eval.Evaluation;
import dev.mamori.lab.eval.EvaluationCharts;
import dev.mamori.lab.eval.EvaluationExport;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.evaluation.Evaluations;
import dev.mamori.server.risk.evaluation.InvalidEvaluationRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The model lab's evaluation page: pick the live rules or the live model and a period of days
 * (Asia/Tokyo), read the measures, the PR, ROC and card precision@k charts (server-rendered SVG:
 * the console's CSP allows no script) and the tables by channel and MCC, and download the JSON or
 * CSV. The form is a GET: an evaluation only reads, so a link to it can be shared.
 */
@Controller
class LabEvaluationConsoleController {
    static final String PAGE = "/console/risk/lab/evaluation";
    /** The API's roles for {@code POST /v1/risk/evaluations}. */
    static final Set<Role> EVALUATORS = EnumSet.of(Role.ANALYST, Role.ADMIN);

    private final Evaluations evaluations;
    private final RiskConsoleSupport support;
    private final Clock clock;

    LabEvaluationConsoleController(Evaluations evaluations, RiskConsoleSupport support, Clock clock) {
        this.evaluations = evaluations;
        this.support = support;
        this.clock = clock;
    }

    /** The form as submitted (or its defaults). */
    /** @param model the model version a replaying subject scores with (blank for the live subjects) */
    record Form(String subject, String from, String to, String k, String threshold, String model) {
    }

    /** One segment row as the tables show it. */
    record SegmentRow(String key, long rows, long fraud, String fraudAmount, String averagePrecision, String recall, long fraudCaught,
                      String fraudAmountCaught, long fraudMissed, String fraudAmountMissed, long goodDeclined, String goodAmountDeclined,
                      long goodChallenged, String goodAmountChallenged) {
    }

    /** One line of the money view. */
    record MoneyRow(String id, String label, long count, String amount) {
    }

    @GetMapping(PAGE)
    String page(@RequestParam(required = false) String subject, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String k,
                @RequestParam(required = false) String threshold, @RequestParam(name = "model", required = false) String version,
                Model model, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, EVALUATORS)) {
            return VaultConsoleSupport.forbidden(me, model, response);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), Evaluation.TOKYO);
        Form form = new Form(subject == null ? "live-rules" : subject, from == null ? today.minusDays(29).toString() : from,
                to == null ? today.toString() : to, k == null ? "100" : k, threshold == null ? "" : threshold,
                version == null ? "" : version);
        model.addAttribute("me", me);
        model.addAttribute("form", form);
        model.addAttribute("tab", "evaluation");
        model.addAttribute("subjects", evaluations.subjects());
        if (subject != null) {
            try {
                Evaluations.Result result = evaluate(me, form);
                show(result, form, model);
            } catch (InvalidEvaluationRequest e) {
                response.setStatus(422);
                model.addAttribute("errorField", e.field());
                model.addAttribute("error", support.message("lab.evaluation.error." + e.rule(), e.field()) + " (" + e.field() + ": " + e.rule()
                        + ")");
            }
        }
        return "console/lab-evaluation";
    }

    /** The evaluation as a file: {@code format} json, segments, curves or days (CSV). */
    @GetMapping(PAGE + "/export")
    ResponseEntity<String> export(@RequestParam(required = false) String subject, @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to, @RequestParam(required = false) String k,
                                  @RequestParam(required = false) String threshold,
                                  @RequestParam(name = "model", required = false) String version,
                                  @RequestParam(defaultValue = "json") String format) {
        MamoriPrincipal me = CurrentPrincipal.require();
        if (!RiskConsoleSupport.any(me, EVALUATORS)) {
            return ResponseEntity.status(403).contentType(MediaType.TEXT_PLAIN).body("forbidden");
        }
        if (!List.of("json", "segments", "curves", "days").contains(format)) {
            return ResponseEntity.unprocessableEntity().contentType(MediaType.TEXT_PLAIN).body("format: one-of json, segments, curves, days");
        }
        Evaluations.Result result;
        try {
            result = evaluate(me, new Form(subject, from, to, k, threshold, version));
        } catch (InvalidEvaluationRequest e) {
            return ResponseEntity.unprocessableEntity().contentType(MediaType.TEXT_PLAIN).body(e.field() + ": " + e.rule() + ": " + e.getMessage());
        }
        String name = "evaluation-" + result.subject() + "-" + LocalDate.ofInstant(result.from(), Evaluation.TOKYO) + "-" + format;
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (format.equals("json")) {
            return ok.contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".json\"")
                    .body(EvaluationExport.json(result));
        }
        String csv = switch (format) {
            case "curves" -> EvaluationExport.curvesCsv(result.evaluation());
            case "days" -> EvaluationExport.daysCsv(result.evaluation());
            default -> EvaluationExport.segmentsCsv(result.evaluation());
        };
        return ok.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"").body(csv);
    }

    /** Days are Asia/Tokyo calendar days, both ends included. */
    private Evaluations.Result evaluate(MamoriPrincipal me, Form form) {
        Instant from = day(form.from(), "from").atStartOfDay(Evaluation.TOKYO).toInstant();
        Instant to = day(form.to(), "to").plusDays(1).atStartOfDay(Evaluation.TOKYO).toInstant();
        Integer k = null;
        if (form.k() != null && !form.k().isBlank()) {
            try {
                k = Integer.valueOf(form.k().trim());
            } catch (NumberFormatException e) {
                throw new InvalidEvaluationRequest("k", "range", "k is a whole number between 1 and 100000");
            }
        }
        Double threshold = null;
        if (form.threshold() != null && !form.threshold().isBlank()) {
            try {
                threshold = Double.valueOf(form.threshold().trim());
            } catch (NumberFormatException e) {
                throw new InvalidEvaluationRequest("threshold", "number", "threshold is a number");
            }
        }
        String version = form.model() == null || form.model().isBlank() ? null : form.model().trim();
        return evaluations.evaluate(me.tenant(), new Evaluations.Request(form.subject(), from, to, k, threshold, version));
    }

    private static LocalDate day(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidEvaluationRequest(field, "required", field + " is required");
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidEvaluationRequest(field, "date", field + " is a date (yyyy-MM-dd)");
        }
    }

    private void show(Evaluations.Result result, Form form, Model model) {
        Evaluation e = result.evaluation();
        model.addAttribute("result", result);
        model.addAttribute("e", e);
        model.addAttribute("ap", measure(e.averagePrecision()));
        model.addAttribute("auc", measure(e.rocAuc()));
        model.addAttribute("meanPrecisionAtK", measure(e.meanCardPrecisionAtK()));
        List<String[]> recalls = new ArrayList<>();
        for (Evaluation.RecallAtFpr r : e.recallAtFpr()) {
            recalls.add(new String[] {EvaluationExport.number(r.falsePositiveRate() * 100) + " %", measure(r.recall())});
        }
        model.addAttribute("recalls", recalls);
        model.addAttribute("operatingPoint", e.operatingPoint().byAction() ? support.message("lab.evaluation.point.actions")
                : support.message("lab.evaluation.point.threshold", EvaluationExport.number(e.operatingPoint().declineAt())));
        Evaluation.Money m = e.money();
        model.addAttribute("moneyRecall", measure(m.recall()));
        model.addAttribute("money", List.of(
                new MoneyRow("fraudDeclined", support.message("lab.evaluation.money.fraudDeclined"), m.fraudDeclined(), amount(m.fraudAmountDeclined())),
                new MoneyRow("fraudChallenged", support.message("lab.evaluation.money.fraudChallenged"), m.fraudChallenged(),
                        amount(m.fraudAmountChallenged())),
                new MoneyRow("fraudMissed", support.message("lab.evaluation.money.fraudMissed"), m.fraudMissed(), amount(m.fraudAmountMissed())),
                new MoneyRow("goodDeclined", support.message("lab.evaluation.money.goodDeclined"), m.goodDeclined(), amount(m.goodAmountDeclined())),
                new MoneyRow("goodChallenged", support.message("lab.evaluation.money.goodChallenged"), m.goodChallenged(),
                        amount(m.goodAmountChallenged()))));
        model.addAttribute("channels", rows(e, "channel"));
        model.addAttribute("mccs", rows(e, "mcc"));
        model.addAttribute("prChart", EvaluationCharts.precisionRecall(e, new EvaluationCharts.Text(support.message("lab.evaluation.chart.pr"),
                support.message("lab.evaluation.chart.prDesc", measure(e.averagePrecision()), e.rows(), e.fraud()),
                support.message("lab.evaluation.recall"), support.message("lab.evaluation.precision"))));
        model.addAttribute("rocChart", EvaluationCharts.roc(e, new EvaluationCharts.Text(support.message("lab.evaluation.chart.roc"),
                support.message("lab.evaluation.chart.rocDesc", measure(e.rocAuc()), e.rows(), e.fraud()),
                support.message("lab.evaluation.fpr"), support.message("lab.evaluation.recall"))));
        model.addAttribute("pakChart", EvaluationCharts.precisionAtK(e, new EvaluationCharts.Text(
                support.message("lab.evaluation.chart.pak", e.k()),
                support.message("lab.evaluation.chart.pakDesc", e.k(), measure(e.meanCardPrecisionAtK()), e.cardPrecisionAtK().size()),
                support.message("lab.evaluation.day"), support.message("lab.evaluation.precisionAtK", e.k()))));
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(PAGE + "/export").queryParam("subject", form.subject())
                .queryParam("from", form.from()).queryParam("to", form.to()).queryParam("k", form.k());
        if (!form.threshold().isBlank()) {
            link.queryParam("threshold", form.threshold());
        }
        if (form.model() != null && !form.model().isBlank()) {
            link.queryParam("model", form.model());
        }
        List<String[]> downloads = new ArrayList<>();
        for (String format : List.of("json", "segments", "curves", "days")) {
            downloads.add(new String[] {format, link.cloneBuilder().queryParam("format", format).encode().toUriString(),
                    support.message("lab.evaluation.download." + format)});
        }
        model.addAttribute("downloads", downloads);
    }

    private static List<SegmentRow> rows(Evaluation e, String dimension) {
        List<SegmentRow> rows = new ArrayList<>();
        for (Evaluation.Segment s : e.segments()) {
            if (s.dimension().equals(dimension)) {
                Evaluation.Money m = s.money();
                rows.add(new SegmentRow(s.key(), s.rows(), s.fraud(), amount(s.fraudAmount()), measure(s.averagePrecision()), measure(m.recall()),
                        m.fraudCaught(), amount(m.fraudAmountCaught()), m.fraudMissed(), amount(m.fraudAmountMissed()), m.goodDeclined(),
                        amount(m.goodAmountDeclined()), m.goodChallenged(), amount(m.goodAmountChallenged())));
            }
        }
        return rows;
    }

    static String measure(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.4f", value);
    }

    static String amount(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value) : String.format(Locale.ROOT, "%,.2f", value);
    }
}
