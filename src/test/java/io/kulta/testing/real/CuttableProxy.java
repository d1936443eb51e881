package io.kulta.testing.real;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a free loopback port whose open connections a test can cut at once, as a network blip or an
 * API server restart would: clients then reconnect, watches from their last resourceVersion. TLS passes through.
 * It can also {@link #partition()} the network: nothing passes either way and new connections hang, until
 * {@link #heal()} resets every connection (what was sent meanwhile is lost, as TCP connections that timed out are).
 */
public final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private volatile boolean partitioned;

    /** A proxy in front of a server listening on this loopback port. */
    public static CuttableProxy to(int targetPort) {
        return new CuttableProxy(targetPort);
    }

    CuttableProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("proxy-accept-" + port(), this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every open connection, both sides; new ones are accepted as before. */
    public void cut() {
        open.forEach(CuttableProxy::closeQuietly);
        open.clear();
    }

    /** From now on nothing passes, in either direction, and new connections hang. */
    public void partition() {
        partitioned = true;
    }

    /**
     * The network is back: every connection is reset, new ones pass again. Reset first: bytes a pump read before the
     * partition and holds must not reach the server once it lifts (they would arrive as a late write).
     */
    public void heal() {
        cut();
        partitioned = false;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        cut();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            open.add(client);
            if (!waitWhilePartitioned(client)) continue;
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(server);
                daemon("proxy-up", () -> pump(client, server));
                daemon("proxy-down", () -> pump(server, client));
            } catch (IOException refused) {
                closeQuietly(client); // the client sees its connection fail, as it would without the proxy
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (!waitWhilePartitioned(from)) return;
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException cut) {
            // either side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** False when the connection was reset meanwhile. */
    private boolean waitWhilePartitioned(Socket socket) {
        while (partitioned && !socket.isClosed()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !socket.isClosed();
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
