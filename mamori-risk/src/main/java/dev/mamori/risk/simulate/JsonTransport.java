package dev.mamori.risk.simulate;

import dev.mamori.common.InsecurePanAccess;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/authorizations}: the card number in clear over the API (as an acquirer sends it),
 * channel {@code ec} with device, IP, e-mail, delivery address and 3-D Secure result, or {@code f2f}.
 * The API has no field for the payment's own time: the server stamps it on arrival.
 */
final class JsonTransport implements Transport {
    private final ApiClient api;

    JsonTransport(ApiClient api) {
        this.api = api;
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public Outcome send(SimEvent e, String stan, String rrn, LocalDateTime localTime) {
        String body = body(e, stan, rrn);
        long started = System.nanoTime();
        ApiClient.Reply reply;
        try {
            reply = api.post("/v1/authorizations", body);
        } catch (IOException ex) {
            return Outcome.failed("io: " + ex.getClass().getSimpleName(), System.nanoTime() - started);
        }
        long latency = System.nanoTime() - started;
        if (!reply.ok()) {
            return Outcome.failed(reply.problem(), latency);
        }
        Map<String, Object> decision = Json.object(reply.json());
        Object reasons = decision.get("reasons");
        return new Outcome(Json.string(decision, "responseCode"),
                reasons instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : null, null, latency);
    }

    /** The request body. It holds the card number: built here, sent, never logged. */
    static String body(SimEvent e, String stan, String rrn) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"pan\":\"").append(e.pan.reveal(InsecurePanAccess.get())).append('"');
        if (e.expiry != null) {
            out.append(",\"expiryMonth\":").append(e.expiry.getMonthValue()).append(",\"expiryYear\":").append(e.expiry.getYear());
        }
        if (e.securityCode != null) {
            out.append(",\"cvc\":\"").append(e.securityCode).append('"');
        }
        out.append(",\"amount\":").append(e.amount).append(",\"currency\":\"JPY\",\"channel\":\"")
                .append(e.channel == SimEvent.Channel.EC ? "ec" : "f2f").append('"');
        out.append(",\"merchant\":{\"id\":\"").append(e.merchant.id()).append("\",\"terminalId\":\"").append(e.merchant.terminalId())
                .append("\",\"name\":\"").append(e.merchant.name()).append("\",\"mcc\":\"").append(e.merchant.mcc())
                .append("\",\"country\":\"").append(e.merchant.country()).append("\"}");
        out.append(",\"stan\":\"").append(stan).append("\",\"rrn\":\"").append(rrn).append('"');
        if (e.channel == SimEvent.Channel.EC) {
            out.append(",\"ec\":{");
            boolean first = true;
            first = field(out, first, "deviceId", e.deviceId);
            first = field(out, first, "ip", e.ip);
            first = field(out, first, "email", e.email);
            first = field(out, first, "deliveryAddress", e.deliveryAddress);
            if (e.eci != null) {
                out.append(first ? "" : ",").append("\"threeDs\":{\"eci\":\"").append(e.eci).append('"');
                if (e.authenticationValue != null) {
                    out.append(",\"authenticationValue\":\"").append(e.authenticationValue).append('"');
                }
                out.append(",\"transStatus\":\"").append(e.threeDsStatus == null ? "Y" : e.threeDsStatus).append("\"}");
            }
            out.append('}');
        }
        return out.append('}').toString();
    }

    private static boolean field(StringBuilder out, boolean first, String name, String value) {
        if (value == null) {
            return first;
        }
        out.append(first ? "" : ",").append('"').append(name).append("\":");
        Json.quote(out, value);
        return false;
    }

    @Override
    public void close() {
    }
}
