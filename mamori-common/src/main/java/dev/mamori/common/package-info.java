/**
 * Mamori's shared kernel: the few value types every module agrees on.
 *
 * <p>{@link dev.mamori.common.Pan} is a card number as a type whose {@code toString} is masked;
 * reaching its digits needs a {@link dev.mamori.common.PanAccess}, obtained only through the
 * searchable {@link dev.mamori.common.InsecurePanAccess#get()}. {@link dev.mamori.common.CardNumberDetector}
 * finds and masks card numbers in free text (log lines, files). Plain Java, no dependencies.
 */
package dev.mamori.common;
