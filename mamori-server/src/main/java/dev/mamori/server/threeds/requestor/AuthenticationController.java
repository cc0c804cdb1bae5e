package dev.mamori.server.threeds.requestor;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.threeds.requestor.Authentication;
import dev.mamori.threeds.requestor.AuthenticationRejected;
import dev.mamori.threeds.requestor.AuthenticationRequest;
import dev.mamori.threeds.requestor.ThreeDsServer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The 3DS Server's JSON API for merchants and PSPs: authenticate a vault token with EMV 3-D Secure,
 * run the 3DS Method and the challenge from the merchant's page, then read the result ready for
 * {@code /v1/authorizations}. No card number in or out: the token is detokenized inside the server.
 */
@RestController
@RequestMapping("/v1/threeds/authentications")
@Tag(name = "3-D Secure authentications (3DS Server)")
class AuthenticationController {
    private final ThreeDsServer server;
    private final RequestAudit audit;

    AuthenticationController(ThreeDsServer server, RequestAudit audit) {
        this.server = server;
        this.audit = audit;
    }

    record StartRequest(String token, Long amount, String currency, AuthenticationRequest.Merchant merchant,
                        AuthenticationRequest.Browser browser, String returnUrl, String notificationUrl, String challengeWindowSize,
                        String challengePreference, String orderId, String email, AuthenticationRequest.Shipping shipping, String category,
                        String channel, Boolean skipMethod, Integer decoupledMaxMinutes) {
    }

    record ContinueRequest(String methodCompleted) {
    }

    record MethodView(String url, String threeDSMethodData) {
    }

    record ChallengeView(String acsUrl, String creq) {
    }

    record ErrorView(String code, String description) {
    }

    /** What goes into {@code /v1/authorizations}'s {@code ec.threeDs}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthorizationData(String eci, String authenticationValue, String transStatus) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthenticationView(UUID id, String status, String threeDSServerTransID, String maskedCard, String token, String orderId,
                              Long amount, String currency, String messageVersion, MethodView method, ChallengeView challenge,
                              String transStatus, String transStatusReason, String eci, String authenticationValue, String dsTransID,
                              String acsTransID, ErrorView error, AuthorizationData authorization, Instant createdAt, Instant completedAt) {
        static AuthenticationView of(Authentication a) {
            boolean completed = "completed".equals(a.status());
            return new AuthenticationView(a.id(), a.status(), a.threeDsServerTransId(), a.maskedPan(), a.token(), a.orderId(),
                    a.amountMinor(), a.currency(), a.messageVersion(),
                    a.methodUrl() == null ? null : new MethodView(a.methodUrl(), a.methodData()),
                    a.creq() == null ? null : new ChallengeView(a.acsUrl(), a.creq()), a.transStatus(), a.transStatusReason(), a.eci(),
                    a.authenticationValue(), a.dsTransId(), a.acsTransId(),
                    a.errorCode() == null ? null : new ErrorView(a.errorCode(), a.errorDescription()),
                    completed ? new AuthorizationData(a.eci(), a.authenticationValue(), a.transStatus()) : null, a.createdAt(),
                    a.completedAt());
        }
    }

    @PostMapping
    @Operation(summary = "Start a 3-D Secure authentication for a vault token: 3DS Method first, or the AReq at once")
    ResponseEntity<AuthenticationView> start(@RequestBody StartRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        AuthenticationRequest request = new AuthenticationRequest(body.token(), body.amount(), body.currency(), body.merchant(),
                body.browser(), body.returnUrl() != null ? body.returnUrl() : body.notificationUrl(), body.challengeWindowSize(),
                body.challengePreference(), body.orderId(), body.email(), body.shipping(), body.category(), body.channel(),
                body.skipMethod(), body.decoupledMaxMinutes());
        Authentication a = run(() -> server.start(caller.tenant(), request), "token");
        audit.success("threeds.authentication.started", "threeds-authentication:" + a.id(), a.status()
                + (a.transStatus() == null ? "" : " " + a.transStatus()));
        return ResponseEntity.status(HttpStatus.CREATED).body(AuthenticationView.of(a));
    }

    @PostMapping("/{id}/continue")
    @Operation(summary = "After the 3DS Method (methodCompleted Y, N or U): send the AReq")
    AuthenticationView continueAfterMethod(@PathVariable UUID id, @RequestBody(required = false) ContinueRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        Authentication a = run(() -> server.continueAfterMethod(caller.tenant(), id, body == null ? null : body.methodCompleted()),
                "authentication");
        audit.success("threeds.authentication.continued", "threeds-authentication:" + a.id(), a.status()
                + (a.transStatus() == null ? "" : " " + a.transStatus()));
        return AuthenticationView.of(a);
    }

    @GetMapping("/{id}")
    @Operation(summary = "An authentication of the tenant: status, result and the authorization's 3-D Secure data")
    AuthenticationView get(@PathVariable UUID id) {
        return server.get(CurrentPrincipal.require().tenant(), id).map(AuthenticationView::of)
                .orElseThrow(() -> ApiProblem.notFound("authentication"));
    }

    private static Authentication run(java.util.function.Supplier<Authentication> action, String what) {
        try {
            return action.get();
        } catch (AuthenticationRejected e) {
            if ("not-found".equals(e.rule())) {
                throw ApiProblem.notFound("token".equals(e.field()) ? "token" : what);
            }
            if ("state".equals(e.rule())) {
                throw new ApiProblem(ProblemType.CONFLICT, e.getMessage());
            }
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        }
    }
}
