package dev.mamori.phishing.cases;

import java.util.List;

/** A warning for cardholders about one phishing case, in Japanese or English, with the URLs defanged. */
public final class CaseWarnings {
    private CaseWarnings() {
    }

    /** @param lang {@code ja} or {@code en} */
    public static String text(PhishingCase c, List<String> urls, String lang) {
        List<String> shown = (urls.isEmpty() ? List.of(c.url()) : urls).stream().limit(10).map(Defang::of).toList();
        if (lang == null || lang.equalsIgnoreCase("ja")) {
            return japanese(c.brand(), shown);
        }
        if (lang.equalsIgnoreCase("en")) {
            return english(c.brand(), shown);
        }
        throw new InvalidReportException("lang", "one-of", "lang must be ja or en");
    }

    private static String japanese(String brand, List<String> urls) {
        String name = brand == null ? "カード会社" : brand;
        StringBuilder t = new StringBuilder();
        t.append("【注意喚起】").append(name).append("をかたるフィッシングにご注意ください\n\n");
        t.append(name).append("を装った偽のメールやSMS（ショートメッセージ）が確認されています。")
                .append("記載されたURLのサイトは偽物です。アクセスしたり、情報を入力したりしないでください。\n\n");
        t.append("確認されている偽サイトのURL（誤ってアクセスしないよう一部を記号に置き換えています）:\n");
        urls.forEach(u -> t.append("  ").append(u).append('\n'));
        t.append('\n').append(name).append("がメールやSMSで、カード番号・有効期限・セキュリティコード・暗証番号・")
                .append("ワンタイムパスワードの入力をお願いすることはありません。\n\n");
        t.append("偽サイトにカード番号などを入力してしまった場合は:\n");
        t.append("  ・カード番号を入力した場合は、すぐにカード裏面の電話番号へご連絡ください。カードの利用停止と再発行をご案内します。\n");
        t.append("  ・ご利用明細に身に覚えのないご利用がないかご確認ください。\n");
        t.append("  ・同じIDやパスワードを他のサービスでもお使いの場合は、すぐに変更してください。\n\n");
        t.append("不審なメールやSMSは、フィッシング対策協議会（info@antiphishing.jp）にもご報告いただけます。\n");
        return t.toString();
    }

    private static String english(String brand, List<String> urls) {
        String name = brand == null ? "your card issuer" : brand;
        StringBuilder t = new StringBuilder();
        t.append("Warning: phishing messages pretending to be from ").append(name).append("\n\n");
        t.append("Fake e-mails and text messages (SMS) pretending to come from ").append(name).append(" are being sent. ")
                .append("The sites they link to are fake. Do not open them and do not enter any information.\n\n");
        t.append("Fake sites seen so far (written so that they cannot be clicked by mistake):\n");
        urls.forEach(u -> t.append("  ").append(u).append('\n'));
        t.append('\n').append(name).append(" never asks for your card number, expiry date, security code, PIN or one-time password ")
                .append("by e-mail or SMS.\n\n");
        t.append("If you entered your details on such a site:\n");
        t.append("  - If you entered your card number, call the telephone number on the back of your card at once: the card will be ")
                .append("stopped and reissued.\n");
        t.append("  - Check your statement for payments you did not make.\n");
        t.append("  - If you use the same ID or password elsewhere, change it now.\n\n");
        t.append("You can also forward suspicious messages to the Council of Anti-Phishing Japan (info@antiphishing.jp).\n");
        return t.toString();
    }
}
