package dev.mamori.server.api;

import dev.mamori.common.Pan;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * How a {@link Pan} crosses JSON: out as its masked form, never in.
 *
 * <p>{@code Pan} deliberately has no bean getters, so Jackson 3 would write it as {@code {}} —
 * harmless but useless, and one refactoring (a getter) away from leaking digits. This module pins
 * the output to {@link Pan#masked()} (first six, last four: what PCI DSS 3.4.1 allows to display),
 * so a response can show which card it is about and can never show the card.
 *
 * <p>Reading is refused on purpose. Card numbers enter Mamori only through the vault's own
 * endpoints, which take them as plain text, validate them with {@link Pan#of} and tokenise them
 * at once; no other request body may carry one. Letting any DTO declare a {@code Pan} field would
 * put clear card numbers into generic request handling (binding, validation messages, logs,
 * idempotency records). The error names the type, never the value received.
 *
 * <p>Spring Boot registers every {@link tools.jackson.databind.JacksonModule} bean into the
 * application's {@code JsonMapper}, which the HTTP message converters use; this bean is picked up
 * by component scanning.
 */
@Component
public class PanJsonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public PanJsonModule() {
        super("mamori-pan");
        addSerializer(Pan.class, new MaskedPanSerializer());
        addDeserializer(Pan.class, new RefusingPanDeserializer());
    }

    static final class MaskedPanSerializer extends ValueSerializer<Pan> {
        @Override
        public void serialize(Pan pan, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(pan.masked());
        }
    }

    static final class RefusingPanDeserializer extends ValueDeserializer<Pan> {
        static final String MESSAGE = "card numbers are not accepted here; send them to the vault";

        @Override
        public Pan deserialize(JsonParser p, DeserializationContext ctxt) {
            // reportInputMismatch builds the message from ours plus the property path, never the token text.
            return ctxt.reportInputMismatch(Pan.class, MESSAGE);
        }
    }
}
