package io.scaleproof.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.dsl.internal.PortForwarderWebsocketListener;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Why a port-forward stream that loses its first messages answers with nothing: fabric8's
 * port-forward listener (kubernetes-client 8.0.0) skips the first two messages it receives as the
 * data and error channels' port frames, by count, without looking at them. The kubelet sends both
 * right after the upgrade; an HTTP adapter that drops messages arriving before its handlers are
 * attached (fabric8's Vert.x 5 adapter does, in a few fresh streams per thousand) makes the
 * listener discard the pod's answer in their place. The answer here comes in two frames, as the
 * echo server's headers and body do.
 */
class PortForwardListenerTest {
  private static final byte[] HEADERS =
      ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 45\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BODY =
      "{\"pod\": \"echo-fd789c8b6-gf5rx\", \"path\": \"/\"}\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  @DisplayName("a stream with its two port frames delivers the pod's whole answer")
  void wholeStreamDeliversTheAnswer() {
    assertThat(delivered(List.of(portFrame(0), portFrame(1), data(HEADERS), data(BODY))))
        .isEqualTo(new String(HEADERS, StandardCharsets.US_ASCII) + new String(BODY));
  }

  @Test
  @DisplayName(
      "a stream that lost its port frames delivers nothing of a two-frame answer: the answer is"
          + " skipped in their place")
  void lostPortFramesCostTheAnswer() {
    assertThat(delivered(List.of(data(HEADERS), data(BODY)))).isEmpty();
  }

  @Test
  @DisplayName("a stream that lost one port frame delivers only the answer's second frame")
  void lostPortFrameCostsTheFirstDataFrame() {
    assertThat(delivered(List.of(portFrame(1), data(HEADERS), data(BODY))))
        .isEqualTo(new String(BODY, StandardCharsets.US_ASCII));
  }

  /** What the listener writes to the local connection for these messages, then a close. */
  private static String delivered(List<byte[]> messages) {
    ByteArrayOutputStream local = new ByteArrayOutputStream();
    PortForwarderWebsocketListener listener =
        new PortForwarderWebsocketListener(null, new Collecting(local), Runnable::run);
    WebSocket socket = new Inert();
    listener.onOpen(socket);
    messages.forEach(message -> listener.onMessage(socket, ByteBuffer.wrap(message)));
    listener.onClose(socket, 1000, "");
    return local.toString(StandardCharsets.US_ASCII);
  }

  private static byte[] portFrame(int channel) {
    return new byte[] {(byte) channel, (byte) (8080 & 0xff), (byte) (8080 >> 8)};
  }

  private static byte[] data(byte[] bytes) {
    byte[] frame = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, frame, 1, bytes.length);
    return frame;
  }

  private record Collecting(ByteArrayOutputStream into) implements WritableByteChannel {
    @Override
    public int write(ByteBuffer source) {
      int n = source.remaining();
      byte[] bytes = new byte[n];
      source.get(bytes);
      into.write(bytes, 0, n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A WebSocket that accepts everything and sends nothing anywhere. */
  private static final class Inert implements WebSocket {
    @Override
    public boolean send(ByteBuffer buffer) {
      return true;
    }

    @Override
    public boolean sendClose(int code, String reason) {
      return true;
    }

    @Override
    public long queueSize() {
      return 0;
    }

    @Override
    public void request() {}
  }
}
