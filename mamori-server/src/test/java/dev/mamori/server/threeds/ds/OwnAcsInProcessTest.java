package dev.mamori.server.threeds.ds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.threeds.ds.MessageLink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DS's link hands only AReqs for this instance's own ACS over in process; every other URL goes over the network. */
class OwnAcsInProcessTest {
    private static final URI OWN = URI.create("https://mamori.example/threeds/acs/areq");
    private final List<URI> overNetwork = new ArrayList<>();
    private final MessageLink network = (url, message, timeout) -> {
        overNetwork.add(url);
        return "network".getBytes(StandardCharsets.UTF_8);
    };

    @Test
    void ownAcsIsAnsweredInProcessAndOthersOverTheNetwork() throws IOException {
        MessageLink link = DirectoryServerConfig.ownAcsInProcess(network, body -> ("own:" + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8), () -> OWN);

        assertThat(new String(link.send(OWN, "areq".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1)), StandardCharsets.UTF_8))
                .isEqualTo("own:areq");
        assertThat(overNetwork).isEmpty();

        URI other = URI.create("https://other-acs.example/threeds/acs/areq");
        URI rreq = URI.create("https://mamori.example/threeds/server/rreq");
        assertThat(new String(link.send(other, new byte[0], Duration.ofSeconds(1)), StandardCharsets.UTF_8)).isEqualTo("network");
        link.send(rreq, new byte[0], Duration.ofSeconds(1));
        assertThat(overNetwork).containsExactly(other, rreq);
    }

    @Test
    void anOwnAcsThatFailsIsAnIoFailureAsOverHttp() {
        MessageLink link = DirectoryServerConfig.ownAcsInProcess(network, body -> {
            throw new IllegalStateException("pool exhausted");
        }, () -> OWN);

        assertThatThrownBy(() -> link.send(OWN, new byte[0], Duration.ofSeconds(1))).isInstanceOf(IOException.class)
                .hasMessageContaining("IllegalStateException").hasCauseInstanceOf(IllegalStateException.class);
    }
}
