/**
 * PAN discovery: {@link dev.mamori.vault.scan.PanScanner} finds card numbers in files, archives
 * and databases to show that a system holds none (PCI DSS 12.5.2, 12.10.7);
 * {@link dev.mamori.vault.scan.ScanCommand} is {@code ./mamori scan}. Helpers are in
 * {@code dev.mamori.vault.scan.internal}, private to this package.
 */
package dev.mamori.vault.scan;
