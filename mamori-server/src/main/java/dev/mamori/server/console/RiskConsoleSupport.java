package dev.mamori.server.console;

import dev.mamori.common.CardBrand;
import dev.mamori.common.Role;
import dev.mamori.risk.DecisionLog;
import dev.mamori.risk.FiredRule;
import dev.mamori.risk.LoggedDecision;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.model.ModelReason;
import dev.mamori.risk.model.ReasonTexts;
import dev.mamori.server.principal.MamoriPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the authorization host's console pages share: who may open and change what (the same role
 * sets as the API's filter chain for {@code /v1/authorizations}, {@code /v1/cards}, {@code /v1/rules},
 * {@code /v1/lists} and {@code /v1/risk}), decision rows as the tables show them (BIN and last four,
 * never a card number), times in UTC, amounts in major units.
 */
@Component
class RiskConsoleSupport {
    static final Set<Role> LOG_READERS = EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN, Role.AUDITOR);
    static final Set<Role> CARD_READERS = EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN);
    /** Analysts and admins stop or reopen a card from the console. */
    static final Set<Role> CARD_EDITORS = EnumSet.of(Role.ANALYST, Role.ADMIN);
    static final Set<Role> RULE_READERS = EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN, Role.AUDITOR);
    static final Set<Role> RULE_EDITORS = EnumSet.of(Role.ANALYST, Role.ADMIN);
    static final Set<Role> LIST_READERS = EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN, Role.AUDITOR);
    static final Set<Role> LIST_EDITORS = EnumSet.of(Role.ANALYST, Role.ADMIN);
    static final Set<Role> ALERT_READERS = EnumSet.of(Role.ISSUER, Role.ANALYST, Role.ADMIN);
    static final Set<Role> BLOCK_LIFTERS = EnumSet.of(Role.ANALYST, Role.ADMIN);

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** What an {@code <input type="datetime-local">} sends, read as UTC. */
    static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss]");

    private final MessageSource messages;

    RiskConsoleSupport(MessageSource messages) {
        this.messages = messages;
    }

    static boolean any(MamoriPrincipal me, Set<Role> roles) {
        return me != null && me.roles().stream().anyMatch(roles::contains);
    }

    static String notFound(MamoriPrincipal me, Model model, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("me", me);
        return "console/not-found";
    }

    static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A {@code datetime-local} value as a UTC instant; empty for blank, null for unreadable. */
    static Optional<Instant> utc(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(text.trim(), LOCAL_INPUT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** "12,345 JPY", "12.34 USD": minor units shown in the currency's major unit. */
    static String amount(long minor, String currencyCode) {
        int digits = 0;
        try {
            digits = Math.max(0, Currency.getInstance(currencyCode).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            // unknown code: show the minor units as they are
        }
        BigDecimal major = BigDecimal.valueOf(minor, digits);
        return String.format(Locale.ROOT, "%,." + digits + "f", major) + " " + (currencyCode == null ? "" : currencyCode);
    }

    /** "Visa 411111…1111": brand, BIN and last four; never more of the number. */
    static String cardLabel(String bin, String last4) {
        if (last4 == null) {
            return "—";
        }
        CardBrand brand = CardBrand.detect(bin);
        return (brand == null ? "" : brand.displayName() + " ") + (bin == null ? "" : bin) + "…" + last4;
    }

    String message(String key, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, args, key, locale);
    }

    /** The response code's meaning in the reader's language (the English description when no translation exists). */
    String meaning(ResponseCode code) {
        if (code == null) {
            return "";
        }
        return messages.getMessage("risk.rc." + code.code(), null, code.description(), LocaleContextHolder.getLocale());
    }

    /** One fired rule as a table shows it. */
    record Fired(String name, int version, String action, String reason, boolean shadow) {
    }

    /** One decision as the log and the card timeline show it. */
    record Row(UUID id, String time, String card, String amount, String merchant, String channel, String responseCode, String meaning,
               boolean approved, String action, List<String> reasons, List<Fired> fired, long latencyMicros, String source, String kind,
               UUID cardAccountId, String score, List<String> modelReasons) {
    }

    Row row(LoggedDecision d) {
        List<Fired> fired = DecisionLog.firedRules(d).stream().map(RiskConsoleSupport::fired).toList();
        String merchant = d.merchantName() != null && !d.merchantName().isBlank()
                ? d.merchantName() + (d.merchantId() == null ? "" : " (" + d.merchantId() + ")")
                : d.merchantId() == null ? "" : d.merchantId();
        return new Row(d.id(), time(d.receivedAt()), cardLabel(d.bin(), d.last4()), amount(d.amountMinor(), d.currency()), merchant,
                d.channel() == null ? "" : d.channel().id(), d.responseCode() == null ? "" : d.responseCode().code(),
                meaning(d.responseCode()), d.responseCode() != null && d.responseCode().approved(), d.action().id(),
                reasons(d.reasons()), fired, d.latencyMicros(), d.source(), d.kind().name().toLowerCase(Locale.ROOT), d.cardAccountId(),
                d.score() == null ? "" : String.format(Locale.ROOT, "%.3f", d.score()), modelReasons(d));
    }

    /** The model's top reasons in the reader's language ("Payments with this card in the last 1 hour: 7 (raised the risk)"). */
    static List<String> modelReasons(LoggedDecision d) {
        Locale locale = LocaleContextHolder.getLocale();
        return ModelReason.parse(d.modelReasons()).stream().map(r -> ReasonTexts.explain(r, locale)).toList();
    }

    private static Fired fired(FiredRule r) {
        return new Fired(r.name(), r.version(), r.action().id(), r.reason(), r.shadow());
    }

    static List<String> reasons(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return Arrays.stream(joined.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
