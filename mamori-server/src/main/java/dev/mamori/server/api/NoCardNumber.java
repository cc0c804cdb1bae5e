package dev.mamori.server.api;

import dev.mamori.common.CardNumberDetector;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A free-text field must not hold a card number: names and notes are stored and shown in clear,
 * so a PAN typed into one would leave the vault's protection. Rule name: {@code no-card-number}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoCardNumber.Validator.class)
public @interface NoCardNumber {
    String message() default "must not contain a card number";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NoCardNumber, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || !CardNumberDetector.containsCardNumber(value);
        }
    }
}
