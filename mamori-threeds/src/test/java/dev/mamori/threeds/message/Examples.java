package dev.mamori.threeds.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The example messages of {@code examples/README.md}. */
final class Examples {

    private Examples() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Examples.class.getResourceAsStream("examples/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no example " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ThreeDsMessage message(String name) {
        try {
            return ThreeDsMessage.parse(bytes(name));
        } catch (ThreeDsException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mutable copy of an example's JSON. */
    static ObjectNode json(String name) {
        return (ObjectNode) JsonMapper.shared().readTree(bytes(name));
    }
}
