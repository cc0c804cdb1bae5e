package dev.mamori.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import dev.mamori.common.CardNumberDetector;

/**
 * {@code %mask(...)} in the log pattern: the last line of defence, masking any card number that
 * still reaches a log line (message, arguments or stack trace). Code must not log card numbers in
 * the first place; this catches the fallback branch someone forgot.
 */
public class PanMaskingConverter extends CompositeConverter<ILoggingEvent> {
    @Override
    protected String transform(ILoggingEvent event, String in) {
        return CardNumberDetector.mask(in);
    }
}
