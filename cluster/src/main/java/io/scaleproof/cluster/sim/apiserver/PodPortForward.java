package io.scaleproof.cluster.sim.apiserver;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One {@code pods/portforward} stream, as the kubelet serves it over WebSocket ({@code
 * v4.channel.k8s.io}) for one port: channel 0 carries data, channel 1 errors; each channel's first
 * frame is the port, two bytes little-endian. The kubelet dials the port inside the pod's network
 * namespace; pods here share the host's network, so the stream dials the pod IP. A dial that fails
 * is reported on the error channel, and the stream closes when either side does.
 *
 * <p>WebSocket callbacks run on the server's event loop, so dialling, writing to the pod and
 * reading from it run on {@code io}; writes keep the order in which frames arrived.
 */
final class PodPortForward extends WebSocketListener {
  private static final byte DATA = 0;
  private static final byte ERROR = 1;
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int BUFFER = 16 * 1024;

  private final String pod;
  private final InetSocketAddress target;
  private final Executor io;
  private final Socket socket = new Socket();

  /** The dial, then each write to the pod after the one before. */
  private CompletableFuture<Void> writes;

  PodPortForward(String pod, InetSocketAddress target, Executor io) {
    this.pod = pod;
    this.target = target;
    this.io = io;
  }

  @Override
  public synchronized void onOpen(WebSocket webSocket, Response response) {
    int port = target.getPort();
    byte[] portFrame = {0, (byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
    webSocket.send(portFrame.clone());
    portFrame[0] = ERROR;
    webSocket.send(portFrame);
    writes = CompletableFuture.runAsync(() -> dial(webSocket), io);
  }

  private void dial(WebSocket webSocket) {
    try {
      socket.setTcpNoDelay(true);
      socket.connect(target, CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      byte[] message =
          ("error forwarding port " + target.getPort() + " to pod " + pod + ": " + e.getMessage())
              .getBytes(StandardCharsets.UTF_8);
      webSocket.send(frame(ERROR, message, message.length));
      webSocket.close(1000, "");
      closeSocket();
      return;
    }
    io.execute(() -> readFromPod(webSocket));
  }

  private void readFromPod(WebSocket webSocket) {
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = socket.getInputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        webSocket.send(frame(DATA, buffer, n));
      }
    } catch (IOException e) {
      // The pod or the client went away; either way the stream ends.
    }
    webSocket.close(1000, "");
    closeSocket();
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    if (bytes.length < 2 || bytes[0] != DATA) {
      return;
    }
    byte[] data = Arrays.copyOfRange(bytes, 1, bytes.length);
    synchronized (this) {
      writes = writes.thenRunAsync(() -> writeToPod(data), io);
    }
  }

  private void writeToPod(byte[] data) {
    if (socket.isClosed() || !socket.isConnected()) {
      return;
    }
    try {
      socket.getOutputStream().write(data);
    } catch (IOException e) {
      closeSocket();
    }
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    closeSocket();
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    closeSocket();
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // Gone either way.
    }
  }

  private static byte[] frame(byte channel, byte[] data, int length) {
    byte[] frame = new byte[length + 1];
    frame[0] = channel;
    System.arraycopy(data, 0, frame, 1, length);
    return frame;
  }
}
