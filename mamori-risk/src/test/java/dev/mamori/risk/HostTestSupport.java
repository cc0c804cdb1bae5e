package dev.mamori.risk;

import dev.mamori.common.InsecurePanAccess;
import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import dev.mamori.common.SecurityCode;
import dev.mamori.common.TenantId;
import dev.mamori.risk.features.FeatureEngine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The authorization host over a fresh in-memory H2 database (PostgreSQL mode) migrated by Flyway,
 * with a keyed fingerprint, a table of known security codes and a clock the test moves.
 */
final class HostTestSupport {
    /** A Monday morning in Tokyo; every request is received at the test clock's instant. */
    static final Instant START = Instant.parse("2026-03-02T01:00:00Z");
    static final YearMonth EXPIRY = YearMonth.of(2028, 12);
    static final Currency JPY = Currency.getInstance("JPY");
    static final String CVK = "cvk-test";
    static final String RIGHT_CODE = "123";
    static final String WRONG_CODE = "999";

    private HostTestSupport() {
    }

    /** A clock tests can move; shared by the module and the requests it decides. */
    static final class MutableClock extends dev.mamori.risk.testing.MovableClock {
        MutableClock(Instant now) {
            super(now);
        }
    }

    static DataSource database() {
        return dev.mamori.risk.testing.RiskTestDatabase.create("risk");
    }

    /** The vault's fingerprint, as a test double: HMAC-SHA256 over tenant and card digits with a test key. */
    static final class HmacFingerprinter implements CardFingerprinter {
        private final SecretKeySpec key = new SecretKeySpec("mamori-risk-test-fingerprint-key".getBytes(StandardCharsets.US_ASCII),
                "HmacSHA256");

        @Override
        public String fingerprint(TenantId tenant, Pan pan) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                mac.update(tenant.value().toString().getBytes(StandardCharsets.US_ASCII));
                mac.update((byte) '|');
                mac.update(pan.reveal(InsecurePanAccess.get()).getBytes(StandardCharsets.US_ASCII));
                return HexFormat.of().formatHex(mac.doFinal());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Security codes from a table (the CVC2 algorithm itself is tested in mamori-vault). An
     * unknown key fails as an unavailable key provider does.
     */
    static final class CodeTable implements SecurityCodeVerifier {
        private final Map<String, String> codes = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        void put(String pan, String code) {
            codes.put(pan, code);
        }

        @Override
        public boolean verify(TenantId tenant, String cvkName, Pan pan, YearMonth expiry, String serviceCode, SecurityCode presented) {
            calls.incrementAndGet();
            if (!CVK.equals(cvkName)) {
                throw new IllegalStateException("no such card verification key");
            }
            String code = codes.get(pan.reveal(InsecurePanAccess.get()));
            return code != null && presented.matches(code.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * Authentication values from a table (the value's cryptography is tested in mamori-threeds):
     * {@link #issue} mints a random 20-byte value bound to a payment; a value never minted is
     * forged, a minted one presented for other data is mismatched. {@link #unavailable} makes
     * verification fail as a key provider that is down does.
     */
    static final class ValueTable implements AuthenticationValueVerifier {
        private final Map<String, String> bindings = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean unavailable;

        String issue(TenantId tenant, String pan, long amountMinor, Currency currency, String merchantId, String eci) {
            byte[] bytes = new byte[20];
            new java.security.SecureRandom().nextBytes(bytes);
            String value = java.util.Base64.getEncoder().encodeToString(bytes);
            bindings.put(value, binding(tenant, pan, amountMinor, currency, merchantId, eci));
            return value;
        }

        @Override
        public Result verify(TenantId tenant, String value, Pan pan, long amountMinor, Currency currency, String merchantId, String eci) {
            calls.incrementAndGet();
            if (unavailable) {
                throw new IllegalStateException("key provider unavailable");
            }
            String bound = bindings.get(value);
            if (bound == null || !bound.startsWith(tenant + "|")) {
                return Result.FORGED;
            }
            return bound.equals(binding(tenant, pan.reveal(InsecurePanAccess.get()), amountMinor, currency, merchantId, eci))
                    ? Result.VALID : Result.MISMATCHED;
        }

        private static String binding(TenantId tenant, String pan, long amountMinor, Currency currency, String merchantId, String eci) {
            return tenant + "|" + pan + "|" + amountMinor + "|" + currency.getCurrencyCode() + "|" + merchantId + "|" + eci;
        }
    }

    /**
     * One issuer tenant on one database: opens cards, builds requests and decides them on the
     * current module; {@link #restart} builds a new module over the same database, as a new
     * process would.
     */
    static final class Issuer {
        final DataSource db;
        final MutableClock clock;
        final HmacFingerprinter fingerprinter = new HmacFingerprinter();
        final CodeTable codes = new CodeTable();
        final ValueTable values = new ValueTable();
        final TenantId tenant = TenantId.random();
        final List<String> pans = new ArrayList<>();
        private final RiskModule.Settings settings;
        private int serial;
        private int trace;
        RiskModule module;

        Issuer() {
            this(null);
        }

        /** @param stage replaces the feature computation (package-private seam), or null */
        Issuer(Function<FeatureEngine, FeatureStage> stage) {
            this(RiskModule.Settings.defaults(), stage);
        }

        Issuer(RiskModule.Settings settings, Function<FeatureEngine, FeatureStage> stage) {
            this.db = database();
            this.clock = new MutableClock(START);
            this.settings = settings;
            this.module = new RiskModule(db, fingerprinter, codes, values, clock, settings, stage);
        }

        /** A new module over the same database with other settings: another instance configured differently. */
        RiskModule restart(Function<FeatureEngine, FeatureStage> stage, RiskModule.Settings other) {
            module = new RiskModule(db, fingerprinter, codes, values, clock, other, stage);
            return module;
        }

        /** A new module over the same database (not started). */
        RiskModule restart(Function<FeatureEngine, FeatureStage> stage) {
            module = new RiskModule(db, fingerprinter, codes, values, clock, settings, stage);
            return module;
        }

        AuthorizationHost host() {
            return module.host();
        }

        /**
         * A new Luhn-valid 16-digit number under {@code bin6}, far from the others (account
         * numbers 7,919 apart, so no two are "sequential" by accident).
         */
        String newPan(String bin6) {
            serial++;
            return pan(bin6, 100_000_000L + serial * 7_919L);
        }

        String newPan() {
            return newPan("411111");
        }

        /** The 16-digit number with {@code bin6}, then nine account digits, then the check digit. */
        static String pan(String bin6, long account9) {
            String body = bin6 + String.format("%09d", account9);
            return body + Luhn.checkDigit(body);
        }

        /** Opens an active JPY account with the test verification key; its code is {@link #RIGHT_CODE}. */
        CardAccount open(String pan, long limitMinor) {
            CardAccount account = module.cardAccounts().open(tenant, Pan.of(pan), EXPIRY, "101", JPY, limitMinor, CVK);
            codes.put(pan, RIGHT_CODE);
            pans.add(pan);
            return account;
        }

        CardAccount openNew(long limitMinor) {
            return open(newPan(), limitMinor);
        }

        CardAccount account(CardAccount account) {
            return module.cardAccounts().get(tenant, account.id()).orElseThrow();
        }

        /** An authentication value the ACS would issue for this card and amount at the default merchant, in JPY. */
        String authenticationValue(String pan, long amountMinor, String eci) {
            return values.issue(tenant, pan, amountMinor, JPY, "SHOP001", eci);
        }

        Req request(String pan) {
            if (!pans.contains(pan)) {
                pans.add(pan);
            }
            trace++;
            return new Req(pan).stan(String.format("%06d", trace)).rrn(String.format("R%011d", trace));
        }

        Decision decide(Req req) {
            return module.host().decide(req.build(tenant, clock.instant()), req.source);
        }

        LoggedDecision logged(Decision decision) {
            return module.decisionLog().get(tenant, decision.id()).orElseThrow();
        }

        void policy(ScoringFallback fallback, int budgetMicros) {
            module.policies().save(tenant, new TenantRiskPolicy(fallback, budgetMicros, "JP"));
        }

        /** Saves and activates a rule set. @return its version */
        int activeRules(String source) {
            try {
                int version = module.rules().save(tenant, source, "test", "tester");
                module.rules().activate(tenant, version, "tester");
                return version;
            } catch (dev.mamori.risk.rules.RuleErrors e) {
                throw new AssertionError("rules do not compile: " + e.errors(), e);
            }
        }
    }

    /** A request under construction; every part a test does not set has a plain e-commerce value. */
    static final class Req {
        final String pan;
        MessageKind kind = MessageKind.AUTHORIZATION;
        long amountMinor = 1_000;
        Currency currency = JPY;
        YearMonth expiry = EXPIRY;
        String code;
        Channel channel = Channel.ECOMMERCE;
        String merchantId = "SHOP001";
        String terminalId = "T0000001";
        String mcc = "5411";
        String country = "JP";
        String stan;
        String rrn;
        String originalStan;
        String originalRrn;
        String device;
        String ip;
        String email;
        String address;
        AuthorizationRequest.ThreeDsResult threeDs;
        String source = "json";

        Req(String pan) {
            this.pan = pan;
        }

        Req amount(long minor) {
            this.amountMinor = minor;
            return this;
        }

        Req currency(String code) {
            this.currency = Currency.getInstance(code);
            return this;
        }

        Req code(String code) {
            this.code = code;
            return this;
        }

        Req expiry(YearMonth expiry) {
            this.expiry = expiry;
            return this;
        }

        Req merchant(String merchantId) {
            this.merchantId = merchantId;
            return this;
        }

        Req terminal(String terminalId) {
            this.terminalId = terminalId;
            return this;
        }

        Req stan(String stan) {
            this.stan = stan;
            return this;
        }

        Req rrn(String rrn) {
            this.rrn = rrn;
            return this;
        }

        Req kind(MessageKind kind) {
            this.kind = kind;
            return this;
        }

        /** A reversal (0400) of the message with this STAN and RRN at the same terminal. */
        Req reversalOf(String originalStan, String originalRrn) {
            this.kind = MessageKind.REVERSAL;
            this.originalStan = originalStan;
            this.originalRrn = originalRrn;
            this.source = "iso";
            return this;
        }

        Req device(String device) {
            this.device = device;
            return this;
        }

        Req ip(String ip) {
            this.ip = ip;
            return this;
        }

        Req email(String email) {
            this.email = email;
            return this;
        }

        Req address(String address) {
            this.address = address;
            return this;
        }

        Req threeDs(String eci, String authenticationValue, String transStatus) {
            this.threeDs = new AuthorizationRequest.ThreeDsResult(eci, authenticationValue, transStatus);
            return this;
        }

        AuthorizationRequest build(TenantId tenant, Instant receivedAt) {
            AuthorizationRequest.PresentedCard card = new AuthorizationRequest.PresentedCard(Pan.of(pan), expiry,
                    code == null ? null : SecurityCode.of(code), null, null);
            return new AuthorizationRequest(tenant, kind, card, amountMinor, currency, "000000", channel,
                    new AuthorizationRequest.Merchant(merchantId, terminalId, "TEST SHOP TOKYO JP", mcc, country),
                    new AuthorizationRequest.Trace(stan, rrn, null, "010", "59", originalStan, originalRrn),
                    new AuthorizationRequest.EcData(device, ip, email, address, threeDs), receivedAt);
        }
    }
}
