package dev.mamori.server.threeds.requestor;

import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.requestor.ThreeDsServer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The 3DS Server's protocol endpoints: the RReq relayed by the DS, and the two pages the cardholder's
 * browser posts to from the ACS (3DS Method done; challenge done, with the CRes). The challenge page
 * sends the cardholder back to the merchant's return URL with the authentication id, no card data.
 */
@RestController
@Tag(name = "3-D Secure 3DS Server (protocol)")
class ThreeDsServerController {
    private static final Logger log = LoggerFactory.getLogger(ThreeDsServerController.class);
    /** The pages run only our own script (which sends the cardholder on) and no styles of their own. */
    private static final String CSP = "default-src 'none'; script-src 'self'; img-src 'self'; base-uri 'none'";

    private final ThreeDsServer server;
    private final MessageSource messages;

    ThreeDsServerController(ThreeDsServer server, MessageSource messages) {
        this.server = server;
        this.messages = messages;
    }

    @PostMapping(value = ThreeDsServer.RREQ_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "RReq relayed by the Directory Server: the final result is recorded; RRes or Erro")
    ResponseEntity<byte[]> rreq(@RequestBody(required = false) byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(server.rreq(body == null ? new byte[0] : body).toBytes());
    }

    @PostMapping(value = ThreeDsServer.METHOD_NOTIFICATION_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The ACS's 3DS Method page reports that the method ran (form field threeDSMethodData)")
    ResponseEntity<String> methodNotification(@RequestParam(name = "threeDSMethodData", required = false) String data) {
        boolean known = server.methodNotification(data);
        // The page sits in a hidden iframe: nothing to show, only the status for whoever looks.
        return page(known ? HttpStatus.OK : HttpStatus.BAD_REQUEST, "<p>" + text(known ? "threeds.server.method.done"
                : "threeds.server.method.unknown") + "</p>");
    }

    @PostMapping(value = ThreeDsServer.CHALLENGE_NOTIFICATION_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The cardholder's browser posts the ACS's CRes (form field cres); the page returns to the merchant")
    ResponseEntity<String> challengeNotification(@RequestParam(name = "cres", required = false) String cres,
                                                 @RequestParam(name = "threeDSSessionData", required = false) String sessionData) {
        ThreeDsServer.ChallengeReturn back;
        try {
            back = server.challengeResult(cres);
        } catch (ThreeDsException e) {
            log.info("challenge notification refused: {} {}", e.code().code(), e.errorDetail());
            return page(HttpStatus.BAD_REQUEST, "<p>" + text("threeds.server.challenge.invalid") + "</p>");
        }
        String status = "<p>" + text("Y".equals(back.transStatus()) || "A".equals(back.transStatus())
                ? "threeds.server.challenge.done" : "threeds.server.challenge.failed") + "</p>";
        if (back.returnUrl() == null) {
            return page(HttpStatus.OK, status);
        }
        URI target = UriComponentsBuilder.fromUriString(back.returnUrl()).queryParam("authenticationId", back.authenticationId())
                .build().toUri();
        String href = HtmlUtils.htmlEscape(target.toString());
        return page(HttpStatus.OK, status + "<p><a id=\"mamori-return\" href=\"" + href + "\" target=\"_top\">"
                + text("threeds.server.challenge.return") + "</a></p><script src=\"/threeds/assets/server-return.js\"></script>");
    }

    /**
     * A form body Tomcat cannot decode (cres=%%%): the same page as for a CRes or method data that
     * cannot be read; at the RReq endpoint the Erro for a message that is not JSON.
     */
    @org.springframework.web.bind.annotation.ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<?> unreadableForm(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.endsWith(ThreeDsServer.RREQ_PATH)) {
            return rreq(new byte[0]);
        }
        boolean method = path.endsWith(ThreeDsServer.METHOD_NOTIFICATION_PATH);
        return page(HttpStatus.BAD_REQUEST, "<p>" + text(method ? "threeds.server.method.unknown" : "threeds.server.challenge.invalid") + "</p>");
    }

    private String text(String key) {
        Locale locale = LocaleContextHolder.getLocale();
        return HtmlUtils.htmlEscape(messages.getMessage(key, null, key, locale));
    }

    private ResponseEntity<String> page(HttpStatus status, String body) {
        String lang = LocaleContextHolder.getLocale().getLanguage().equals("ja") ? "ja" : "en";
        String html = "<!DOCTYPE html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + text("threeds.server.title")
                + "</title></head><body>" + body + "</body></html>";
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", CSP).header("Cache-Control", "no-store").body(html);
    }
}
