package dev.mamori.phishing.dkim;

import java.nio.charset.StandardCharsets;

/**
 * The signed message and key records of RFC 8463 Appendix A (A.2 keys, A.3 signed message),
 * with the RFC's line breaks; the RFC's lines end in CRLF on the wire.
 */
public final class Rfc8463Example {
    static final String ED25519_RECORD = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    /** The RSA record's four character-strings, joined as the DNS resolver joins them. */
    static final String RSA_RECORD = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"
            + "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC"
            + "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"
            + "Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

    /** Appendix A.3, LF line endings (the verifier reads them as CRLF). */
    public static final String SIGNED_MESSAGE = """
            DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;
             d=football.example.com; i=@football.example.com;
             q=dns/txt; s=brisbane; t=1528637909; h=from : to :
             subject : date : message-id : from : subject : date;
             bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
             b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus
             Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==
            DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
             d=football.example.com; i=@football.example.com;
             q=dns/txt; s=test; t=1528637909; h=from : to : subject :
             date : message-id : from : subject : date;
             bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
             b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3
             DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz
             dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=
            From: Joe SixPack <joe@football.example.com>
            To: Suzie Q <suzie@shopping.example.net>
            Subject: Is dinner ready?
            Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)
            Message-ID: <20030712040037.46341.5F8J@football.example.com>

            Hi.

            We lost the game.  Are you hungry yet?

            Joe.
            """;

    static byte[] crlf() {
        return SIGNED_MESSAGE.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] lf() {
        return SIGNED_MESSAGE.getBytes(StandardCharsets.US_ASCII);
    }

    static InMemoryDns dns() {
        return new InMemoryDns()
                .txt("brisbane._domainkey.football.example.com", ED25519_RECORD)
                .txt("test._domainkey.football.example.com", RSA_RECORD);
    }

    private Rfc8463Example() {}
}
