package dev.mamori.server.threeds.ds;

import dev.mamori.threeds.ds.DirectoryServer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Directory Server's protocol endpoints: AReq from 3DS Servers, RReq from ACSs, PReq. Every
 * answer is a 3DS message (an Erro for a bad one), with HTTP 200 as the components expect.
 */
@RestController
@Tag(name = "3-D Secure Directory Server (protocol)")
class DirectoryServerController {
    private final DirectoryServer ds;

    DirectoryServerController(DirectoryServer ds) {
        this.ds = ds;
    }

    @PostMapping(value = "/threeds/ds/areq", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "AReq from a registered 3DS Server: routed by card range to the issuer's ACS; ARes or Erro")
    ResponseEntity<byte[]> areq(@RequestBody(required = false) byte[] body) {
        return json(ds.areq(body == null ? new byte[0] : body).toBytes());
    }

    @PostMapping(value = "/threeds/ds/rreq", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "RReq from an ACS: relayed to the 3DS Server of the transaction; RRes or Erro")
    ResponseEntity<byte[]> rreq(@RequestBody(required = false) byte[] body) {
        return json(ds.rreq(body == null ? new byte[0] : body).toBytes());
    }

    @PostMapping(value = "/threeds/ds/preq", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "PReq from a registered 3DS Server: PRes with the card ranges (all, or the changes since serialNum)")
    ResponseEntity<byte[]> preq(@RequestBody(required = false) byte[] body) {
        return json(ds.preq(body == null ? new byte[0] : body).toBytes());
    }

    private static ResponseEntity<byte[]> json(byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
