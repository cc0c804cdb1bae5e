package dev.mamori.server.risk;

import dev.mamori.common.Currencies;
import dev.mamori.common.Pan;
import dev.mamori.common.TenantId;
import dev.mamori.risk.AuthorizationRequest;
import dev.mamori.risk.Channel;
import dev.mamori.risk.MessageKind;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** Checks shared by the JSON and ISO 8583 interfaces when they build an {@link AuthorizationRequest}. */
public final class AuthorizationRequests {
    private AuthorizationRequests() {
    }

    /** ISO 4217 alpha (JPY) or numeric (392) code. */
    public static Currency currency(String code, String field) {
        if (code != null) {
            String trimmed = code.trim();
            if (trimmed.matches("[A-Za-z]{3}")) {
                try {
                    return Currency.getInstance(trimmed.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    // fall through to the error below
                }
            } else if (trimmed.matches("[0-9]{3}")) {
                Currency currency = Currencies.byNumericCode(trimmed).orElse(null);
                if (currency != null) {
                    return currency;
                }
            }
        }
        throw invalid(field, "iso-4217", field + " must be an ISO 4217 currency code such as JPY or 392");
    }

    public static Channel channel(String id, String field) {
        if (id == null) {
            return Channel.ECOMMERCE;
        }
        Channel channel = Channel.fromId(id.trim());
        if (channel == null) {
            throw invalid(field, "one-of", field + " must be ec, f2f or moto");
        }
        return channel;
    }

    public static MessageKind kind(String id, String field) {
        if (id == null || id.equalsIgnoreCase("authorization")) {
            return MessageKind.AUTHORIZATION;
        }
        if (id.equalsIgnoreCase("financial")) {
            return MessageKind.FINANCIAL;
        }
        throw invalid(field, "one-of", field + " must be authorization or financial");
    }

    public static String mcc(String mcc, String field) {
        if (mcc == null || mcc.isBlank()) {
            return "";
        }
        if (!mcc.matches("[0-9]{4}")) {
            throw invalid(field, "digits", field + " must be four digits (ISO 18245 merchant category code)");
        }
        return mcc;
    }

    public static String country(String country, String field) {
        if (country == null || country.isBlank()) {
            return null;
        }
        if (!country.matches("[A-Za-z]{2}")) {
            throw invalid(field, "iso-3166", field + " must be an ISO 3166 alpha-2 country code such as JP");
        }
        return country.toUpperCase(Locale.ROOT);
    }

    public static ApiProblem invalid(String field, String rule, String message) {
        return new ApiProblem(ProblemType.VALIDATION, message, List.of(new FieldViolation(field, rule, message)));
    }

    /** Routes a card to its issuer tenant by BIN, or to the caller's own tenant when no route names it. */
    public static TenantId issuerOf(dev.mamori.risk.BinRoutes routes, Pan pan, TenantId caller) {
        return routes.route(pan).orElse(caller);
    }
}
