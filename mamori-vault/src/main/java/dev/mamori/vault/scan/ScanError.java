package dev.mamori.vault.scan;

/**
 * Something that could not be scanned (an unreadable file, a corrupt archive, a table the user
 * may not read) and why. Both texts have card numbers masked, so a record is safe here.
 */
public record ScanError(String location, String message) {
}
