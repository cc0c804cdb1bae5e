package dev.mamori.server.hostedfields;

import dev.mamori.common.CardNumberDetector;
import dev.mamori.server.api.FieldViolation;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * problem+json for {@link HostedFieldsRefusal}, in the shape of every other Mamori error; all other
 * failures of the hosted-fields endpoints go to the global {@code ApiExceptionHandler}.
 */
@RestControllerAdvice(assignableTypes = HostedFieldsController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class HostedFieldsExceptionHandler {
    static final String BASE = "https://mamori.dev/problems/";

    @ExceptionHandler(HostedFieldsRefusal.class)
    ResponseEntity<Map<String, Object>> refused(HostedFieldsRefusal e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", URI.create(BASE + e.kind().slug).toString());
        body.put("title", e.kind().title);
        body.put("status", e.kind().status.value());
        body.put("detail", CardNumberDetector.mask(e.getMessage()));
        body.put("code", e.kind().slug);
        body.put("errors", List.of(new FieldViolation(e.field(), e.rule(), CardNumberDetector.mask(e.getMessage()))));
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(e.kind().status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfterSeconds() >= 0) {
            reply.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return reply.body(body);
    }
}
