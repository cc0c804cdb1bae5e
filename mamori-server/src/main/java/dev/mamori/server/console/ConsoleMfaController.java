package dev.mamori.server.console;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.mamori.server.identity.ConsoleLogin;
import dev.mamori.server.identity.UserAccount;
import dev.mamori.server.security.ConsoleSessions;
import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.server.audit.RequestAudit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second login step: enrol an authenticator app (secret as text and QR code) on first login,
 * then a TOTP code at every login. Only a session that passed the password step gets here.
 */
@Controller
class ConsoleMfaController {
    private static final String PENDING_URI = "mamori.totp.pending-uri";

    private final ConsoleLogin login;
    private final ConsoleSessions sessions;

    ConsoleMfaController(ConsoleLogin login, ConsoleSessions sessions) {
        this.login = login;
        this.sessions = sessions;
    }

    @GetMapping("/console/mfa")
    String page(Model model, HttpSession session) {
        MamoriPrincipal me = CurrentPrincipal.require();
        UserAccount user = login.user(me.userId()).orElseThrow();
        if (!user.totpEnabled()) {
            ConsoleLogin.Enrolment enrolment = login.startEnrolment(user.id());
            session.setAttribute(PENDING_URI, enrolment.otpauthUri());
            model.addAttribute("secret", enrolment.base32Secret());
            model.addAttribute("enrol", true);
        } else {
            model.addAttribute("enrol", false);
        }
        model.addAttribute("username", user.username());
        return "console/mfa";
    }

    @PostMapping("/console/mfa")
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response) {
        MamoriPrincipal me = CurrentPrincipal.require();
        ConsoleLogin.Result outcome = login.verifyTotp(me.userId(), code, RequestAudit.origin(request));
        switch (outcome) {
            case ACCEPTED -> {
                request.getSession().removeAttribute(PENDING_URI);
                // Roles as they are now, not as they were at the password step.
                UserAccount user = login.user(me.userId()).orElseThrow();
                sessions.completeLogin(new MamoriPrincipal(user.tenant(), me.subject(), me.type(), user.roles(), user.id()),
                        request, response);
                return "redirect:/console";
            }
            case LOCKED -> {
                sessions.end(request, response);
                return "redirect:/console/login?error";
            }
            default -> {
                return "redirect:/console/mfa?error";
            }
        }
    }

    /** The pending enrolment's otpauth URI as a QR code, drawn as SVG (no inline script, no data URI). */
    @GetMapping(value = "/console/mfa/qr.svg", produces = "image/svg+xml")
    ResponseEntity<String> qr(HttpSession session) throws WriterException {
        Object uri = session.getAttribute(PENDING_URI);
        if (!(uri instanceof String text)) {
            return ResponseEntity.notFound().build();
        }
        BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0);
        StringBuilder svg = new StringBuilder();
        int quiet = 4;
        int size = matrix.getWidth() + 2 * quiet;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(size).append(' ').append(size)
                .append("\" width=\"220\" height=\"220\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    svg.append('M').append(x + quiet).append(' ').append(y + quiet).append("h1v1h-1z");
                }
            }
        }
        svg.append("\"/></svg>");
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.valueOf("image/svg+xml"))
                .body(svg.toString());
    }
}
