package dev.mamori.phishing.posture;

import java.util.Locale;

/**
 * Every finding a posture check can report: a stable {@link #code()} an operator can search for, a severity,
 * and what is wrong and how to fix it in English and Japanese. The finding's detail (the record, a count)
 * is in {@link PostureFinding#detail()}.
 */
public enum PostureCode {
    // DNS
    DNS_TEMPORARY_FAILURE("dns.temporary-failure", Severity.MEDIUM,
            "A DNS lookup failed temporarily (SERVFAIL or timeout); this part of the posture is unknown, not missing.",
            "DNS の問い合わせが一時的に失敗しました (SERVFAIL またはタイムアウト)。この項目は「未設定」ではなく「不明」です。",
            "Check that the domain's name servers answer, then check again.",
            "ドメインのネームサーバーが応答することを確認し、再チェックしてください。"),

    // DMARC
    DMARC_MISSING("dmarc.missing", Severity.CRITICAL,
            "No DMARC record applies to this domain: receivers do not reject mail forged in its name.",
            "このドメインに適用される DMARC レコードがありません。なりすましメールが受信側で拒否されません。",
            "Publish a TXT record at _dmarc.<domain>: v=DMARC1; p=reject; rua=mailto:<reports address> (start with p=none only while you collect reports).",
            "_dmarc.<ドメイン> に TXT レコード v=DMARC1; p=reject; rua=mailto:<レポート宛先> を公開してください (p=none はレポート収集中の一時的な設定に限ります)。"),
    DMARC_MULTIPLE("dmarc.multiple", Severity.CRITICAL,
            "More than one DMARC record at _dmarc: receivers ignore them all, as if there were none.",
            "_dmarc に DMARC レコードが複数あります。受信側はすべて無視し、DMARC 未設定と同じ扱いになります。",
            "Keep exactly one v=DMARC1 TXT record at _dmarc.<domain>.",
            "_dmarc.<ドメイン> の v=DMARC1 レコードを一つだけにしてください。"),
    DMARC_POLICY_NONE("dmarc.policy-none", Severity.HIGH,
            "The DMARC policy that applies is p=none: forged mail is delivered, only reported.",
            "適用される DMARC ポリシーが p=none です。なりすましメールは報告されるだけで配送されます。",
            "Once the aggregate reports show every legitimate sender passing, move to p=quarantine and then p=reject.",
            "集約レポートで正規の送信元がすべて合格していることを確認したら、p=quarantine、続いて p=reject に変更してください。"),
    DMARC_POLICY_QUARANTINE("dmarc.policy-quarantine", Severity.LOW,
            "The DMARC policy is p=quarantine: forged mail goes to spam folders instead of being rejected.",
            "DMARC ポリシーが p=quarantine です。なりすましメールは拒否されず迷惑メールフォルダに届きます。",
            "Move to p=reject, as the February 2023 request of METI, the NPA and MIC to card companies asks.",
            "2023年2月の経済産業省・警察庁・総務省の要請どおり、p=reject に変更してください。"),
    DMARC_PARTIAL("dmarc.partial", Severity.MEDIUM,
            "The DMARC policy applies to only part of the mail (pct below 100).",
            "DMARC ポリシーが一部のメールにしか適用されません (pct が 100 未満)。",
            "Remove pct= (or set pct=100) so the policy applies to all mail.",
            "pct= を削除する (または pct=100 にする) と、すべてのメールにポリシーが適用されます。"),
    DMARC_TESTING("dmarc.testing", Severity.MEDIUM,
            "The DMARC record is in testing mode (t=y): receivers apply one level below the published policy.",
            "DMARC レコードがテストモード (t=y) です。受信側は公開ポリシーより一段弱い処理をします。",
            "Remove t=y once you have checked the reports.",
            "レポートを確認したら t=y を削除してください。"),
    DMARC_NO_RUA("dmarc.no-rua", Severity.MEDIUM,
            "The DMARC record asks for no aggregate reports (no valid rua=): nobody sees who sends mail in the domain's name.",
            "DMARC レコードに集約レポートの宛先 (有効な rua=) がありません。ドメイン名で誰がメールを送っているか把握できません。",
            "Add rua=mailto:<address> and send the reports to Mamori's DMARC report intake.",
            "rua=mailto:<宛先> を追加し、レポートを Mamori の DMARC レポート取り込みに送ってください。"),
    DMARC_SYNTAX("dmarc.syntax", Severity.MEDIUM,
            "The DMARC record has syntax errors; receivers use the defaults for the broken tags.",
            "DMARC レコードに構文エラーがあります。受信側は誤ったタグを既定値として扱います。",
            "Correct the tags named in the detail.",
            "詳細に示したタグを修正してください。"),
    DMARC_SUBDOMAIN_NONE("dmarc.subdomain-none", Severity.MEDIUM,
            "The record's subdomain policy (sp= or np=) is none: mail forged from subdomains is not rejected.",
            "サブドメイン用ポリシー (sp= または np=) が none です。サブドメインを使ったなりすましが拒否されません。",
            "Remove sp=none / np=none, or set them to reject.",
            "sp=none / np=none を削除するか reject にしてください。"),
    DMARC_INHERITED("dmarc.inherited", Severity.INFO,
            "The domain has no DMARC record of its own; the organizational domain's record applies (its sp= or np=).",
            "このドメイン自体には DMARC レコードがなく、組織ドメインのレコード (sp= または np=) が適用されます。",
            "Nothing to do if the inherited policy is what you want; publish a record at _dmarc.<domain> to set its own.",
            "継承されるポリシーで問題なければ対応不要です。個別に設定する場合は _dmarc.<ドメイン> にレコードを公開してください。"),

    // SPF
    SPF_MISSING("spf.missing", Severity.HIGH,
            "No SPF record: receivers cannot tell the domain's mail servers from forgers.",
            "SPF レコードがありません。受信側は正規の送信サーバーとなりすましを区別できません。",
            "Publish one TXT record v=spf1 listing the servers that send for the domain, ending in -all.",
            "送信サーバーを列挙し -all で終わる v=spf1 の TXT レコードを一つ公開してください。"),
    SPF_MULTIPLE("spf.multiple", Severity.HIGH,
            "More than one SPF record: every SPF check of the domain ends in permerror.",
            "SPF レコードが複数あります。このドメインの SPF 検証はすべて permerror になります。",
            "Merge them into one v=spf1 record.",
            "一つの v=spf1 レコードにまとめてください。"),
    SPF_SYNTAX("spf.syntax", Severity.HIGH,
            "The SPF record (or one it includes) breaks the grammar: every check ends in permerror.",
            "SPF レコード (または include 先) が構文違反です。検証はすべて permerror になります。",
            "Correct the record (RFC 7208 section 12).",
            "RFC 7208 の構文に合わせてレコードを修正してください。"),
    SPF_PASS_ALL("spf.pass-all", Severity.CRITICAL,
            "The SPF record ends in +all: every host on the internet passes SPF for this domain.",
            "SPF レコードが +all で終わっています。インターネット上のすべてのホストが SPF に合格します。",
            "Replace +all with -all (or ~all while you check your senders).",
            "+all を -all に変更してください (送信元を確認中は ~all)。"),
    SPF_NEUTRAL_ALL("spf.neutral-all", Severity.MEDIUM,
            "The SPF record ends in ?all: unlisted hosts are neutral, which receivers treat like no policy.",
            "SPF レコードが ?all で終わっています。未登録のホストは neutral となり、ポリシーなしと同じ扱いです。",
            "Replace ?all with -all.",
            "?all を -all に変更してください。"),
    SPF_NO_ALL("spf.no-all", Severity.MEDIUM,
            "The SPF record has neither all nor redirect=: unlisted hosts are neutral.",
            "SPF レコードに all も redirect= もありません。未登録のホストは neutral となります。",
            "End the record with -all.",
            "レコードの末尾に -all を追加してください。"),
    SPF_TOO_MANY_LOOKUPS("spf.too-many-lookups", Severity.HIGH,
            "The SPF record needs more than 10 DNS lookups (counting includes): receivers stop with permerror.",
            "SPF レコードの DNS 参照が 10 回を超えます (include を含む)。受信側で permerror になります。",
            "Remove unused includes, replace a and mx by ip4/ip6, or split senders onto subdomains.",
            "不要な include を削除し、a や mx を ip4/ip6 に置き換えるか、送信元をサブドメインに分けてください。"),
    SPF_PTR("spf.ptr", Severity.LOW,
            "The SPF record uses ptr, which RFC 7208 says should not be used (slow, unreliable).",
            "SPF レコードが ptr を使っています。RFC 7208 では非推奨です (遅く信頼性が低い)。",
            "Replace ptr by ip4/ip6 or a.",
            "ptr を ip4/ip6 または a に置き換えてください。"),
    SPF_REJECTS_ALL_SENDING("spf.rejects-all-on-sending-domain", Severity.HIGH,
            "The domain is registered as sending mail but its SPF record is v=spf1 -all: all its mail fails SPF.",
            "メールを送信するドメインとして登録されていますが、SPF レコードが v=spf1 -all です。送信メールはすべて SPF 不合格になります。",
            "List the sending servers in the record, or register the domain as not sending mail.",
            "送信サーバーをレコードに追加するか、ドメインを「メール送信なし」として登録し直してください。"),

    // Non-sending domains (February 2023 request of METI, NPA and MIC)
    NON_SENDING_SPF("non-sending.spf", Severity.HIGH,
            "The domain sends no mail but its SPF record is not exactly v=spf1 -all.",
            "メールを送信しないドメインですが、SPF レコードが v=spf1 -all ではありません。",
            "Publish the TXT record v=spf1 -all so that every host fails SPF.",
            "TXT レコード v=spf1 -all を公開し、すべてのホストを SPF 不合格にしてください。"),
    NON_SENDING_DMARC("non-sending.dmarc", Severity.HIGH,
            "The domain sends no mail but no DMARC p=reject (for all mail, not testing) applies to it.",
            "メールを送信しないドメインですが、DMARC p=reject (全メール対象、テストモードなし) が適用されていません。",
            "Publish v=DMARC1; p=reject at _dmarc.<domain>: METI, the NPA and MIC asked card companies in February 2023 to do so on every customer-facing domain, including those that send no mail.",
            "_dmarc.<ドメイン> に v=DMARC1; p=reject を公開してください。2023年2月、経済産業省・警察庁・総務省はメールを送信しないドメインを含む全ての顧客向けドメインでの対応をクレジットカード会社に要請しています。"),

    // DKIM
    DKIM_WEAK_KEY("dkim.weak-key", Severity.HIGH,
            "A DKIM key is RSA shorter than 1024 bits: receivers must not accept it (RFC 8301) and it can be factored.",
            "DKIM 鍵が 1024 ビット未満の RSA です。受信側は受け付けてはならず (RFC 8301)、解読される恐れがあります。",
            "Generate a 2048-bit RSA (or Ed25519) key, publish it under a new selector and sign with it.",
            "2048 ビット RSA (または Ed25519) の鍵を生成し、新しいセレクタで公開して署名に使ってください。"),
    DKIM_SHORT_KEY("dkim.short-key", Severity.LOW,
            "A DKIM key is RSA shorter than 2048 bits; RFC 8301 asks signers for at least 2048.",
            "DKIM 鍵が 2048 ビット未満の RSA です。RFC 8301 は 2048 ビット以上を求めています。",
            "Rotate to a 2048-bit key.",
            "2048 ビットの鍵に切り替えてください。"),
    DKIM_INVALID("dkim.invalid", Severity.MEDIUM,
            "A DKIM key record cannot be used (syntax, unknown key type or bad key data).",
            "DKIM 鍵レコードが使えません (構文、不明な鍵種別、または鍵データの誤り)。",
            "Republish the key record as v=DKIM1; k=rsa; p=<base64 public key>.",
            "鍵レコードを v=DKIM1; k=rsa; p=<Base64 公開鍵> の形で公開し直してください。"),
    DKIM_TESTING("dkim.testing", Severity.LOW,
            "A DKIM key is in testing mode (t=y): receivers may treat its signatures as unsigned.",
            "DKIM 鍵がテストモード (t=y) です。受信側は署名を無視することがあります。",
            "Remove t=y from the key record.",
            "鍵レコードから t=y を削除してください。"),
    DKIM_REVOKED("dkim.revoked", Severity.INFO,
            "A DKIM selector is revoked (empty p=).",
            "DKIM セレクタが失効しています (p= が空)。",
            "Nothing to do if you retired this key on purpose.",
            "意図的に廃止した鍵であれば対応不要です。"),
    DKIM_SELECTOR_MISSING("dkim.selector-missing", Severity.MEDIUM,
            "A DKIM selector registered for the domain has no key record.",
            "ドメインに登録した DKIM セレクタに鍵レコードがありません。",
            "Publish the key at <selector>._domainkey.<domain>, or remove the selector from the domain.",
            "<セレクタ>._domainkey.<ドメイン> に鍵を公開するか、セレクタの登録を外してください。"),
    DKIM_NONE_FOUND("dkim.none-found", Severity.INFO,
            "No DKIM key was found under the selectors checked.",
            "確認したセレクタに DKIM 鍵が見つかりませんでした。",
            "Register the selectors your mail services sign with, so that their keys are checked.",
            "メールサービスが署名に使うセレクタを登録すると、その鍵を確認できます。"),

    // MTA-STS (RFC 8461)
    MTA_STS_MISSING("mta-sts.missing", Severity.LOW,
            "No MTA-STS policy: mail sent to this domain can be downgraded to plain text in transit.",
            "MTA-STS が設定されていません。このドメイン宛てのメールは経路上で暗号化なしに格下げされる恐れがあります。",
            "Publish _mta-sts.<domain> TXT v=STSv1; id=<id> and the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt.",
            "_mta-sts.<ドメイン> に TXT v=STSv1; id=<ID> を公開し、https://mta-sts.<ドメイン>/.well-known/mta-sts.txt にポリシーを置いてください。"),
    MTA_STS_RECORD_INVALID("mta-sts.record-invalid", Severity.MEDIUM,
            "The _mta-sts TXT record is invalid (several records, or no valid id=).",
            "_mta-sts の TXT レコードが不正です (複数ある、または有効な id= がない)。",
            "Keep exactly one record v=STSv1; id=<1 to 32 letters or digits>.",
            "v=STSv1; id=<英数字 1〜32 文字> のレコードを一つだけにしてください。"),
    MTA_STS_POLICY_UNAVAILABLE("mta-sts.policy-unavailable", Severity.MEDIUM,
            "The MTA-STS policy file could not be fetched over HTTPS; senders ignore MTA-STS.",
            "MTA-STS ポリシーファイルを HTTPS で取得できませんでした。送信側は MTA-STS を無視します。",
            "Serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt with a valid certificate, status 200 and text/plain.",
            "有効な証明書で https://mta-sts.<ドメイン>/.well-known/mta-sts.txt を status 200、text/plain で配信してください。"),
    MTA_STS_POLICY_INVALID("mta-sts.policy-invalid", Severity.MEDIUM,
            "The MTA-STS policy file is invalid; senders ignore it.",
            "MTA-STS ポリシーファイルが不正です。送信側は無視します。",
            "Correct the field named in the detail (version: STSv1, mode, mx, max_age).",
            "詳細に示したフィールド (version: STSv1、mode、mx、max_age) を修正してください。"),
    MTA_STS_TESTING("mta-sts.testing", Severity.LOW,
            "The MTA-STS policy is in testing mode: senders report failures but still deliver without TLS.",
            "MTA-STS ポリシーが testing モードです。送信側は失敗を報告するだけで TLS なしでも配送します。",
            "Switch to mode: enforce once the TLS reports show no failures.",
            "TLS レポートで失敗がないことを確認したら mode: enforce に変更してください。"),
    MTA_STS_MODE_NONE("mta-sts.mode-none", Severity.LOW,
            "The MTA-STS policy has mode: none (MTA-STS switched off).",
            "MTA-STS ポリシーが mode: none (無効) です。",
            "Set mode: testing, then enforce.",
            "mode: testing、続いて enforce にしてください。"),
    MTA_STS_MX_MISMATCH("mta-sts.mx-mismatch", Severity.MEDIUM,
            "An MX host of the domain is not covered by the MTA-STS policy's mx: lines; senders in enforce mode will not deliver to it.",
            "ドメインの MX ホストが MTA-STS ポリシーの mx: に含まれていません。enforce モードの送信側はそのホストに配送しません。",
            "Add the MX host (or a *.<parent> pattern) to the policy's mx: lines.",
            "ポリシーの mx: にその MX ホスト (または *.<親ドメイン>) を追加してください。"),

    // TLS-RPT (RFC 8460)
    TLS_RPT_MISSING("tls-rpt.missing", Severity.LOW,
            "No TLS-RPT record: nobody is told when senders fail to reach the domain over TLS.",
            "TLS-RPT が設定されていません。TLS での配送失敗が通知されません。",
            "Publish _smtp._tls.<domain> TXT v=TLSRPTv1; rua=mailto:<address>.",
            "_smtp._tls.<ドメイン> に TXT v=TLSRPTv1; rua=mailto:<宛先> を公開してください。"),
    TLS_RPT_INVALID("tls-rpt.invalid", Severity.LOW,
            "The TLS-RPT record is invalid (several records, or no valid rua=).",
            "TLS-RPT レコードが不正です (複数ある、または有効な rua= がない)。",
            "Keep exactly one record v=TLSRPTv1; rua=mailto:<address> (or https:).",
            "v=TLSRPTv1; rua=mailto:<宛先> (または https:) のレコードを一つだけにしてください。"),

    // BIMI
    BIMI_INVALID("bimi.invalid", Severity.LOW,
            "The BIMI record at default._bimi is invalid (several records, or l= / a= not an https URL).",
            "default._bimi の BIMI レコードが不正です (複数ある、または l= / a= が https URL でない)。",
            "Publish v=BIMI1; l=https://<logo>.svg; a=https://<certificate>.pem.",
            "v=BIMI1; l=https://<ロゴ>.svg; a=https://<証明書>.pem を公開してください。"),
    BIMI_WITHOUT_ENFORCEMENT("bimi.without-enforcement", Severity.LOW,
            "A BIMI record is published but DMARC is not enforced (p=quarantine or reject for all mail): mailbox providers will not show the logo.",
            "BIMI レコードがありますが DMARC が強制されていません (全メールに p=quarantine または reject が必要)。ロゴは表示されません。",
            "Enforce DMARC (p=reject, no pct below 100, no t=y).",
            "DMARC を強制してください (p=reject、pct 100、t=y なし)。");

    private final String code;
    private final Severity severity;
    private final String message;
    private final String messageJa;
    private final String fix;
    private final String fixJa;

    PostureCode(String code, Severity severity, String message, String messageJa, String fix, String fixJa) {
        this.code = code;
        this.severity = severity;
        this.message = message;
        this.messageJa = messageJa;
        this.fix = fix;
        this.fixJa = fixJa;
    }

    /** The stable code, e.g. {@code dmarc.policy-none}. */
    public String code() {
        return code;
    }

    public Severity severity() {
        return severity;
    }

    /** The area: the part of the code before the dot ({@code dmarc}, {@code spf}, ...). */
    public String area() {
        return code.substring(0, code.indexOf('.'));
    }

    public String message(Locale locale) {
        return isJapanese(locale) ? messageJa : message;
    }

    public String fix(Locale locale) {
        return isJapanese(locale) ? fixJa : fix;
    }

    /** The code with this {@link #code()}. */
    public static PostureCode ofCode(String code) {
        for (PostureCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown posture finding code: " + code);
    }

    private static boolean isJapanese(Locale locale) {
        return locale != null && "ja".equals(locale.getLanguage());
    }
}
