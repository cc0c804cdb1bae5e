package dev.mamori.threeds.challenge;

import java.util.ArrayList;
import java.util.List;

/** A test sender that keeps what it was asked to send, or fails when told to. */
final class RecordingSender implements SmsSender {
    final List<OtpMessage> sent = new ArrayList<>();
    private final Channel channel;
    boolean failing;

    RecordingSender(Channel channel) {
        this.channel = channel;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public void send(OtpMessage message) throws OtpDeliveryException {
        if (failing) {
            throw new OtpDeliveryException("gateway down", null);
        }
        sent.add(message);
    }

    String lastCode() {
        return sent.get(sent.size() - 1).code();
    }
}
