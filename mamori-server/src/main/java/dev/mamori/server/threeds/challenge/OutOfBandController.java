package dev.mamori.server.threeds.challenge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.threeds.challenge.CardholderChallenges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The issuer app's backend answers an out-of-band challenge: the cardholder approved or declined
 * the purchase in the app. Only the tenant's own transactions; every answer is audited, and so is
 * an answer to a transaction that is not there, over or not out of band.
 */
@RestController
@RequestMapping("/v1/threeds/acs/oob")
@Tag(name = "3-D Secure out-of-band approval")
class OutOfBandController {
    private final CardholderChallenges challenges;
    private final RequestAudit audit;

    OutOfBandController(CardholderChallenges challenges, RequestAudit audit) {
        this.challenges = challenges;
        this.audit = audit;
    }

    record AnswerRequest(Boolean approved) {
        @JsonCreator
        AnswerRequest(@JsonProperty("approved") Boolean approved) {
            this.approved = approved;
        }
    }

    record AnswerView(String acsTransId, String answer) {
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @PostMapping("/{acsTransId}")
    @Operation(summary = "Record the cardholder's approval (approved: true) or refusal (false) from the issuer's app")
    AnswerView answer(@PathVariable String acsTransId, @RequestBody AnswerRequest body) {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (body == null || body.approved() == null) {
            throw AuthorizationRequests.invalid("approved", "required", "approved must be true or false");
        }
        if (acsTransId.length() > 64) {
            throw AuthorizationRequests.invalid("acsTransId", "length", "acsTransId must be at most 64 characters");
        }
        String resource = "threeds-transaction:" + acsTransId;
        String answer = body.approved() ? "approved" : "declined";
        switch (challenges.answerOutOfBand(caller.tenant(), acsTransId, body.approved())) {
            case RECORDED -> {
                audit.success("threeds.oob.answered", resource, answer);
                return new AnswerView(acsTransId, answer);
            }
            case UNKNOWN -> throw ApiProblem.notFoundRecorded(audit, "threeds.oob.answered", resource, "no such challenge in this tenant",
                    "out-of-band challenge");
            case NOT_OUT_OF_BAND -> throw refused(resource, "the challenge is not out of band");
            case EXPIRED -> throw refused(resource, "the out-of-band request has expired");
            case ALREADY_ANSWERED -> throw refused(resource, "the challenge has been answered already or is over");
            default -> throw new IllegalStateException();
        }
    }

    private ApiProblem refused(String resource, String reason) {
        audit.failure("threeds.oob.answered", resource, reason);
        return new ApiProblem(ProblemType.CONFLICT, reason);
    }
}
