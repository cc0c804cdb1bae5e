package dev.mamori.server.hostedfields;

import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.risk.CardAccount;
import dev.mamori.risk.CardAccounts;
import dev.mamori.risk.CardStatus;
import dev.mamori.risk.RiskModule;
import dev.mamori.risk.lists.ListKind;
import dev.mamori.risk.lists.ListType;
import dev.mamori.threeds.challenge.CardholderChallenges;
import dev.mamori.threeds.challenge.EnrolmentChange;
import dev.mamori.threeds.risk.AcsPolicies;
import dev.mamori.threeds.risk.AcsPolicy;
import dev.mamori.vault.Vault;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo network's issuer, so the demo shop pays with 3-D Secure after {@code ./mamori up}: the
 * tenant of the demo publishable key issues the demo BIN {@value #BIN}, with four documented test
 * cards, one per outcome. Runs at every start in the demo ({@code mamori.hosted-fields.demo}) and
 * only adds what is missing; once its BIN route exists it leaves the tenant's policy to its admins.
 */
@Component
public class DemoIssuer {
    private static final Logger log = LoggerFactory.getLogger(DemoIssuer.class);
    public static final String BIN = "49999000";
    /** Every demo card expires then (the shop's cardholder types 12/30). */
    public static final YearMonth EXPIRY = YearMonth.of(2030, 12);
    /** The demo issuer challenges from this score: a browser new to a card scores 210 (150 + first device). */
    public static final int FRICTIONLESS_BELOW = 200;

    /** What a demo card is for; the number is a Luhn-valid number in the demo BIN, in no real range. */
    public enum Kind {
        /** On the issuer's allow list (−100): frictionless. */
        FRICTIONLESS,
        /** Enrolled for e-mail codes; a new browser scores 210: challenged. */
        CHALLENGE,
        /** Reported lost: rejected (R, reason 10). */
        LOST,
        /** A card account without a challenge method: not enrolled (N, reason 13). */
        NOT_ENROLLED
    }

    public record DemoCard(Kind kind, String number, String email) {
        public String grouped() {
            return number.replaceAll("(\\d{4})(?=\\d)", "$1 ");
        }

        @Override
        public String toString() {
            return "DemoCard[" + kind + " " + number.substring(0, 6) + "…" + number.substring(number.length() - 4) + "]";
        }
    }

    public static final List<DemoCard> CARDS = List.of(
            new DemoCard(Kind.FRICTIONLESS, "4999900010000012", "taro@demo.mamori.example"),
            new DemoCard(Kind.CHALLENGE, "4999900010000020", "hanako@demo.mamori.example"),
            new DemoCard(Kind.LOST, "4999900010000038", "jiro@demo.mamori.example"),
            new DemoCard(Kind.NOT_ENROLLED, "4999900010000046", null));

    private final RiskModule risk;
    private final CardholderChallenges challenges;
    private final AcsPolicies policies;
    private final PublishableKeyService keys;
    private final HostedFieldsProperties properties;

    DemoIssuer(RiskModule risk, CardholderChallenges challenges, AcsPolicies policies, PublishableKeyService keys,
               HostedFieldsProperties properties) {
        this.risk = risk;
        this.challenges = challenges;
        this.policies = policies;
        this.keys = keys;
        this.properties = properties;
    }

    /** After {@code Bootstrap} (which creates the demo key on the first start). */
    @EventListener
    @Order(Ordered.LOWEST_PRECEDENCE)
    public void onReady(ApplicationReadyEvent event) {
        if (!properties.demo()) {
            return;
        }
        Optional<TenantId> tenant = issuerTenant().or(() -> keys.demoKeys().stream().map(PublishableKey::tenant).findFirst());
        try {
            tenant.ifPresent(this::ensure);
        } catch (RuntimeException e) {
            // The demo shop then pays without an issuer; the instance itself is fine.
            log.warn("demo issuer not set up: {}", e.toString());
        }
    }

    /** The tenant that issues the demo BIN, if one does. */
    public Optional<TenantId> issuerTenant() {
        return risk.binRoutes().route(Pan.of(CARDS.get(0).number()));
    }

    /** Adds what is missing of the demo issuer to {@code tenant}; false when another tenant already issues the BIN. */
    public synchronized boolean ensure(TenantId tenant) {
        Optional<TenantId> issuer = issuerTenant();
        if (issuer.isPresent() && !issuer.get().equals(tenant)) {
            return false;
        }
        if (issuer.isEmpty() && risk.binRoutes().add(tenant, BIN)) {
            AcsPolicy d = AcsPolicy.defaults();
            policies.save(tenant, new AcsPolicy(FRICTIONLESS_BELOW, d.refuseAt(), d.lowValueLimits(), d.lowValueMaxConsecutive(),
                    d.traBelow(), d.traLimits(), d.maxChallengesPerDay(), d.nonPaymentSupported(), d.threeRiSupported(),
                    d.honourRequestorExemptions(), d.confidenceReasons()), "demo");
        }
        for (DemoCard card : CARDS) {
            CardAccount account = account(tenant, card.number());
            switch (card.kind()) {
                case FRICTIONLESS -> {
                    enrol(tenant, account, card.email());
                    boolean listed = risk.lists().list(tenant).stream().anyMatch(e -> e.entry().kind() == ListKind.CARD_FINGERPRINT
                            && e.entry().type() == ListType.ALLOW && account.fingerprint().equals(e.entry().value()));
                    if (!listed) {
                        risk.lists().add(tenant, ListKind.CARD_FINGERPRINT, ListType.ALLOW, account.fingerprint(), "demo",
                                "demo card: frictionless", null, "demo");
                    }
                }
                case CHALLENGE -> enrol(tenant, account, card.email());
                case LOST -> {
                    enrol(tenant, account, card.email());
                    if (account.status() != CardStatus.LOST) {
                        risk.cardAccounts().update(tenant, account.id(), CardStatus.LOST, null, null);
                    }
                }
                case NOT_ENROLLED -> { }
            }
        }
        return true;
    }

    /** A card account of the demo issuer for {@code number} (in the demo BIN), enrolled for e-mail codes when {@code email} is set. */
    public CardAccount openCard(TenantId tenant, String number, String email) {
        CardAccount account = account(tenant, number);
        if (email != null) {
            enrol(tenant, account, email);
        }
        return account;
    }

    private CardAccount account(TenantId tenant, String number) {
        try {
            return risk.cardAccounts().open(tenant, Pan.of(number), EXPIRY, "101", Currency.getInstance("JPY"), 1_000_000, null);
        } catch (CardAccounts.DuplicateCardException e) {
            return risk.cardAccounts().get(tenant, e.existing()).orElseThrow();
        }
    }

    private void enrol(TenantId tenant, CardAccount account, String email) {
        if (challenges.enrolments().find(tenant, account.fingerprint()).isEmpty()) {
            challenges.enrolments().enrol(tenant, account.fingerprint(), account.last4(), new EnrolmentChange(email, null, null, null));
        }
    }
}
