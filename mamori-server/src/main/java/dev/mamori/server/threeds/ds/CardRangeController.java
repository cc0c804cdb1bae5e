package dev.mamori.server.threeds.ds;

import dev.mamori.risk.BinRoutes;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.threeds.ds.CardRange;
import dev.mamori.threeds.ds.CardRangeRejected;
import dev.mamori.threeds.ds.CardRanges;
import dev.mamori.threeds.ds.DirectoryServer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Directory Server's card ranges of the caller's tenant: an issuer's administrator registers
 * ranges inside its own BIN routes only (POST /v1/risk/bin-routes), each to its ACS.
 */
@RestController
@RequestMapping("/v1/threeds/ds/card-ranges")
@Tag(name = "3-D Secure Directory Server card ranges")
class CardRangeController {
    private final DirectoryServer ds;
    private final RiskModule risk;
    private final RequestAudit audit;

    CardRangeController(DirectoryServer ds, RiskModule risk, RequestAudit audit) {
        this.ds = ds;
        this.risk = risk;
        this.audit = audit;
    }

    record RangeRequest(String startRange, String endRange, String acsUrl, String acsStartProtocolVersion, String acsEndProtocolVersion,
                        String threeDSMethodURL, @Size(max = 10) List<String> acsInfoInd) {
    }

    record RangeView(UUID id, String startRange, String endRange, String acsUrl, String acsStartProtocolVersion,
                     String acsEndProtocolVersion, String threeDSMethodURL, List<String> acsInfoInd, long serialNum, Instant createdAt) {
        static RangeView of(CardRange r) {
            return new RangeView(r.id(), r.startRange(), r.endRange(), r.acsUrl(), r.acsStartProtocolVersion(), r.acsEndProtocolVersion(),
                    r.threeDsMethodUrl(), r.acsInfoInd(), r.serial(), r.createdAt());
        }
    }

    @GetMapping
    @Operation(summary = "The tenant's card ranges, in card-number order")
    List<RangeView> list() {
        return ds.cardRanges().list(CurrentPrincipal.require().tenant()).stream().map(RangeView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One card range of the tenant")
    RangeView get(@PathVariable UUID id) {
        return ds.cardRanges().get(CurrentPrincipal.require().tenant(), id).map(RangeView::of)
                .orElseThrow(() -> ApiProblem.notFound("card range"));
    }

    @PostMapping
    @Operation(summary = "Register a card range (inside the tenant's BIN routes) routed to an ACS; overlaps refused naming the field")
    ResponseEntity<RangeView> register(@RequestBody RangeRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        try {
            CardRanges.Registration registration = new CardRanges.Registration(body.startRange(), body.endRange(), body.acsUrl(),
                    body.acsStartProtocolVersion(), body.acsEndProtocolVersion(), body.threeDSMethodURL(), body.acsInfoInd());
            // The format first, so the BIN check below compares digits.
            if (body.startRange() != null && body.startRange().matches("[0-9]{6,19}") && body.endRange() != null
                    && body.endRange().matches("[0-9]{6,19}")) {
                requireOwnBins(caller, body.startRange(), body.endRange());
            }
            CardRange range = ds.cardRanges().register(caller.tenant(), registration);
            audit.success("threeds.card-range.registered", "card-range:" + range.id(), range.startRange() + "-" + range.endRange()
                    + " -> " + range.acsUrl());
            return ResponseEntity.status(HttpStatus.CREATED).body(RangeView.of(range));
        } catch (CardRangeRejected e) {
            audit.failure("threeds.card-range.registered", "card-range", e.field() + " " + e.rule());
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        }
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a card range of the tenant (the PRes reports it deleted)")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!ds.cardRanges().delete(CurrentPrincipal.require().tenant(), id)) {
            throw ApiProblem.notFound("card range");
        }
        audit.success("threeds.card-range.deleted", "card-range:" + id, "");
        return ResponseEntity.noContent().build();
    }

    /** The whole range must lie under one BIN route of the caller's tenant: an issuer routes only its own cards. */
    private void requireOwnBins(MamoriPrincipal caller, String start, String end) {
        List<BinRoutes.Route> own = risk.binRoutes().list(caller.tenant());
        for (BinRoutes.Route route : own) {
            String p = route.prefix();
            if (padded(start, '0').compareTo(padded(p, '0')) >= 0 && padded(end, '9').compareTo(padded(p, '9')) <= 0) {
                return;
            }
        }
        throw new CardRangeRejected("startRange", "own-bin", own.isEmpty()
                ? "the tenant has no BIN routes: register the BIN first (POST /v1/risk/bin-routes)"
                : "the range must lie inside one of the tenant's BIN routes");
    }

    private static String padded(String digits, char with) {
        StringBuilder out = new StringBuilder(digits);
        while (out.length() < 19) {
            out.append(with);
        }
        return out.toString();
    }
}
