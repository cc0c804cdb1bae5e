package dev.mamori.server.threeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What {@link ProtocolMessageFilter} does that the integration tests cannot provoke: a component that fails. */
class ProtocolMessageFilterTest {

    private static ProtocolMessageFilter filter(ProtocolMessageFilter.Endpoint endpoint) {
        return new ProtocolMessageFilter(List.of(endpoint), (request, response, chain) -> chain.doFilter(request, response), null, List.of(), null);
    }

    @Test
    void aComponentThatThrowsStillAnswersWithItsErroAndNot500() throws Exception {
        ProtocolMessageFilter filter = filter(new ProtocolMessageFilter.Endpoint("/threeds/ds/areq", 'D', body -> {
            throw new IllegalStateException("the database went away");
        }));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/threeds/ds/areq");
        String serverTransId = java.util.UUID.randomUUID().toString();
        request.setContent(("{\"messageType\":\"AReq\",\"messageVersion\":\"2.2.0\",\"threeDSServerTransID\":\"" + serverTransId + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        ServerRequestObservationContext observation = observe(request, response);
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("a message endpoint's POST must not go on down the chain");
        });

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode erro = JsonMapper.builder().build().readTree(response.getContentAsByteArray());
        assertThat(erro.get("messageType").asString()).isEqualTo("Erro");
        assertThat(erro.get("errorComponent").asString()).isEqualTo("D");
        assertThat(erro.get("errorCode").asString()).isEqualTo("403");
        assertThat(erro.get("threeDSServerTransID").asString()).as("the peer can match the Erro to its transaction").isEqualTo(serverTransId);
        assertThat(response.getContentAsString()).doesNotContain("database");
        assertThat(observation.getError()).as("the metrics record the failure").hasMessage("the database went away");
    }

    @Test
    void theMetricsNameTheEndpointsPath() throws Exception {
        ProtocolMessageFilter filter = filter(new ProtocolMessageFilter.Endpoint("/threeds/acs/areq", 'A', body -> body));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/threeds/acs/areq");
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        ServerRequestObservationContext observation = observe(request, response);
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("a message endpoint's POST must not go on down the chain");
        });

        assertThat(observation.getPathPattern()).isEqualTo("/threeds/acs/areq");
        assertThat(observation.getError()).isNull();
        assertThat(response.getContentAsString()).isEqualTo("{}");
    }

    /** What Spring's ServerHttpObservationFilter leaves on the request for the ones after it. */
    private static ServerRequestObservationContext observe(MockHttpServletRequest request, MockHttpServletResponse response) {
        ServerRequestObservationContext context = new ServerRequestObservationContext(request, response);
        request.setAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE, context);
        return context;
    }

    @Test
    void otherPathsAndMethodsGoOnDownTheChain() throws Exception {
        ProtocolMessageFilter filter = filter(new ProtocolMessageFilter.Endpoint("/threeds/acs/areq", 'A', body -> body));
        for (MockHttpServletRequest request : List.of(new MockHttpServletRequest("GET", "/threeds/acs/areq"),
                new MockHttpServletRequest("POST", "/threeds/acs/app-challenge"), new MockHttpServletRequest("POST", "/threeds/acs/areq/x"))) {
            AtomicBoolean passedOn = new AtomicBoolean();
            filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passedOn.set(true));
            assertThat(passedOn).as(request.getMethod() + " " + request.getRequestURI()).isTrue();
        }
    }
}
