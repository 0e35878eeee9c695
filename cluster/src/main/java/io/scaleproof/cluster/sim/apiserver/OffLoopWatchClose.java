package io.scaleproof.cluster.sim.apiserver;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * A watch's WebSocket listener whose close and failure callbacks run off the server's event loop.
 *
 * <p>The mock's watch listener, when its WebSocket closes, shuts down its sender and waits for it
 * to finish. The sender may be sending an event, and a send completes on the event loop — the very
 * thread that is waiting. Both then wait out their timeouts (30 s and a minute), and since the mock
 * servers share their event loops, requests to other servers stall as well. Running the callbacks
 * on another thread lets the event loop finish the send, and the close completes at once.
 */
final class OffLoopWatchClose extends WebSocketListener {
  private final WebSocketListener delegate;
  private final ExecutorService closer;

  OffLoopWatchClose(WebSocketListener delegate, ExecutorService closer) {
    this.delegate = delegate;
    this.closer = closer;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onPing(WebSocket webSocket, byte[] bytes) {
    delegate.onPing(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    offLoop(() -> delegate.onClosing(webSocket, code, reason));
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    offLoop(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    offLoop(() -> delegate.onFailure(webSocket, failure, response));
  }

  /** On the closer; once the server has stopped it, on a thread of its own. */
  private void offLoop(Runnable callback) {
    try {
      closer.execute(callback);
    } catch (RejectedExecutionException e) {
      Thread thread = new Thread(callback, "sim-watch-close");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
