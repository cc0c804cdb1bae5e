package dev.mamori.risk.simulate;

import dev.mamori.common.InsecurePanAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One EC payment's 3-D Secure authentication, run as the merchant's checkout and the shopper's
 * browser would, over the server's public interfaces only: the card is tokenized
 * ({@code POST /v1/tokens}, the PSP's role), the authentication started with the shopper's browser
 * data ({@code POST /v1/threeds/authentications}), the 3DS Method page visited when the ACS has
 * one, and a challenge answered through the ACS's HTML pages (found by their element ids) before
 * the CRes goes to the 3DS Server's notification URL and the result is read back.
 *
 * <p>Who answers a challenge: the cardholder types the code of their phone's authenticator app;
 * a fraudster, who does not have the phone, types a wrong code, cancels, or walks away (and the
 * ACS's timeout ends it). Card numbers go to the API in request bodies only, never in a URL.
 */
final class ThreeDsFlow {
    /** The acquirer BIN the simulated merchants' 3DS Server sends. */
    static final String ACQUIRER_BIN = "400551";
    private static final int MAX_ANSWERS = 6;

    /** How an authentication ended, from the merchant's point of view. */
    enum Result {
        FRICTIONLESS, CHALLENGE_PASSED, CHALLENGE_FAILED, CHALLENGE_ABANDONED, REFUSED, UNAVAILABLE, ERROR;

        /** A merchant sends the authorization after these: with the authentication, or (unavailable, error) without. */
        boolean authorize() {
            return this == FRICTIONLESS || this == CHALLENGE_PASSED || this == UNAVAILABLE || this == ERROR;
        }
    }

    /** What the shopper does on the challenge page. */
    enum Behaviour {
        /** Types the authenticator app's code. */
        CARDHOLDER,
        /** Has no phone: types made-up codes until the ACS gives up. */
        WRONG_CODE,
        /** Has no phone: presses Cancel. */
        CANCEL,
        /** Has no phone: closes the window; the ACS's challenge timeout ends it. */
        WALK_AWAY
    }

    /**
     * @param transStatus the final transStatus, or null
     * @param eci the ECI for the authorization, or null
     * @param authenticationValue the CAVV/AAV for the authorization, or null
     * @param challenged whether the ACS asked for a challenge
     * @param detail why, for errors (no card data)
     */
    record Authentication(Result result, String transStatus, String eci, String authenticationValue, boolean challenged, String detail) {
        /** The authorization carries it: a completed authentication with an ECI. */
        boolean carriesThreeDs() {
            return (result == Result.FRICTIONLESS || result == Result.CHALLENGE_PASSED) && eci != null;
        }

        /** A value with ECI 05/02 or 06/01 that the issuer's host verifies: fraud liability moves to the issuer. */
        boolean liabilityShift() {
            return carriesThreeDs() && authenticationValue != null && ("Y".equals(transStatus) || "A".equals(transStatus));
        }
    }

    /**
     * EC payments use 3-D Secure when the cardholder's checkout share says so (the event carries
     * an ECI) or the shop requires it. Card testers pick shops that do not.
     */
    static boolean usesThreeDs(SimEvent e) {
        return e.channel == SimEvent.Channel.EC && e.cardholder >= 0 && e.scenario != Scenario.CREDIT_MASTER
                && (e.eci != null || requiresThreeDs(e.merchant));
    }

    /** Domestic shops selling what fraudsters resell (electronics, game credits) require 3-D Secure. */
    static boolean requiresThreeDs(Merchants.Merchant merchant) {
        return "JP".equals(merchant.country()) && (merchant.category() == Merchants.Category.ELECTRONICS_ONLINE
                || merchant.category() == Merchants.Category.DIGITAL_GAMES);
    }

    /** The key may not tokenize or authenticate: no run with 3-D Secure can go on. */
    static final class NotAllowed extends RuntimeException {
        NotAllowed(String message) {
            super(message);
        }
    }

    private final ApiClient api;
    private final HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    private final String returnUrl;
    private final Map<Integer, String> tokens = new HashMap<>();

    ThreeDsFlow(ApiClient api, String baseUrl) {
        this.api = api;
        this.returnUrl = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/simulated-shop/return";
    }

    /**
     * Authenticates one EC payment. {@code phone} is the cardholder's (null when the shopper does
     * not have it); a {@link Behaviour#CARDHOLDER} without a phone cancels a challenge.
     */
    Authentication authenticate(SimEvent e, Behaviour behaviour, SimulatedPhone phone) throws IOException, InterruptedException {
        String token = token(e);
        if (token == null) {
            return new Authentication(Result.ERROR, null, null, null, false, "tokenization failed");
        }
        ApiClient.Reply started = api.post("/v1/threeds/authentications", startBody(e, token, returnUrl));
        if (started.status() == 401 || started.status() == 403) {
            throw new NotAllowed("POST /v1/threeds/authentications answered " + started.problem());
        }
        if (!started.ok()) {
            return new Authentication(Result.ERROR, null, null, null, false, "POST /v1/threeds/authentications " + started.problem());
        }
        Map<String, Object> a = Json.object(started.json());
        String id = Json.string(a, "id");
        if ("method".equals(Json.string(a, "status"))) {
            boolean notified = method(Json.object(a.get("method")), e);
            ApiClient.Reply continued = api.post("/v1/threeds/authentications/" + id + "/continue",
                    notified ? "{}" : "{\"methodCompleted\":\"N\"}");
            if (!continued.ok()) {
                return new Authentication(Result.ERROR, null, null, null, false, "POST .../continue " + continued.problem());
            }
            a = Json.object(continued.json());
        }
        String status = Json.string(a, "status");
        if ("challenge".equals(status)) {
            return challenge(id, Json.object(a.get("challenge")), e, behaviour, phone);
        }
        if ("completed".equals(status)) {
            return completed(a, false, false);
        }
        Object error = a.get("error");
        return new Authentication(status.equals("failed") ? Result.ERROR : Result.UNAVAILABLE, null, null, null, false,
                "authentication " + status + (error == null ? "" : " " + Json.string(Json.object(error), "code")));
    }

    private String token(SimEvent e) throws IOException {
        String known = e.cardholder >= 0 ? tokens.get(e.cardholder) : null;
        if (known != null) {
            return known;
        }
        StringBuilder body = new StringBuilder("{\"pan\":\"").append(e.pan.reveal(InsecurePanAccess.get())).append('"');
        if (e.expiry != null) {
            body.append(",\"expiryMonth\":").append(e.expiry.getMonthValue()).append(",\"expiryYear\":").append(e.expiry.getYear());
        }
        body.append(",\"deduplicate\":true}");
        ApiClient.Reply reply = api.post("/v1/tokens", body.toString());
        if (reply.status() == 401 || reply.status() == 403) {
            throw new NotAllowed("POST /v1/tokens answered " + reply.problem());
        }
        if (!reply.ok()) {
            return null;
        }
        String token = Json.string(Json.object(reply.json()), "token");
        if (e.cardholder >= 0 && token != null) {
            tokens.put(e.cardholder, token);
        }
        return token;
    }

    /** The checkout's request: amount, merchant, the shopper's browser, e-mail and delivery address. */
    static String startBody(SimEvent e, String token, String returnUrl) {
        StringBuilder out = new StringBuilder(768);
        out.append("{\"token\":");
        Json.quote(out, token);
        out.append(",\"amount\":").append(e.amount).append(",\"currency\":\"JPY\",\"orderId\":\"sim-").append(e.sequence).append('"');
        out.append(",\"merchant\":{\"id\":");
        Json.quote(out, e.merchant.id());
        out.append(",\"name\":");
        Json.quote(out, e.merchant.name().length() > 40 ? e.merchant.name().substring(0, 40) : e.merchant.name());
        out.append(",\"mcc\":\"").append(e.merchant.mcc()).append("\",\"country\":\"").append(e.merchant.country())
                .append("\",\"acquirerBin\":\"").append(ACQUIRER_BIN).append("\"}");
        out.append(",\"browser\":").append(browser(e));
        out.append(",\"returnUrl\":");
        Json.quote(out, returnUrl);
        out.append(",\"challengeWindowSize\":\"05\",\"category\":\"payment\",\"channel\":\"browser\"");
        if (e.email != null) {
            out.append(",\"email\":");
            Json.quote(out, e.email);
        }
        if (e.deliveryAddress != null) {
            out.append(",\"shipping\":{\"line1\":");
            Json.quote(out, e.deliveryAddress.length() > 50 ? e.deliveryAddress.substring(0, 50) : e.deliveryAddress);
            out.append(",\"country\":\"JP\"}");
        }
        return out.append('}').toString();
    }

    /**
     * The shopper's browser. A cardholder's is the one of their device (a phone or a PC in Japan,
     * Japanese, UTC+9); a fraudster's is their own machine abroad or behind a VPN (English, another
     * time zone), except the account taker, who copies the victim's language and time zone.
     */
    static String browser(SimEvent e) {
        boolean fraudster = e.scenario.fraud();
        int h = Math.floorMod(e.deviceId == null ? e.sequence : e.deviceId.hashCode(), 4);
        boolean phone = h < 2;
        String userAgent;
        int height;
        int width;
        if (fraudster && e.scenario != Scenario.ACCOUNT_TAKEOVER) {
            userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
            height = 768;
            width = 1366;
        } else if (phone) {
            userAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5"
                    + " Mobile/15E148 Safari/604.1";
            height = 844;
            width = 390;
        } else {
            userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
            height = 1080;
            width = 1920;
        }
        boolean japanese = !fraudster || e.scenario == Scenario.ACCOUNT_TAKEOVER;
        StringBuilder out = new StringBuilder(512);
        out.append("{\"acceptHeader\":\"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\",\"userAgent\":");
        Json.quote(out, userAgent);
        out.append(",\"language\":\"").append(japanese ? "ja-JP" : "en-US").append("\",\"colorDepth\":24,\"screenHeight\":")
                .append(height).append(",\"screenWidth\":").append(width).append(",\"timeZone\":").append(japanese ? -540 : h * 60 - 60)
                .append(",\"javaEnabled\":false,\"javascriptEnabled\":true");
        if (e.ip != null) {
            out.append(",\"ip\":\"").append(e.ip).append('"');
        }
        return out.append('}').toString();
    }

    /** Visits the ACS's 3DS Method page and posts its form back to the 3DS Server; whether that worked. */
    private boolean method(Map<String, Object> method, SimEvent e) throws IOException, InterruptedException {
        URI url = URI.create(Json.string(method, "url"));
        Page page = post(url, "threeDSMethodData=" + encode(Json.string(method, "threeDSMethodData")), e);
        HtmlForm form = page.status() == 200 ? HtmlForm.find(page.html(), "method-form", url) : null;
        if (form == null) {
            return false;
        }
        return post(form.action(), form.body(Map.of()), e).status() < 400;
    }

    private Authentication challenge(String id, Map<String, Object> challenge, SimEvent e, Behaviour behaviour, SimulatedPhone phone)
            throws IOException, InterruptedException {
        URI acs = URI.create(Json.string(challenge, "acsUrl"));
        Page page = post(acs, "creq=" + encode(Json.string(challenge, "creq")), e);
        boolean cancelled = false;
        for (int answers = 0; answers <= MAX_ANSWERS; answers++) {
            if (page.status() != 200) {
                return new Authentication(Result.ERROR, null, null, null, true, "challenge page HTTP " + page.status());
            }
            HtmlForm cres = HtmlForm.find(page.html(), "cres-form", page.uri());
            if (cres != null && HtmlForm.hasElement(page.html(), "continue")) {
                Page notified = post(cres.action(), cres.body(Map.of()), e);
                if (notified.status() >= 400) {
                    return new Authentication(Result.ERROR, null, null, null, true, "challenge notification HTTP " + notified.status());
                }
                return result(id, cancelled);
            }
            HtmlForm form = HtmlForm.find(page.html(), "challenge-form", page.uri());
            if (form == null || !HtmlForm.hasElement(page.html(), "cancel")) {
                return new Authentication(Result.ERROR, null, null, null, true, "no challenge form on the ACS's page");
            }
            // The authenticator-app page has a code field and no "send a new code" button.
            boolean totpPage = HtmlForm.hasElement(page.html(), "otp") && !HtmlForm.hasElement(page.html(), "resend");
            Map<String, String> answer;
            switch (behaviour == Behaviour.CARDHOLDER && (phone == null || !totpPage) ? Behaviour.CANCEL : behaviour) {
                case CARDHOLDER -> answer = Map.of("action", "answer", "otp", phone.nextCode());
                case WRONG_CODE -> answer = Map.of("action", "answer", "otp", wrongCode(e, answers));
                case WALK_AWAY -> {
                    return new Authentication(Result.CHALLENGE_ABANDONED, null, null, null, true, "walked away");
                }
                default -> {
                    answer = Map.of("action", "cancel");
                    cancelled = true;
                }
            }
            page = post(form.action(), form.body(answer), e);
        }
        return new Authentication(Result.ERROR, null, null, null, true, "the challenge did not end after " + MAX_ANSWERS + " answers");
    }

    /** The 3DS Server's result once the CRes came back (the RReq reaches it first, through the DS). */
    private Authentication result(String id, boolean cancelled) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            ApiClient.Reply reply = api.get("/v1/threeds/authentications/" + id);
            if (!reply.ok()) {
                return new Authentication(Result.ERROR, null, null, null, true, "GET /v1/threeds/authentications/{id} " + reply.problem());
            }
            Map<String, Object> a = Json.object(reply.json());
            if ("completed".equals(Json.string(a, "status"))) {
                return completed(a, true, cancelled);
            }
            Thread.sleep(50L * (attempt + 1));
        }
        return new Authentication(Result.ERROR, null, null, null, true, "no result after the challenge");
    }

    static Authentication completed(Map<String, Object> a, boolean challenged, boolean cancelled) {
        String status = Json.string(a, "transStatus");
        Map<String, Object> authorization = a.get("authorization") instanceof Map<?, ?> ? Json.object(a.get("authorization")) : Map.of();
        String eci = Json.string(authorization, "eci");
        String value = Json.string(authorization, "authenticationValue");
        Result result;
        if ("Y".equals(status) || "A".equals(status)) {
            result = challenged ? Result.CHALLENGE_PASSED : Result.FRICTIONLESS;
        } else if (challenged) {
            result = cancelled ? Result.CHALLENGE_ABANDONED : Result.CHALLENGE_FAILED;
        } else if ("N".equals(status) || "R".equals(status)) {
            result = Result.REFUSED;
        } else {
            result = Result.UNAVAILABLE;
        }
        return new Authentication(result, status, eci, value, challenged, null);
    }

    /** A fraudster's guess: six digits from the payment's sequence, never a computed code. */
    static String wrongCode(SimEvent e, int attempt) {
        return String.format("%06d", Math.floorMod(e.sequence * 7_919L + attempt * 104_729L + 13, 1_000_000L));
    }

    record Page(int status, String html, URI uri) {
        @Override
        public String toString() {
            return "Page[" + status + ", " + uri + "]";
        }
    }

    private Page post(URI url, String form, SimEvent e) throws IOException, InterruptedException {
        boolean japanese = !e.scenario.fraud() || e.scenario == Scenario.ACCOUNT_TAKEOVER;
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .header("Accept-Language", japanese ? "ja-JP,ja;q=0.9" : "en-US,en;q=0.9")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Page(response.statusCode(), response.body(), url);
        } catch (IOException ex) {
            throw new IOException("POST " + url.getPath() + " failed: " + ex.getClass().getSimpleName(), ex);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
