package dev.mamori.risk.iso;

import dev.mamori.common.CardNumberDetector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ISO 8583 TCP listener: 2-byte big-endian length header, then one message in the
 * ISO87BPackager layout (see {@code package-info} for the layout and for what happens to
 * malformed input). Requests are decoded on Netty's network threads and handed to the
 * {@link IsoHandler} on a bounded pool of worker threads; responses go back as soon as they are
 * ready, so a peer that sends several requests on one connection may get them out of order and
 * matches them by STAN (field 11).
 */
public final class IsoServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IsoServer.class);
    private static final int HEADER_LENGTH = 2;
    private static final int MAX_FRAME = 0xFFFF;

    private final IsoServerSettings settings;
    private final IsoHandler handler;
    private final Iso8583Codec codec = new Iso8583Codec();
    private final EventLoopGroup acceptor;
    private final EventLoopGroup network;
    private final ThreadPoolExecutor workers;
    private final Channel serverChannel;

    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder formatErrors = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder overloadRejections = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final AtomicInteger openConnections = new AtomicInteger();

    private IsoServer(IsoServerSettings settings, IsoHandler handler) throws InterruptedException {
        this.settings = settings;
        this.handler = handler;
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), threads("mamori-iso-worker-"),
                new ThreadPoolExecutor.AbortPolicy());
        this.acceptor = new MultiThreadIoEventLoopGroup(1, threads("mamori-iso-accept-"), NioIoHandler.newFactory());
        // Network threads only frame, decode and write: little CPU, so a couple are enough.
        this.network = new MultiThreadIoEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()),
                threads("mamori-iso-io-"), NioIoHandler.newFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptor, network)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(
                                    new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                    new FrameDecoder(),
                                    new RequestHandler());
                        }
                    });
            this.serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdown();
            throw e;
        }
    }

    /**
     * Binds and starts listening; returns once the port is open.
     *
     * @throws IllegalStateException if the address cannot be bound
     */
    public static IsoServer start(IsoServerSettings settings, IsoHandler handler) {
        try {
            IsoServer server = new IsoServer(settings, handler);
            log.info("ISO 8583 listener on {}:{}", settings.host(), server.port());
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the ISO 8583 listener");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen for ISO 8583 on " + settings.host() + ":" + settings.port(), e);
        }
    }

    /** The port listened on: the configured one, or the one picked when it was 0. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public IsoServerMetrics metrics() {
        return new IsoServerMetrics(messagesReceived.sum(), formatErrors.sum(), handlerFailures.sum(),
                overloadRejections.sum(), connectionsAccepted.sum(), connectionsRefused.sum(), openConnections.get());
    }

    /** Stops listening, closes every connection and waits briefly for handler calls in progress. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        shutdown();
    }

    private void shutdown() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        network.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Splits the stream on the 2-byte length header; a length of 0 or above the maximum closes the connection. */
    private final class FrameDecoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < HEADER_LENGTH) {
                return;
            }
            int length = in.getUnsignedShort(in.readerIndex());
            if (length == 0 || length > settings.maxMessageLength()) {
                // The stream cannot be resynchronised after a bad header: drop everything.
                formatErrors.increment();
                in.skipBytes(in.readableBytes());
                log.debug("closing {}: length header {} outside 1..{}", ctx.channel().remoteAddress(), length,
                        settings.maxMessageLength());
                ctx.close();
                return;
            }
            if (in.readableBytes() < HEADER_LENGTH + length) {
                return; // wait for the rest; a connection closed mid-frame just drops it
            }
            in.skipBytes(HEADER_LENGTH);
            byte[] frame = new byte[length];
            in.readBytes(frame);
            out.add(frame);
        }
    }

    /** One per connection: routes each frame by MTI, answers errors itself, hands requests to the workers. */
    private final class RequestHandler extends SimpleChannelInboundHandler<byte[]> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (openConnections.incrementAndGet() > settings.maxConnections()) {
                connectionsRefused.increment();
                ctx.close();
                return;
            }
            connectionsAccepted.increment();
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            openConnections.decrementAndGet();
            super.channelInactive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                log.debug("closing idle connection {}", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Network errors (reset by peer); the exception text comes from the socket, not from message data.
            log.debug("closing {} after {}", ctx.channel().remoteAddress(), cause.getClass().getName());
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
            messagesReceived.increment();
            String mti = mtiOf(frame);
            if (mti == null || mti.charAt(0) != '0') {
                // Not ISO 8583:1987 at all: there is no response MTI to answer with.
                formatErrors.increment();
                log.debug("closing {}: MTI is not a 1987 BCD MTI", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            int function = mti.charAt(2) - '0';
            if (function != 0 && function != 2) {
                // Responses and notifications expect no answer; answering could start a loop.
                log.debug("dropping MTI {} from {}: not a request", mti, ctx.channel().remoteAddress());
                return;
            }
            IsoMessage request;
            try {
                request = codec.decode(frame);
            } catch (IsoFormatException e) {
                formatErrors.increment();
                log.info("format error in MTI {} from {}: {}", mti, ctx.channel().remoteAddress(), e.getMessage());
                IsoMessage partial = codec.salvage(frame, e);
                reply(ctx.channel(), IsoMessage.responseTo(partial).set(39, IsoResponseCodes.FORMAT_ERROR));
                return;
            }
            char messageClass = mti.charAt(1);
            if (messageClass != '1' && messageClass != '2' && messageClass != '4' && messageClass != '8') {
                reply(ctx.channel(), IsoMessage.responseTo(request).set(39, IsoResponseCodes.INVALID_TRANSACTION));
                return;
            }
            Channel channel = ctx.channel();
            try {
                workers.execute(() -> answer(channel, request));
            } catch (RejectedExecutionException e) {
                overloadRejections.increment();
                reply(channel, IsoMessage.responseTo(request).set(39, IsoResponseCodes.ISSUER_UNAVAILABLE));
            }
        }
    }

    /** On a worker thread: asks the handler and writes its answer. */
    private void answer(Channel channel, IsoMessage request) {
        IsoMessage response;
        try {
            response = request.mti().charAt(1) == '8' ? handler.handleNetworkManagement(request) : handler.handle(request);
        } catch (IsoFormatException e) {
            handlerFailures.increment();
            log.info("format error in MTI {} STAN {}: {}", request.mti(), request.get(11), e.getMessage());
            response = IsoMessage.responseTo(request).set(39, IsoResponseCodes.FORMAT_ERROR);
        } catch (RuntimeException | Error e) {
            handlerFailures.increment();
            // Handler messages are not ours to trust: mask any card number, and no stack trace (causes could carry one).
            log.error("ISO 8583 handler failed for MTI {} STAN {}: {}: {}", request.mti(), request.get(11),
                    e.getClass().getName(), CardNumberDetector.mask(String.valueOf(e.getMessage())));
            response = IsoMessage.responseTo(request).set(39, IsoResponseCodes.SYSTEM_MALFUNCTION);
        }
        if (response != null) {
            reply(channel, response);
        }
    }

    private void reply(Channel channel, IsoMessage response) {
        byte[] bytes = codec.encode(response);
        if (bytes.length > MAX_FRAME) {
            log.error("response MTI {} is {} bytes, more than a 2-byte length header allows; answering 96",
                    response.mti(), bytes.length);
            IsoMessage fallback = IsoMessage.of(response.mti());
            for (int field : new int[] {3, 4, 7, 11, 12, 13, 37, 41, 42, 49}) {
                if (response.has(field)) {
                    fallback.set(field, response.get(field));
                }
            }
            bytes = codec.encode(fallback.set(39, IsoResponseCodes.SYSTEM_MALFUNCTION));
        }
        ByteBuf out = channel.alloc().buffer(HEADER_LENGTH + bytes.length);
        out.writeShort(bytes.length).writeBytes(bytes);
        channel.writeAndFlush(out);
    }

    private static String mtiOf(byte[] frame) {
        if (frame.length < 2) {
            return null;
        }
        return Iso8583Codec.bcdDigits(frame, 0, 4, false, false);
    }
}
