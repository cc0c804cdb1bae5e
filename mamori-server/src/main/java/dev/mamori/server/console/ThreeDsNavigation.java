package dev.mamori.server.console;

import dev.mamori.server.principal.CurrentPrincipal;
import dev.mamori.server.principal.MamoriPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Whether the console menu links to the 3-D Secure page: for those who may open it. */
@ControllerAdvice(basePackageClasses = ThreeDsNavigation.class)
class ThreeDsNavigation {

    @ModelAttribute("threedsLink")
    boolean threedsLink() {
        MamoriPrincipal me = CurrentPrincipal.get().orElse(null);
        return RiskConsoleSupport.any(me, ThreeDsConsoleController.READERS);
    }
}
