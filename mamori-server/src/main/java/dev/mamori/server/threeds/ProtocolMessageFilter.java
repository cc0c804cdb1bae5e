package dev.mamori.server.threeds;

import dev.mamori.server.api.ProblemResponses;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.api.Problems;
import dev.mamori.server.api.RequestSizeLimitFilter;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.threeds.message.Erro;
import dev.mamori.threeds.message.ErrorCode;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The JSON message endpoints between the 3-D Secure domains (the Directory Server's AReq, RReq and
 * PReq, the ACS's AReq), answered here rather than through Spring Security and Spring MVC. They are
 * the hot path (every card payment with 3-D Secure crosses two of them), take no credentials, and
 * answer every body with a 3DS message; the security chain and MVC around them took about 40 % of the
 * server's CPU per AReq (1.9 ms before, 1.1 ms after, on the 2-core benchmark machine). What they did
 * that matters is kept: the body limit (413, audited, as on every public endpoint), the security
 * headers of the {@code /threeds/**} chain and the metrics' path. Anything but a POST to one of these
 * paths goes on down the chain, where the {@code /threeds/**} security chain refuses it.
 */
final class ProtocolMessageFilter implements Filter {
    private static final Logger log = LoggerFactory.getLogger(ProtocolMessageFilter.class);

    /**
     * A message endpoint: its path, the 3DS component answering (the errorComponent of an Erro), and
     * the answer to a body (never throwing for bad input: a malformed message gets an Erro).
     */
    record Endpoint(String path, char component, UnaryOperator<byte[]> answer) {
    }

    private final Map<String, Endpoint> endpoints;
    private final Filter sizeLimit;
    private final ProblemResponses problems;
    private final List<HeaderWriter> headers;
    private final RequestAudit audit;

    /**
     * @param sizeLimit the body limit ({@link RequestSizeLimitFilter}), run around the answer
     * @param headers the headers the {@code /threeds/**} security chain sends (no sniffing, no referrer, HSTS when on)
     */
    ProtocolMessageFilter(List<Endpoint> endpoints, Filter sizeLimit, ProblemResponses problems,
                          List<HeaderWriter> headers, RequestAudit audit) {
        this.endpoints = endpoints.stream().collect(Collectors.toUnmodifiableMap(Endpoint::path, Function.identity()));
        this.sizeLimit = sizeLimit;
        this.problems = problems;
        this.headers = List.copyOf(headers);
        this.audit = audit;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        Endpoint endpoint = "POST".equals(request.getMethod())
                ? endpoints.get(request.getRequestURI().substring(request.getContextPath().length())) : null;
        if (endpoint == null) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(endpoint.path()));
        // Before the body limit, so that its 413 carries them too.
        for (HeaderWriter header : headers) {
            header.writeHeaders(request, response);
        }
        sizeLimit.doFilter(request, response, (limited, out) -> answer(endpoint, (HttpServletRequest) limited, (HttpServletResponse) out));
    }

    private void answer(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestSizeLimitFilter.TooLargeException e) {
            // A chunked body that grew past the limit (a declared one was refused by the limit filter).
            audit.failure(AuditEventTypes.REQUEST_REJECTED, "POST " + endpoint.path(),
                    ProblemType.PAYLOAD_TOO_LARGE.slug() + ": the chunked body grew past the limit");
            problems.write(response, Problems.of(ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than the limit"));
            return;
        }
        byte[] answer;
        try {
            answer = endpoint.answer().apply(body);
        } catch (RuntimeException e) {
            // The components answer bad input with an Erro themselves; this is a fault of ours (a database
            // that went away). The peer still gets a 3DS message it understands, with the transaction's ids
            // when the body had them; the metrics record the error. The body is not logged.
            log.error("3-D Secure endpoint {} failed", endpoint.path(), e);
            ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setError(e));
            answer = Erro.of(ErrorCode.TRANSIENT_SYSTEM_FAILURE, endpoint.component(), "messageType",
                    "the " + (endpoint.component() == 'A' ? "ACS" : "Directory Server") + " could not answer; try again",
                    readable(body)).toBytes();
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    /** The body as a message, for the ids an Erro echoes; null when it is not one. */
    private static ThreeDsMessage readable(byte[] body) {
        try {
            return ThreeDsMessage.parse(body);
        } catch (ThreeDsException | RuntimeException e) {
            return null;
        }
    }
}
