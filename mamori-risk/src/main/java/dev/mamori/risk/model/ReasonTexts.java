package dev.mamori.risk.model;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a model's reasons into words an analyst and a cardholder-service agent understand, in
 * Japanese or English, from the feature's canonical name: {@code card.count(1h)} reads "Payments
 * with this card in the last 1 hour: 7 (raised the risk)" / 「直近1時間のこのカードの利用回数: 7（リスクを上げた）」.
 * Names it does not know are shown as they are, never dropped.
 */
public final class ReasonTexts {
    private static final Pattern AGGREGATE = Pattern.compile("([a-z]+)\\.([a-zA-Z]+)\\(([0-9]+[smhd])\\)");
    private static final Pattern DISTINCT = Pattern.compile("([a-z]+)\\.distinct\\(([a-z]+),([0-9]+[smhd])\\)");

    private static final Map<String, String[]> ENTITIES = Map.of(
            "card", new String[] {"this card", "このカード"},
            "device", new String[] {"this device", "この端末"},
            "ip", new String[] {"this IP address", "このIPアドレス"},
            "email", new String[] {"this e-mail address", "このメールアドレス"},
            "address", new String[] {"this delivery address", "この配送先住所"},
            "merchant", new String[] {"this merchant", "この加盟店"},
            "bin", new String[] {"this card range (BIN)", "このBIN（カード番号の範囲）"});

    private static final Map<String, String[]> COUNTED = Map.of(
            "card", new String[] {"cards", "カード"},
            "device", new String[] {"devices", "端末"},
            "ip", new String[] {"IP addresses", "IPアドレス"},
            "email", new String[] {"e-mail addresses", "メールアドレス"},
            "address", new String[] {"delivery addresses", "配送先住所"},
            "merchant", new String[] {"merchants", "加盟店"},
            "bin", new String[] {"card ranges (BINs)", "BIN"});

    // {English with %s = entity and %w = window, Japanese likewise}
    private static final Map<String, String[]> FUNCTIONS = Map.of(
            "count", new String[] {"Payments with %s in the last %w", "直近%wの%sの利用回数"},
            "sum", new String[] {"Amount approved with %s in the last %w", "直近%wの%sの承認金額"},
            "declines", new String[] {"Declined payments with %s in the last %w", "直近%wの%sの拒否回数"},
            "declineRatio", new String[] {"Share of payments declined with %s in the last %w", "直近%wの%sの拒否率"},
            "small", new String[] {"Small, test-sized payments with %s in the last %w", "直近%wの%sの少額（テスト的）決済の回数"},
            "cvcFailures", new String[] {"Wrong security codes or expiry dates with %s in the last %w",
                "直近%wの%sでのセキュリティコード・有効期限の誤り回数"},
            "sequential", new String[] {"Cards with neighbouring numbers used from %s in the last %w",
                "直近%wに%sから使われた連番に近いカードの数"});

    private static final Map<String, String[]> FACTS = Map.ofEntries(
            Map.entry("amount", new String[] {"Amount", "金額"}),
            Map.entry("crossBorder", new String[] {"Merchant outside the issuer's country", "海外の加盟店"}),
            Map.entry("merchant.highRisk", new String[] {"High-risk merchant category", "高リスク業種の加盟店"}),
            Map.entry("card.sinceLast", new String[] {"Seconds since the card's previous payment", "前回利用からの経過秒数"}),
            Map.entry("card.newDevice", new String[] {"Device new to this card", "このカードで初めての端末"}),
            Map.entry("card.newIp", new String[] {"IP address new to this card", "このカードで初めてのIPアドレス"}),
            Map.entry("card.newAddress", new String[] {"Delivery address new to this card", "このカードで初めての配送先"}),
            Map.entry("card.newMerchant", new String[] {"Merchant new to this card", "このカードで初めての加盟店"}),
            Map.entry("card.amountRatio", new String[] {"Amount compared with the card's usual amount", "通常の利用額との比"}),
            Map.entry("hour", new String[] {"Hour of the day (Japan time)", "時間帯（日本時間）"}));

    private static final java.util.Set<String> YES_NO = java.util.Set.of("crossBorder", "merchant.highRisk", "card.newDevice",
            "card.newIp", "card.newAddress", "card.newMerchant");

    private ReasonTexts() {
    }

    /** The feature in words, without its value: "Payments with this card in the last 1 hour". */
    public static String describe(String feature, Locale locale) {
        int lang = japanese(locale) ? 1 : 0;
        String[] fact = FACTS.get(feature);
        if (fact != null) {
            return fact[lang];
        }
        Matcher d = DISTINCT.matcher(feature);
        if (d.matches() && ENTITIES.containsKey(d.group(1)) && COUNTED.containsKey(d.group(2))) {
            String entity = ENTITIES.get(d.group(1))[lang];
            String counted = COUNTED.get(d.group(2))[lang];
            String window = window(d.group(3), lang);
            return lang == 1 ? "直近" + window + "に" + entity + "で使われた" + counted + "の数"
                    : "Different " + counted + " used with " + entity + " in the last " + window;
        }
        Matcher a = AGGREGATE.matcher(feature);
        if (a.matches() && ENTITIES.containsKey(a.group(1)) && FUNCTIONS.containsKey(a.group(2))) {
            return FUNCTIONS.get(a.group(2))[lang].replace("%s", ENTITIES.get(a.group(1))[lang]).replace("%w", window(a.group(3), lang));
        }
        return feature;
    }

    /** The whole reason: "Payments with this card in the last 1 hour: 7 (raised the risk)". */
    public static String explain(ModelReason reason, Locale locale) {
        boolean ja = japanese(locale);
        String value;
        if (YES_NO.contains(reason.feature())) {
            value = reason.value() > 0.5 ? (ja ? "はい" : "yes") : (ja ? "いいえ" : "no");
        } else if (Double.isNaN(reason.value())) {
            value = ja ? "不明" : "unknown";
        } else if (reason.value() == Math.rint(reason.value())) {
            value = String.format(Locale.ROOT, "%,d", (long) reason.value());
        } else {
            value = String.format(Locale.ROOT, "%.2f", reason.value());
        }
        String direction = reason.contribution() >= 0 ? (ja ? "リスクを上げた" : "raised the risk") : (ja ? "リスクを下げた" : "lowered the risk");
        return describe(reason.feature(), locale) + (ja ? "：" : ": ") + value + (ja ? "（" + direction + "）" : " (" + direction + ")");
    }

    private static boolean japanese(Locale locale) {
        return locale != null && "ja".equals(locale.getLanguage());
    }

    private static String window(String text, int lang) {
        String amount = text.substring(0, text.length() - 1);
        String[] unit = switch (text.charAt(text.length() - 1)) {
            case 's' -> new String[] {" second", "秒"};
            case 'm' -> new String[] {" minute", "分"};
            case 'h' -> new String[] {" hour", "時間"};
            default -> new String[] {" day", "日間"};
        };
        if (lang == 1) {
            return amount + unit[1];
        }
        return amount + unit[0] + ("1".equals(amount) ? "" : "s");
    }
}
