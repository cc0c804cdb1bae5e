package dev.mamori.server.threeds.challenge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mamori.common.Pan;
import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.risk.CardAccount;
import dev.mamori.risk.RiskModule;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.risk.AuthorizationRequests;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.challenge.CardholderChallenges;
import dev.mamori.threeds.challenge.ChallengeEnrolments;
import dev.mamori.threeds.challenge.Enrolment;
import dev.mamori.threeds.challenge.EnrolmentChange;
import dev.mamori.threeds.challenge.InvalidEnrolmentException;
import dev.mamori.threeds.challenge.Masking;
import dev.mamori.vault.Vault;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The issuer enrols its cards for 3-D Secure challenges: e-mail, mobile number (SMS), an
 * authenticator app (the secret is returned once, as an otpauth:// URI and a QR code) and the
 * issuer app's device for out-of-band approval. A card is named by its number in the body (never
 * in a URL) or by its card account id; it must be a card account of the caller's tenant. Issuers
 * and admins only: analysts and auditors, whom {@code GET /v1/threeds/acs/**} lets in, are refused
 * here because an enrolment holds the cardholder's contact details.
 */
@RestController
@RequestMapping("/v1/threeds/acs/enrolments")
@Tag(name = "3-D Secure challenge enrolments")
class ChallengeEnrolmentController {
    private final CardholderChallenges challenges;
    private final RiskModule risk;
    private final Vault vault;
    private final RequestAudit audit;

    ChallengeEnrolmentController(CardholderChallenges challenges, RiskModule risk, Vault vault, RequestAudit audit) {
        this.challenges = challenges;
        this.risk = risk;
        this.vault = vault;
        this.audit = audit;
    }

    /** Not a record, so it never prints the card number. */
    static final class EnrolRequest {
        final String pan;
        final String email;
        final String phone;
        final Boolean totp;
        final String oobDevice;

        @JsonCreator
        EnrolRequest(@JsonProperty("pan") String pan, @JsonProperty("email") String email, @JsonProperty("phone") String phone,
                     @JsonProperty("totp") Boolean totp, @JsonProperty("oobDevice") String oobDevice) {
            this.pan = pan;
            this.email = email;
            this.phone = phone;
            this.totp = totp;
            this.oobDevice = oobDevice;
        }

        @Override
        public String toString() {
            return "EnrolRequest[***]";
        }
    }

    /** Not a record, so it never prints the card number. */
    static final class LookupRequest {
        final String pan;

        @JsonCreator
        LookupRequest(@JsonProperty("pan") String pan) {
            this.pan = pan;
        }

        @Override
        public String toString() {
            return "LookupRequest[***]";
        }
    }

    /**
     * An enrolment as the API shows it: contact details masked.
     *
     * @param totpUri the authenticator app's otpauth:// URI, only in the answer that made the secret
     * @param totpQrSvg the same URI as a QR code (SVG), only then
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EnrolmentView(UUID cardAccountId, String last4, List<String> methods, String email, String phone, boolean totp, String oobDevice,
                         Instant lockedUntil, Instant createdAt, Instant updatedAt, String totpUri, String totpQrSvg) {
        static EnrolmentView of(UUID account, Enrolment e, Instant lockedUntil, String totpUri) {
            return new EnrolmentView(account, e.last4(), e.methods().stream().map(ChallengeEnrolmentController::methodId).toList(),
                    Masking.email(e.email()), Masking.phone(e.phone()), e.totp(), Masking.device(e.oobDevice()), lockedUntil,
                    e.createdAt(), e.updatedAt(), totpUri, totpUri == null ? null : QrSvg.of(totpUri));
        }

        @Override
        public String toString() {
            return "EnrolmentView[" + cardAccountId + " " + methods + "]";
        }
    }

    static String methodId(ChallengeMethod method) {
        return method.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Transactional
    @PostMapping
    @Operation(summary = "Enrol a card (by number) for challenges, or change its enrolment; an empty string removes a method, totp:true makes a new secret")
    ResponseEntity<EnrolmentView> enrol(@RequestBody EnrolRequest body) {
        MamoriPrincipal caller = requireIssuer();
        CardAccount account = accountOf(caller.tenant(), body.pan);
        ChallengeEnrolments.Result result;
        try {
            result = challenges.enrolments().enrol(caller.tenant(), account.fingerprint(), account.last4(),
                    new EnrolmentChange(body.email, body.phone, body.totp, body.oobDevice));
        } catch (InvalidEnrolmentException e) {
            throw AuthorizationRequests.invalid(e.field(), e.rule(), e.getMessage());
        }
        audit.success("threeds.enrolment.changed", "card-account:" + account.id(), "methods=" + result.enrolment().methods()
                + (result.totpUri() != null ? " new-totp-secret" : ""));
        EnrolmentView view = EnrolmentView.of(account.id(), result.enrolment(), lockedUntil(caller.tenant(), account), result.totpUri());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).cacheControl(CacheControl.noStore()).body(view);
    }

    @PostMapping("/lookup")
    @Operation(summary = "A card's enrolment, the card named by its number in the body")
    EnrolmentView lookup(@RequestBody LookupRequest body) {
        MamoriPrincipal caller = requireIssuer();
        return view(caller.tenant(), accountOf(caller.tenant(), body.pan));
    }

    @GetMapping("/{cardAccountId}")
    @Operation(summary = "A card's enrolment, by card account id")
    EnrolmentView get(@PathVariable UUID cardAccountId) {
        MamoriPrincipal caller = requireIssuer();
        return view(caller.tenant(), account(caller.tenant(), cardAccountId));
    }

    @Transactional(noRollbackFor = ApiProblem.class)
    @DeleteMapping("/{cardAccountId}")
    @Operation(summary = "Remove a card's enrolment: the card can no longer be challenged")
    ResponseEntity<Void> delete(@PathVariable UUID cardAccountId) {
        MamoriPrincipal caller = requireIssuer();
        CardAccount account = account(caller.tenant(), cardAccountId);
        if (!challenges.enrolments().delete(caller.tenant(), account.fingerprint())) {
            throw ApiProblem.notFoundRecorded(audit, "threeds.enrolment.deleted", "card-account:" + cardAccountId, "card not enrolled",
                    "enrolment");
        }
        audit.success("threeds.enrolment.deleted", "card-account:" + cardAccountId, null);
        return ResponseEntity.noContent().build();
    }

    @Transactional
    @DeleteMapping("/{cardAccountId}/lockout")
    @Operation(summary = "Lift a card's challenge lockout and forget its failed challenges")
    EnrolmentView unlock(@PathVariable UUID cardAccountId) {
        MamoriPrincipal caller = requireIssuer();
        CardAccount account = account(caller.tenant(), cardAccountId);
        challenges.unlock(caller.tenant(), account.fingerprint());
        audit.success("threeds.enrolment.unlocked", "card-account:" + cardAccountId, null);
        return view(caller.tenant(), account);
    }

    private EnrolmentView view(TenantId tenant, CardAccount account) {
        Enrolment enrolment = challenges.enrolments().find(tenant, account.fingerprint())
                .orElseThrow(() -> ApiProblem.notFound("enrolment"));
        return EnrolmentView.of(account.id(), enrolment, lockedUntil(tenant, account), null);
    }

    private Instant lockedUntil(TenantId tenant, CardAccount account) {
        return challenges.lockedUntil(tenant, account.fingerprint()).orElse(null);
    }

    private static MamoriPrincipal requireIssuer() {
        MamoriPrincipal caller = CurrentPrincipal.require();
        if (!caller.has(Role.ISSUER) && !caller.has(Role.ADMIN)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "challenge enrolments need the issuer or admin role");
        }
        return caller;
    }

    private CardAccount account(TenantId tenant, UUID id) {
        return risk.cardAccounts().get(tenant, id).orElseThrow(() -> ApiProblem.notFound("card account"));
    }

    /** The caller's card account for this card number: the vault's fingerprint in the tenant finds it. */
    private CardAccount accountOf(TenantId tenant, String panText) {
        Pan pan = Vault.parsePan(panText);
        try {
            String fingerprint = vault.fingerprint(tenant, pan);
            return risk.cardAccounts().list(tenant, pan.last4(), false, 500).stream()
                    .filter(a -> a.fingerprint().equals(fingerprint))
                    .findFirst()
                    .orElseThrow(() -> ApiProblem.notFound("card account"));
        } finally {
            pan.wipe();
        }
    }
}
