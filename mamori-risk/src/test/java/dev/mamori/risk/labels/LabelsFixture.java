package dev.mamori.risk.labels;

import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.CardAccount;
import dev.mamori.risk.Channel;
import dev.mamori.risk.MessageKind;
import dev.mamori.risk.RiskModule;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.UUID;
import javax.sql.DataSource;

/** A risk module over a fresh migrated H2 database with a clock the test moves; opens cards and logs authorizations. */
final class LabelsFixture {
    static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

    final MovingClock clock = new MovingClock(START);
    final DataSource db = database();
    final RiskModule module = new RiskModule(db, (tenant, pan) -> tenant.value() + ":" + pan.last4() + ":" + pan.bin(),
            (tenant, cvk, pan, expiry, serviceCode, code) -> true, clock, RiskModule.Settings.defaults());
    private int serial;

    static final class MovingClock extends dev.mamori.risk.testing.MovableClock {
        MovingClock(Instant now) {
            super(now);
        }
    }

    static DataSource database() {
        return dev.mamori.risk.testing.RiskTestDatabase.create("labels");
    }

    FraudLabels labels() {
        return module.labels();
    }

    /** A card of {@code tenant} and its number (numbers differ by last four, so the test fingerprint differs). */
    Card card(TenantId tenant) {
        serial++;
        String body = "411111" + String.format("%09d", 100_000_000L + serial * 7_919L);
        String pan = body + Luhn.checkDigit(body);
        CardAccount account = module.cardAccounts().open(tenant, Pan.of(pan), YearMonth.of(2030, 12), "101", Currency.getInstance("JPY"),
                1_000_000, null);
        return new Card(tenant, account.id(), pan);
    }

    record Card(TenantId tenant, UUID id, String pan) {
        @Override
        public String toString() {
            return "card " + id;
        }
    }

    /** Logs an authorization of {@code card} at the clock's instant. @return its decision id */
    UUID authorize(Card card, Channel channel) {
        serial++;
        AuthorizationRequest request = new AuthorizationRequest(card.tenant(), MessageKind.AUTHORIZATION,
                new AuthorizationRequest.PresentedCard(Pan.of(card.pan()), YearMonth.of(2030, 12), null, null, null), 1_000,
                Currency.getInstance("JPY"), "000000", channel,
                new AuthorizationRequest.Merchant("SHOP001", "T0000001", "TEST SHOP TOKYO JP", "5411", "JP"),
                new AuthorizationRequest.Trace(String.format("%06d", serial), String.format("R%011d", serial), null, "010", "59", null, null),
                AuthorizationRequest.EcData.NONE, clock.instant());
        return module.host().decide(request, "json").id();
    }

    UUID authorize(Card card) {
        return authorize(card, Channel.ECOMMERCE);
    }
}
