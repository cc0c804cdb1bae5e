package dev.mamori.threeds.challenge.internal;

import dev.mamori.threeds.challenge.OtpMessage;
import dev.mamori.threeds.challenge.Purchase;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words of one-time password messages, in Japanese (times in JST) or English (times in UTC).
 * They name the merchant, the amount, the card's last four digits and the expiry, never the card number.
 */
public final class OtpTexts {
    private static final DateTimeFormatter JST = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("UTC"));

    private OtpTexts() {
    }

    public static boolean japanese(Locale locale) {
        return locale != null && "ja".equals(locale.getLanguage());
    }

    public static String subject(OtpMessage m) {
        return japanese(m.locale()) ? "【本人認証】ワンタイムパスワードのお知らせ" : "Your one-time password for an online purchase";
    }

    public static String emailBody(OtpMessage m) {
        long minutes = Math.max(1, m.validFor().toMinutes());
        Purchase p = m.purchase();
        StringBuilder b = new StringBuilder();
        if (japanese(m.locale())) {
            b.append("ネットショッピングの本人認証のためのワンタイムパスワードです。\n\n");
            b.append("ワンタイムパスワード: ").append(m.code()).append("\n\n");
            if (p != null && p.merchantName() != null) {
                b.append("ご利用先: ").append(clean(p.merchantName())).append('\n');
            }
            if (p != null && p.amountMinor() != null) {
                b.append("ご利用金額: ").append(amount(p)).append('\n');
            }
            b.append("カード: 末尾 ").append(m.cardLast4()).append('\n');
            b.append("有効期限: ").append(JST.format(m.expiresAt())).append(" (日本時間、").append(minutes).append("分間有効)\n\n");
            b.append("このパスワードを他人に教えないでください。カード会社がお電話やメールでパスワードをお尋ねすることはありません。\n");
            b.append("お心当たりのない場合は入力せず、カード裏面の電話番号までご連絡ください。\n");
        } else {
            b.append("Here is the one-time password to confirm an online purchase.\n\n");
            b.append("One-time password: ").append(m.code()).append("\n\n");
            if (p != null && p.merchantName() != null) {
                b.append("Merchant: ").append(clean(p.merchantName())).append('\n');
            }
            if (p != null && p.amountMinor() != null) {
                b.append("Amount: ").append(amount(p)).append('\n');
            }
            b.append("Card: ending in ").append(m.cardLast4()).append('\n');
            b.append("Valid until: ").append(UTC.format(m.expiresAt())).append(" UTC (").append(minutes).append(minutes == 1 ? " minute" : " minutes")
                    .append(")\n\n");
            b.append("Do not share this password. Your card company will never ask you for it by phone or e-mail.\n");
            b.append("If you did not make this purchase, do not enter it and call the number on the back of your card.\n");
        }
        return b.toString();
    }

    public static String smsBody(OtpMessage m) {
        long minutes = Math.max(1, m.validFor().toMinutes());
        Purchase p = m.purchase();
        String where = p == null || purchaseLine(p).isEmpty() ? " " : " " + purchaseLine(p) + " ";
        if (japanese(m.locale())) {
            return "【本人認証】ワンタイムパスワード " + m.code() + where + "カード末尾" + m.cardLast4() + " " + minutes
                    + "分間有効。他人に教えないでください。";
        }
        return "One-time password " + m.code() + where + "card ending " + m.cardLast4() + ", valid " + minutes
                + " min. Do not share it.";
    }

    /** The merchant and amount on one line. */
    public static String purchaseLine(Purchase p) {
        String merchant = p.merchantName() == null ? "" : clean(p.merchantName());
        String amount = p.amountMinor() == null ? "" : amount(p);
        return (merchant + " " + amount).trim();
    }

    /** {@code JPY 1,000} or {@code USD 12.34}. */
    public static String amount(Purchase p) {
        if (p.amountMinor() == null || p.currency() == null) {
            return "";
        }
        int digits = Math.max(0, p.currency().getDefaultFractionDigits());
        DecimalFormat format = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits), DecimalFormatSymbols.getInstance(Locale.ROOT));
        return p.currency().getCurrencyCode() + " " + format.format(BigDecimal.valueOf(p.amountMinor(), digits));
    }

    /** The merchant's name as the merchant sent it, without line breaks or control characters, at most 60 characters. */
    static String clean(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 60; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().strip();
    }
}
