package dev.mamori.threeds.authvalue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.common.Luhn;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.threeds.AuthenticatedPayment;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.authvalue.AuthenticationValues.Verification;
import dev.mamori.vault.keys.Pkcs12MasterKeyProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Currency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Over random payments: an issued value verifies for its payment, and for no payment that differs in one field. */
class AuthenticationValuesPropertiesTest {
    private static final TenantId TENANT = TenantId.random();
    private static Path directory;
    private static Pkcs12MasterKeyProvider provider;
    private static AuthenticationValues values;

    @BeforeContainer
    static void open() throws Exception {
        directory = Files.createTempDirectory("authvalue");
        provider = Pkcs12MasterKeyProvider.open(directory.resolve("keys.p12"), "pass".toCharArray());
        values = new AuthenticationValues(provider);
    }

    @AfterContainer
    static void close() throws Exception {
        provider.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 200)
    void anIssuedValueVerifiesOnlyForItsOwnPayment(@ForAll("payments") AuthenticatedPayment p, @ForAll("changes") int change) {
        String value = values.issue(p);
        assertThat(values.verify(TENANT, value, p.pan(), p.amountMinor(), p.currency(), p.merchantId(), p.eci()))
                .isEqualTo(Verification.VALID);

        Pan pan = p.pan();
        long amount = p.amountMinor();
        Currency currency = p.currency();
        String merchant = p.merchantId();
        String eci = p.eci();
        switch (change) {
            case 0 -> pan = Pan.of(otherPan(p.pan()));
            case 1 -> amount = amount + 1;
            case 2 -> currency = Currency.getInstance(currency.getCurrencyCode().equals("JPY") ? "USD" : "JPY");
            case 3 -> merchant = merchant + "X";
            default -> eci = eci.equals("05") ? "06" : "05";
        }
        assertThat(values.verify(TENANT, value, pan, amount, currency, merchant, eci)).isEqualTo(Verification.MISMATCHED);
    }

    @Provide
    Arbitrary<Integer> changes() {
        return Arbitraries.integers().between(0, 4);
    }

    @Provide
    Arbitrary<AuthenticatedPayment> payments() {
        Arbitrary<String> pans = Arbitraries.strings().numeric().ofLength(15).map(body -> "4" + body.substring(1))
                .map(body -> body + Luhn.checkDigit(body));
        Arbitrary<Long> amounts = Arbitraries.longs().between(0, 10_000_000_000L);
        Arbitrary<Currency> currencies = Arbitraries.of("JPY", "USD", "EUR").map(Currency::getInstance);
        Arbitrary<String> merchants = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(15);
        Arbitrary<String> ecis = Arbitraries.of("05", "06", "02", "01");
        Arbitrary<ChallengeMethod> methods = Arbitraries.of(ChallengeMethod.class).injectNull(0.3);
        Arbitrary<String> acsIds = Arbitraries.create(() -> java.util.UUID.randomUUID().toString());
        return Combinators.combine(pans, amounts, currencies, merchants, ecis, methods, acsIds)
                .as((pan, amount, currency, merchant, eci, method, acs) -> new AuthenticatedPayment(TENANT, Pan.of(pan), amount, currency,
                        merchant, acs, eci, method, Instant.EPOCH));
    }

    private static String otherPan(Pan pan) {
        String digits = pan.reveal(dev.mamori.common.InsecurePanAccess.get());
        String body = digits.substring(0, 14) + (char) ('0' + (digits.charAt(14) - '0' + 1) % 10);
        return body + Luhn.checkDigit(body);
    }
}
