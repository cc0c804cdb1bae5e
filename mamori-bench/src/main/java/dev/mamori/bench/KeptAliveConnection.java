package dev.mamori.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One load-generator worker's kept-alive HTTP/1.1 connection: POSTs a JSON body and reads the answer
 * with no more work than the protocol needs. {@link BenchHttp}'s {@code HttpURLConnection} spent
 * 0.21–0.22 ms of CPU per request (URL and header parsing, header maps, its keep-alive cache; this
 * client takes 0.12–0.15 ms, docs/benchmarks.md); on a 2-core machine that time is taken from the
 * server being measured. Not thread-safe: one per worker.
 *
 * <p>Reads answers framed by {@code Content-Length} or chunked; reconnects after the server says
 * {@code Connection: close} (Tomcat does every 100 requests by default) and sends again, once, when a
 * reused connection fails before any byte of the answer came (the server closed it while idle), but
 * never after a read timeout. Any failure closes the connection, so a late answer cannot be taken
 * for the next request's.
 */
final class KeptAliveConnection implements Closeable {
    private final String host;
    private final int port;
    private final byte[] headerStart;
    private final byte[] line = new byte[8_192];
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean reused;
    private boolean answerStarted;

    /** @param baseUrl {@code http://host:port}, optionally with a path that {@code path} is appended to */
    KeptAliveConnection(String baseUrl, String path) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs are supported, not " + baseUrl);
        }
        host = uri.getHost();
        port = uri.getPort() < 0 ? 80 : uri.getPort();
        String base = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        headerStart = ("POST " + base + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs {@code json} to this connection's path. */
    BenchHttp.Reply post(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        boolean retry = reused;
        try {
            return exchange(body);
        } catch (SocketTimeoutException e) {
            // The server has the request and is slow: sending it again would process it twice and hide the wait.
            close();
            throw e;
        } catch (IOException e) {
            close();
            if (!retry || answerStarted) {
                throw e;
            }
        }
        try {
            return exchange(body);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private BenchHttp.Reply exchange(byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            out = new BufferedOutputStream(socket.getOutputStream(), 4_096);
            reused = false;
        }
        answerStarted = false;
        out.write(headerStart);
        out.write(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
        out.write('\r');
        out.write('\n');
        out.write(body);
        out.flush();

        int length = readLine();
        answerStarted = true;
        if (length < 12 || line[0] != 'H' || line[8] != ' ') {
            throw new IOException("not an HTTP status line");
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        while ((length = readLine()) > 0) {
            String header = new String(line, 0, length, StandardCharsets.US_ASCII);
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = number(value, 10, "Content-Length");
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        byte[] answer;
        if (chunked) {
            answer = readChunked();
        } else if (contentLength >= 0) {
            answer = in.readNBytes((int) contentLength);
            if (answer.length != contentLength) {
                throw new EOFException("answer ended after " + answer.length + " of " + contentLength + " bytes");
            }
        } else {
            answer = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        } else {
            reused = true;
        }
        return new BenchHttp.Reply(status, new String(answer, StandardCharsets.UTF_8));
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream(1_024);
        while (true) {
            int length = readLine();
            String size = new String(line, 0, length, StandardCharsets.US_ASCII);
            int extension = size.indexOf(';');
            int chunk = (int) number((extension < 0 ? size : size.substring(0, extension)).trim(), 16, "chunk size");
            if (chunk == 0) {
                while (readLine() > 0) {
                    // trailers, if any
                }
                return answer.toByteArray();
            }
            byte[] data = in.readNBytes(chunk);
            if (data.length != chunk) {
                throw new EOFException("chunk ended early");
            }
            answer.write(data);
            readLine();
        }
    }

    private static long number(String text, int radix, String what) throws IOException {
        try {
            long value = Long.parseLong(text, radix);
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("malformed " + what + ": " + text);
        }
    }

    /**
     * Reads one CRLF-terminated line into {@link #line}.
     *
     * @return the line's length without the CRLF
     */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before the end of the answer");
            }
            if (b == '\n') {
                return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            }
            if (length == line.length) {
                throw new IOException("header line longer than " + line.length + " bytes");
            }
            line[length++] = (byte) b;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we no longer use
            }
            socket = null;
        }
        reused = false;
    }
}
