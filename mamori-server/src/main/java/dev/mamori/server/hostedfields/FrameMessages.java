package dev.mamori.server.hostedfields;

import java.util.Map;

/**
 * Everything the card form shows a cardholder, in Japanese and English. Labels are rendered into
 * the frame page; the messages are handed to frame.js (as a data attribute, not inline script)
 * for instant validation and for showing the server's refusals, keyed {@code field.rule}.
 */
final class FrameMessages {
    private FrameMessages() {}

    static final Map<String, String> JA = Map.ofEntries(
            Map.entry("title", "カード情報の入力"),
            Map.entry("number", "カード番号"),
            Map.entry("expiry", "有効期限（月/年）"),
            Map.entry("cvc", "セキュリティコード"),
            Map.entry("cvcHint", "カード裏面の3桁の数字（American Expressは表面の4桁）"),
            Map.entry("expiryPlaceholder", "MM/YY"),
            Map.entry("secureNote", "カード情報はMamoriに直接送信され、ショップには保存されません。"),
            Map.entry("brand", "ブランド"),
            Map.entry("processing", "処理しています…"),
            Map.entry("unavailable", "このお支払いフォームは現在ご利用いただけません。"),
            Map.entry("pan.required", "カード番号を入力してください。"),
            Map.entry("pan.digits", "カード番号は数字で入力してください。"),
            Map.entry("pan.length", "カード番号の桁数が正しくありません。"),
            Map.entry("pan.luhn", "カード番号が正しくありません。もう一度ご確認ください。"),
            Map.entry("pan.brand", "このカードブランドはご利用いただけません。"),
            Map.entry("pan.brand-length", "カード番号の桁数が正しくありません。"),
            Map.entry("pan.invalid", "カード番号が正しくありません。"),
            Map.entry("expiry.required", "有効期限を入力してください。"),
            Map.entry("expiry.format", "有効期限は「MM/YY」の形式で入力してください。"),
            Map.entry("expiry.range", "有効期限の月または年が正しくありません。"),
            Map.entry("expiry.expired", "このカードは有効期限が切れています。"),
            Map.entry("expiry.invalid", "有効期限が正しくありません。"),
            Map.entry("cvc.required", "セキュリティコードを入力してください。"),
            Map.entry("cvc.digits", "セキュリティコードは数字で入力してください。"),
            Map.entry("cvc.length", "セキュリティコードの桁数が正しくありません（American Expressは4桁、その他は3桁）。"),
            Map.entry("cvc.invalid", "セキュリティコードが正しくありません。"),
            Map.entry("session", "入力画面の有効期限が切れました。ページを再読み込みしてください。"),
            Map.entry("rate-limited", "試行回数が上限に達しました。しばらく待ってからもう一度お試しください。"),
            Map.entry("network", "通信できませんでした。もう一度お試しください。"),
            Map.entry("failed", "カード情報を登録できませんでした。もう一度お試しください。"));

    static final Map<String, String> EN = Map.ofEntries(
            Map.entry("title", "Card details"),
            Map.entry("number", "Card number"),
            Map.entry("expiry", "Expiry date (MM/YY)"),
            Map.entry("cvc", "Security code"),
            Map.entry("cvcHint", "3 digits on the back (American Express: 4 digits on the front)"),
            Map.entry("expiryPlaceholder", "MM/YY"),
            Map.entry("secureNote", "Your card details go straight to Mamori; the shop never stores them."),
            Map.entry("brand", "Brand"),
            Map.entry("processing", "Processing…"),
            Map.entry("unavailable", "This payment form is not available."),
            Map.entry("pan.required", "Enter the card number."),
            Map.entry("pan.digits", "The card number may contain digits only."),
            Map.entry("pan.length", "The card number has the wrong number of digits."),
            Map.entry("pan.luhn", "The card number is not valid. Please check it."),
            Map.entry("pan.brand", "This card brand is not accepted."),
            Map.entry("pan.brand-length", "The card number has the wrong number of digits."),
            Map.entry("pan.invalid", "The card number is not valid."),
            Map.entry("expiry.required", "Enter the expiry date."),
            Map.entry("expiry.format", "Enter the expiry date as MM/YY."),
            Map.entry("expiry.range", "The expiry month or year is not valid."),
            Map.entry("expiry.expired", "This card has expired."),
            Map.entry("expiry.invalid", "The expiry date is not valid."),
            Map.entry("cvc.required", "Enter the security code."),
            Map.entry("cvc.digits", "The security code may contain digits only."),
            Map.entry("cvc.length", "The security code has the wrong number of digits (4 for American Express, 3 otherwise)."),
            Map.entry("cvc.invalid", "The security code is not valid."),
            Map.entry("session", "This form has expired. Please reload the page."),
            Map.entry("rate-limited", "Too many attempts. Please wait a minute and try again."),
            Map.entry("network", "Could not connect. Please try again."),
            Map.entry("failed", "The card could not be registered. Please try again."));

    static String locale(String requested) {
        return "en".equals(requested) ? "en" : "ja";
    }

    static Map<String, String> of(String locale) {
        return "en".equals(locale) ? EN : JA;
    }
}
