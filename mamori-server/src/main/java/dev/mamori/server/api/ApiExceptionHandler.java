package dev.mamori.server.api;

import dev.mamori.common.InvalidPanException;
import dev.mamori.vault.CardUnrecoverableException;
import dev.mamori.vault.InvalidCardException;
import dev.mamori.vault.KeyStateException;
import dev.mamori.vault.KeyUnavailableException;
import dev.mamori.vault.VaultBusyException;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of an API request into problem+json. Messages are written here, never
 * copied from exceptions: framework and Jackson messages repeat the rejected input, which may be
 * a card number. Rejected requests are recorded in the audit trail.
 */
// Global: errors raised before a handler is chosen (415, 405, 404) must get the same treatment.
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final RequestAudit audit;

    public ApiExceptionHandler(RequestAudit audit) {
        this.audit = audit;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem e) {
        return respond(e.type(), e.getMessage(), e.violations());
    }

    @ExceptionHandler(InvalidPanException.class)
    ResponseEntity<Object> invalidPan(InvalidPanException e) {
        return respond(ProblemType.VALIDATION, e.getMessage(), List.of(new FieldViolation("pan", e.rule(), e.getMessage())));
    }

    @ExceptionHandler(InvalidCardException.class)
    ResponseEntity<Object> invalidCard(InvalidCardException e) {
        return respond(ProblemType.VALIDATION, e.getMessage(), List.of(new FieldViolation(e.field(), e.rule(), e.getMessage())));
    }

    @ExceptionHandler(CardUnrecoverableException.class)
    ResponseEntity<Object> cardUnrecoverable(CardUnrecoverableException e) {
        return respond(ProblemType.CARD_UNRECOVERABLE, e.getMessage(), List.of());
    }

    @ExceptionHandler(KeyUnavailableException.class)
    ResponseEntity<Object> keyUnavailable(KeyUnavailableException e) {
        log.error("master key provider failed", e);
        return respond(ProblemType.KEY_PROVIDER_UNAVAILABLE, "The key store or HSM did not answer; try again later", List.of());
    }

    @ExceptionHandler(VaultBusyException.class)
    ResponseEntity<Object> vaultBusy(VaultBusyException e) {
        log.warn("vault busy: {}", e.getMessage());
        return respond(ProblemType.VAULT_BUSY, e.getMessage(), List.of());
    }

    @ExceptionHandler(KeyStateException.class)
    ResponseEntity<Object> keyState(KeyStateException e) {
        return respond(ProblemType.KEY_STATE, e.getMessage(), List.of(new FieldViolation("key", e.rule(), e.getMessage())));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        // An Optional<Integer> parameter names Optional as the required type; the value inside is what was meant.
        Class<?> type = e.getRequiredType() == java.util.Optional.class ? e.getParameter().nestedIfOptional().getNestedParameterType() : e.getRequiredType();
        String expected = type == null ? "value" : describe(type);
        String message = e.getName() + " must be " + expected;
        return respond(ProblemType.BAD_REQUEST, message, List.of(new FieldViolation(e.getName(), "type", message)));
    }

    /**
     * A multipart body that cannot be parsed (no boundary, truncated, broken part headers) is the client's
     * mistake: 400 naming the body, or 413 when a chunked body grew past the limit while it was parsed.
     * A declared size over the multipart limits stays with the base class (413).
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.TooLargeException) {
                return respond(ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than the limit", List.of());
            }
        }
        String message = "The body is not valid multipart/form-data (a boundary, part headers and the closing boundary)";
        return respond(ProblemType.BAD_REQUEST, message, List.of(new FieldViolation("$", "multipart", message)));
    }

    /**
     * Tomcat parses a form body on first access to a parameter (or to the body of a form post) and
     * refuses a % not followed by two hex digits, or too many fields: the client's mistake, not ours.
     * Its message quotes the field's value, so it is neither echoed nor logged.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> formEncoding(org.apache.tomcat.util.http.InvalidParameterException e) {
        String message = "The body is not valid application/x-www-form-urlencoded (a % must be followed by two hex digits)";
        return respond(ProblemType.BAD_REQUEST, message, List.of(new FieldViolation("$", "form-encoding", message)));
    }

    /** A unique constraint lost a race (two requests creating the same username at once). */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> conflict(DataIntegrityViolationException e) {
        return respond(ProblemType.CONFLICT, "The request conflicts with existing data; reload and retry", List.of());
    }

    /** The same race inside a module's plain-JDBC store (two rule versions saved at once). */
    @ExceptionHandler(dev.mamori.common.jdbc.DataStoreException.class)
    ResponseEntity<Object> store(dev.mamori.common.jdbc.DataStoreException e) {
        if (dev.mamori.common.jdbc.Jdbc.isUniqueViolation(e)) {
            return respond(ProblemType.CONFLICT, "The request conflicts with a concurrent change; reload and retry", List.of());
        }
        return unexpected(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException e) {
        throw e; // handled by the security filter chain, which audits it
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> authentication(AuthenticationException e) {
        throw e;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unhandled error in API request", e);
        return respond(ProblemType.INTERNAL, "An internal error occurred; it has been logged.", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.TooLargeException) {
                return respond(ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than the limit", List.of());
            }
        }
        List<FieldViolation> violations = new ArrayList<>();
        String detail;
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            detail = field + " is not a field of this request";
            violations.add(new FieldViolation(field, "unknown-field", detail));
        } else if (cause instanceof StreamReadException syntax) {
            long line = syntax.getLocation() == null ? -1 : syntax.getLocation().getLineNr();
            long column = syntax.getLocation() == null ? -1 : syntax.getLocation().getColumnNr();
            detail = "The body is not valid JSON (syntax error at line " + line + ", column " + column + ")";
            violations.add(new FieldViolation("$", "json-syntax", detail));
        } else if (cause instanceof JacksonException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            detail = field + " has the wrong type or format";
            violations.add(new FieldViolation(field, "type", detail));
        } else {
            detail = "The request body is missing or is not JSON";
            violations.add(new FieldViolation("$", "required", detail));
        }
        return respond(ProblemType.MALFORMED_JSON, detail, violations);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            String rule = error.getCode() == null ? "invalid" : ruleName(error.getCode());
            violations.add(new FieldViolation(error.getField(), rule, error.getField() + " " + error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                violations.add(new FieldViolation("$", ruleName(error.getCode()), error.getDefaultMessage())));
        return respond(ProblemType.VALIDATION, violations.size() == 1 ? violations.get(0).message()
                : violations.size() + " fields break rules", violations);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error -> {
            String name = result.getMethodParameter().getParameterName();
            String code = error.getCodes() == null || error.getCodes().length == 0 ? "invalid" : error.getCodes()[error.getCodes().length - 1];
            violations.add(new FieldViolation(name, ruleName(code), name + " " + error.getDefaultMessage()));
        }));
        return respond(ProblemType.VALIDATION, violations.isEmpty() ? "A parameter breaks a rule" : violations.get(0).message(), violations);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        String message = e.getParameterName() + " is required";
        return respond(ProblemType.BAD_REQUEST, message, List.of(new FieldViolation(e.getParameterName(), "required", message)));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return respond(ProblemType.NOT_FOUND, "No endpoint at this path", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        return respond(ProblemType.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        return respond(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json",
                List.of(new FieldViolation("Content-Type", "media-type", "Content-Type must be application/json")));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e,
                                                                      HttpHeaders headers, HttpStatusCode status,
                                                                      WebRequest request) {
        return respond(ProblemType.NOT_ACCEPTABLE, "This endpoint answers application/json", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        // Every other Spring MVC exception: keep its status, replace its text with ours.
        ProblemType type = switch (status.value()) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status.is4xxClientError() ? ProblemType.BAD_REQUEST : ProblemType.INTERNAL;
        };
        if (e instanceof MissingRequestHeaderException missing) {
            String message = missing.getHeaderName() + " header is required";
            return respond(type, message, List.of(new FieldViolation(missing.getHeaderName(), "required", message)));
        }
        if (type == ProblemType.INTERNAL) {
            log.error("Unhandled error in API request", e);
        }
        return respond(type, null, List.of());
    }

    private ResponseEntity<Object> respond(ProblemType type, String detail, List<FieldViolation> violations) {
        ProblemDetail problem = Problems.of(type, detail, violations);
        if (type.status().is4xxClientError() && type != ProblemType.NOT_FOUND) {
            audit.failure(AuditEventTypes.REQUEST_REJECTED, null, type.slug() + ": " + problem.getDetail());
        }
        return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemResponses.asMap(problem));
    }

    private static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "$" : out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a " + type.getSimpleName();
    }

    /** Bean Validation codes (NotBlank, Size...) as the kebab-case rule names of the API. */
    static String ruleName(String code) {
        if (code == null) {
            return "invalid";
        }
        return code.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
