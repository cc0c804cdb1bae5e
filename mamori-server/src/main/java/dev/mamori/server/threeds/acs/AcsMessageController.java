package dev.mamori.server.threeds.acs;

import dev.mamori.threeds.acs.Acs;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The app challenge's CReq from the 3DS SDK. (The ACS's other message endpoint, the AReq, is answered
 * by {@code dev.mamori.server.threeds.ProtocolMessageFilter}, before the security chain.)
 */
@RestController
class AcsMessageController {
    private final Acs acs;

    AcsMessageController(Acs acs) {
        this.acs = acs;
    }

    /**
     * The app challenge: the CReq as a compact JWE under the key agreed through the ARes's acsSignedContent;
     * the CRes comes back as a JWE ({@code application/jose}), an Erro as plain JSON. A plain JSON CReq is
     * not allowed by the spec and gets Erro 302 like any body that cannot be decrypted.
     */
    @PostMapping(value = "/threeds/acs/app-challenge")
    ResponseEntity<byte[]> appChallenge(@RequestBody(required = false) byte[] body) {
        Acs.AppAnswer answer = acs.handleEncryptedAppCReq(body);
        MediaType type = answer.encrypted() ? new MediaType("application", "jose", java.nio.charset.StandardCharsets.UTF_8)
                : MediaType.APPLICATION_JSON;
        return ResponseEntity.ok().contentType(type).header("Cache-Control", "no-store").body(answer.body());
    }
}
