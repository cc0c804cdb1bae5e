package dev.mamori.server.threeds.acs;

import dev.mamori.threeds.acs.DirectoryServerClient;
import dev.mamori.threeds.message.MessageType;
import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** Posts the RReq as JSON to the Directory Server and reads its RRes (or Erro). */
final class HttpDirectoryServerClient implements DirectoryServerClient {
    private final Supplier<URI> url;
    private final Duration timeout;
    private final HttpClient http;

    HttpDirectoryServerClient(Supplier<URI> url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public ThreeDsMessage sendResult(ThreeDsMessage rreq) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url.get())
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rreq.toBytes()))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the RReq", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the DS answered HTTP " + response.statusCode());
        }
        ThreeDsMessage answer;
        try {
            answer = ThreeDsMessage.parse(response.body());
        } catch (ThreeDsException e) {
            throw new IOException("the DS's answer is not a 3-D Secure message: " + e.getMessage());
        }
        if (answer.type() != MessageType.RRes && answer.type() != MessageType.Erro) {
            throw new IOException("the DS answered neither RRes nor Erro");
        }
        return answer;
    }
}
