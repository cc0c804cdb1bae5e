package dev.mamori.vault.scan;

import dev.mamori.vault.scan.internal.PanByteScanner;

/**
 * How {@link PanScanner} scans: immutable, start from {@link #defaults()} and change with the
 * {@code with...} methods. Holds no secret.
 */
public final class ScanOptions {
    /** 256 KiB: large enough that a read costs little per byte, small enough to stay in L2. */
    public static final int DEFAULT_BUFFER_SIZE = 256 * 1024;
    /** Zip or gzip inside zip, nested this deep at most; deeper archives are scanned as raw bytes. */
    public static final int DEFAULT_MAX_ARCHIVE_DEPTH = 8;

    private final boolean includeTestCards;
    private final int threads;
    private final int bufferSize;
    private final int maxArchiveDepth;

    private ScanOptions(boolean includeTestCards, int threads, int bufferSize, int maxArchiveDepth) {
        this.includeTestCards = includeTestCards;
        this.threads = threads;
        this.bufferSize = bufferSize;
        this.maxArchiveDepth = maxArchiveDepth;
    }

    /** Test cards ignored, up to 4 threads (never more than the processors), 256 KiB buffers. */
    public static ScanOptions defaults() {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        return new ScanOptions(false, threads, DEFAULT_BUFFER_SIZE, DEFAULT_MAX_ARCHIVE_DEPTH);
    }

    /** Report the public test card numbers as findings instead of only counting them. */
    public ScanOptions withIncludeTestCards(boolean include) {
        return new ScanOptions(include, threads, bufferSize, maxArchiveDepth);
    }

    /** Files scanned in parallel (each file by one thread). */
    public ScanOptions withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        return new ScanOptions(includeTestCards, threads, bufferSize, maxArchiveDepth);
    }

    /** Read buffer per thread, in bytes; at least {@value PanByteScanner#MIN_BUFFER_SIZE}. */
    public ScanOptions withBufferSize(int bytes) {
        if (bytes < PanByteScanner.MIN_BUFFER_SIZE) {
            throw new IllegalArgumentException("bufferSize must be at least " + PanByteScanner.MIN_BUFFER_SIZE + " bytes");
        }
        return new ScanOptions(includeTestCards, threads, bytes, maxArchiveDepth);
    }

    public ScanOptions withMaxArchiveDepth(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("maxArchiveDepth must not be negative");
        }
        return new ScanOptions(includeTestCards, threads, bufferSize, depth);
    }

    public boolean includeTestCards() {
        return includeTestCards;
    }

    public int threads() {
        return threads;
    }

    public int bufferSize() {
        return bufferSize;
    }

    public int maxArchiveDepth() {
        return maxArchiveDepth;
    }

    @Override
    public String toString() {
        return "ScanOptions[includeTestCards=" + includeTestCards + ", threads=" + threads
                + ", bufferSize=" + bufferSize + ", maxArchiveDepth=" + maxArchiveDepth + "]";
    }
}
