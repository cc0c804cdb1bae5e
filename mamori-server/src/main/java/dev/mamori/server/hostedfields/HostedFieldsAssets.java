package dev.mamori.server.hostedfields;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The static files of the hosted fields and their Subresource Integrity values (sha384 of the bytes
 * served), computed once at start from the same classpath files the resource handler serves.
 */
@Component
class HostedFieldsAssets {
    static final String BASE = "/hosted-fields/v1/";
    static final String SCRIPT = "mamori-fields.js";
    static final String FRAME_SCRIPT = "frame.js";
    static final String FRAME_STYLE = "frame.css";

    private final Map<String, String> integrity = new LinkedHashMap<>();

    HostedFieldsAssets() {
        for (String file : new String[] {SCRIPT, FRAME_SCRIPT, FRAME_STYLE}) {
            integrity.put(file, sri(new ClassPathResource("static" + BASE + file)));
        }
    }

    /** E.g. {@code sha384-...} for {@code mamori-fields.js}. */
    String integrity(String file) {
        String value = integrity.get(file);
        if (value == null) {
            throw new IllegalArgumentException("not a hosted-fields asset");
        }
        return value;
    }

    static String sri(ClassPathResource resource) {
        try (InputStream in = resource.getInputStream()) {
            return "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("hosted-fields asset missing: " + resource.getPath(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
