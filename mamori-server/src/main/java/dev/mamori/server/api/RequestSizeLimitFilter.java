package dev.mamori.server.api;

import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.config.MamoriProperties;
import dev.mamori.server.audit.RequestAudit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over {@code mamori.http.max-request-size} with 413: at once when
 * Content-Length says so, otherwise when a chunked body grows past the limit while it is read.
 * Runs after authorization, so an anonymous caller gets 401 first and the audit names the caller.
 * The endpoints that take files ({@link #UPLOAD_PATHS}: messages, phishing reports with mails and
 * screenshots, DMARC reports, domain lists, fraud models, labelled histories) have the larger {@code mamori.http.max-upload-size}.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {
    /** Endpoints that take files get {@code mamori.http.max-upload-size} instead of the API's limit. */
    static final List<String> UPLOAD_PATHS = List.of("/v1/phishing/messages/verify", "/v1/phishing/reports",
            "/v1/phishing/dmarc-reports", "/v1/phishing/lookalikes/scan", "/v1/risk/models", "/v1/risk/labelled-history");

    private final long maxBytes;
    private final long maxUploadBytes;
    private final ProblemResponses responses;
    private final RequestAudit audit;

    public RequestSizeLimitFilter(MamoriProperties properties, ProblemResponses responses, RequestAudit audit) {
        this.maxBytes = properties.http().maxRequestSize().toBytes();
        this.maxUploadBytes = properties.http().maxUploadSize().toBytes();
        this.responses = responses;
        this.audit = audit;
    }

    /** Thrown while reading a chunked body that is too large; mapped to 413 by {@link ApiExceptionHandler}. */
    public static final class TooLargeException extends IOException {
        TooLargeException() {
            super("request body too large");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        long maxBytes = limitFor(request);
        if (declared > maxBytes) {
            String detail = "The body has " + declared + " bytes; the limit is " + maxBytes;
            audit.failure(AuditEventTypes.REQUEST_REJECTED, request.getMethod() + " " + request.getRequestURI(),
                    ProblemType.PAYLOAD_TOO_LARGE.slug() + ": " + detail);
            responses.write(response, Problems.of(ProblemType.PAYLOAD_TOO_LARGE, detail));
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Limited(request, maxBytes), response);
    }

    private long limitFor(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod()) && UPLOAD_PATHS.contains(path) ? Math.max(maxUploadBytes, maxBytes) : maxBytes;
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++count > max) {
                            throw new TooLargeException();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (count += n) > max) {
                            throw new TooLargeException();
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
