package dev.mamori.server.console;

import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Which authorization-host pages the console menu and the dashboard link to: only those the signed-in user may open. */
@ControllerAdvice(basePackageClasses = RiskNavigation.class)
class RiskNavigation {

    /** @param log the authorization log; cards: card accounts; rules: the rules editor; lists: block and allow lists; alerts: alerts and blocks */
    public record Links(boolean log, boolean cards, boolean rules, boolean lists, boolean alerts) {
        public boolean any() {
            return log || cards || rules || lists || alerts;
        }
    }

    @ModelAttribute("riskLinks")
    Links riskLinks() {
        MamoriPrincipal me = CurrentPrincipal.get().orElse(null);
        if (me == null || me.roles().isEmpty()) {
            return new Links(false, false, false, false, false);
        }
        return new Links(RiskConsoleSupport.any(me, RiskConsoleSupport.LOG_READERS), RiskConsoleSupport.any(me, RiskConsoleSupport.CARD_READERS),
                RiskConsoleSupport.any(me, RiskConsoleSupport.RULE_READERS), RiskConsoleSupport.any(me, RiskConsoleSupport.LIST_READERS),
                RiskConsoleSupport.any(me, RiskConsoleSupport.ALERT_READERS));
    }
}
