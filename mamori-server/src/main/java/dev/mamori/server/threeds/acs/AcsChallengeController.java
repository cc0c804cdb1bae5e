package dev.mamori.server.threeds.acs;

import dev.mamori.threeds.acs.Acs;
import dev.mamori.threeds.acs.BrowserStep;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The browser challenge, shown in the merchant's iframe: the CReq starts it, the cardholder answers,
 * asks for a new code or cancels; at the end a page posts the CRes to the 3DS Server's
 * notificationURL (a Continue button, and a small script from /threeds/assets/ that presses it).
 * Works without JavaScript. Each page sets its own CSP: styles and scripts from this origin only,
 * forms only to this origin (and, on the final page, the notificationURL's origin).
 *
 * <p>Also the 3DS Method page: the ACS sees the cardholder's browser before the AReq, then tells the
 * 3DS Server's notification URL it is done.
 */
@Controller
class AcsChallengeController {
    private static final Pattern SESSION_DATA = Pattern.compile("[A-Za-z0-9_=-]{0,1024}");
    private static final Pattern WINDOW = Pattern.compile("0[1-5]");
    private static final String CHALLENGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'";

    private final Acs acs;
    private final MessageSource messages;
    private final JsonMapper json = JsonMapper.shared();

    AcsChallengeController(Acs acs, MessageSource messages) {
        this.acs = acs;
        this.messages = messages;
    }

    @PostMapping("/threeds/acs/challenge")
    String start(@RequestParam(value = "creq", required = false) String creq,
                 @RequestParam(value = "threeDSSessionData", required = false) String sessionData,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        return render(acs.startBrowserChallenge(creq, request.getLocale()), sessionData, request, response, model);
    }

    @PostMapping("/threeds/acs/challenge/{acsTransId}")
    String act(@PathVariable String acsTransId, @RequestParam(value = "action", required = false) String action,
               @RequestParam(value = "otp", required = false) String otp,
               @RequestParam(value = "threeDSSessionData", required = false) String sessionData,
               HttpServletRequest request, HttpServletResponse response, Model model) {
        BrowserStep step = switch (action == null ? "" : action) {
            case "answer" -> acs.answer(acsTransId, otp);
            case "resend" -> acs.resend(acsTransId);
            case "cancel" -> acs.cancel(acsTransId);
            default -> acs.current(acsTransId);
        };
        return render(step, sessionData, request, response, model);
    }

    private String render(BrowserStep step, String sessionData, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        String session = sessionData != null && SESSION_DATA.matcher(sessionData).matches() ? sessionData : null;
        model.addAttribute("sessionData", session);
        if (step instanceof BrowserStep.Screen screen) {
            AcsPageTexts texts = texts(screen.language(), request);
            response.setHeader("Content-Security-Policy", CHALLENGE_CSP);
            model.addAttribute("t", texts);
            model.addAttribute("screen", screen);
            model.addAttribute("window", window(screen.challengeWindowSize()));
            model.addAttribute("action", "/threeds/acs/challenge/" + screen.acsTransId());
            model.addAttribute("outOfBand", screen.method() == dev.mamori.threeds.ChallengeMethod.OUT_OF_BAND);
            return "threeds/acs-challenge";
        }
        if (step instanceof BrowserStep.Finished finished) {
            AcsPageTexts texts = texts(finished.language(), request);
            String origin = httpOrigin(finished.notificationUrl());
            if (origin == null) {
                return error(texts, "301", response, model);
            }
            response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
                    + "form-action 'self' " + origin + "; base-uri 'none'");
            model.addAttribute("t", texts);
            model.addAttribute("finished", finished);
            model.addAttribute("window", window(finished.challengeWindowSize()));
            return "threeds/acs-result";
        }
        return error(texts(null, request), ((BrowserStep.Failed) step).errorCode(), response, model);
    }

    private String error(AcsPageTexts texts, String code, HttpServletResponse response, Model model) {
        response.setHeader("Content-Security-Policy", CHALLENGE_CSP);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("t", texts);
        model.addAttribute("errorCode", code);
        model.addAttribute("window", "w05");
        return "threeds/acs-error";
    }

    /**
     * The 3DS Method: records that the browser came for {@code threeDSServerTransID}, then posts
     * threeDSMethodData (that id only) to the threeDSMethodNotificationURL in a hidden form.
     */
    @PostMapping("/threeds/acs/method")
    String method(@RequestParam(value = "threeDSMethodData", required = false) String methodData, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        AcsPageTexts texts = texts(null, request);
        String serverTransId = null;
        String notificationUrl = null;
        try {
            JsonNode data = json.readTree(Base64.getUrlDecoder().decode(methodData == null ? "" : methodData.trim().replace("=", "")));
            serverTransId = data.path("threeDSServerTransID").isString() ? data.path("threeDSServerTransID").stringValue() : null;
            notificationUrl = data.path("threeDSMethodNotificationURL").isString()
                    ? data.path("threeDSMethodNotificationURL").stringValue() : null;
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            // Not base64url JSON: answered below like missing data.
        }
        String origin = httpOrigin(notificationUrl);
        if (serverTransId == null || origin == null || !serverTransId.matches("[0-9a-fA-F-]{36}")) {
            return error(texts, "203", response, model);
        }
        acs.recordMethodVisit(serverTransId);
        ObjectNode back = json.createObjectNode();
        back.put("threeDSServerTransID", serverTransId);
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; form-action " + origin + "; base-uri 'none'");
        model.addAttribute("notificationUrl", notificationUrl);
        model.addAttribute("methodData", Base64.getUrlEncoder().withoutPadding().encodeToString(
                json.writeValueAsString(back).getBytes(StandardCharsets.UTF_8)));
        model.addAttribute("t", texts);
        return "threeds/acs-method";
    }

    /** A form body Tomcat cannot decode (creq=%%%): the error page for data in the wrong format (203). */
    @org.springframework.web.bind.annotation.ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    String unreadableForm(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        return error(texts(null, request), "203", response, model);
    }

    private AcsPageTexts texts(String browserLanguage, HttpServletRequest request) {
        return new AcsPageTexts(messages, AcsPageTexts.choose(browserLanguage, request.getLocale()));
    }

    private static String window(String challengeWindowSize) {
        return "w" + (challengeWindowSize != null && WINDOW.matcher(challengeWindowSize).matches() ? challengeWindowSize : "05");
    }

    /** scheme://host[:port] of an http(s) URL, or null for anything else (javascript:, relative, malformed). */
    static String httpOrigin(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
