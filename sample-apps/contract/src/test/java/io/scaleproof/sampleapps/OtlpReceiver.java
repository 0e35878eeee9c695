package io.scaleproof.sampleapps;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP trace receiver on 127.0.0.1: accepts {@code POST /v1/traces} in protobuf
 * (optionally gzip), answers 200, and keeps every span with its resource attributes.
 */
final class OtlpReceiver implements AutoCloseable {
  /** One received span: its name, kind, attributes and its resource's attributes. */
  record ReceivedSpan(
      String name,
      Span.SpanKind kind,
      Map<String, String> attributes,
      Map<String, String> resource) {}

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      OtlpReceiver receiver = new OtlpReceiver(server);
      server.createContext(
          "/v1/traces",
          exchange -> {
            try (InputStream raw = exchange.getRequestBody();
                InputStream body =
                    "gzip"
                            .equalsIgnoreCase(
                                exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(raw)
                        : raw) {
              receiver.accept(ExportTraceServiceRequest.parseFrom(body));
              exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
              exchange.sendResponseHeaders(200, -1);
            } finally {
              exchange.close();
            }
          });
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<ReceivedSpan> spans() {
    return new ArrayList<>(spans);
  }

  private void accept(ExportTraceServiceRequest request) {
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
      resourceSpans
          .getScopeSpansList()
          .forEach(
              scope ->
                  scope
                      .getSpansList()
                      .forEach(
                          span ->
                              spans.add(
                                  new ReceivedSpan(
                                      span.getName(),
                                      span.getKind(),
                                      attributes(span.getAttributesList()),
                                      resource))));
    }
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    Map<String, String> map = new HashMap<>();
    for (KeyValue kv : values) {
      var v = kv.getValue();
      map.put(
          kv.getKey(),
          v.hasStringValue()
              ? v.getStringValue()
              : v.hasIntValue() ? String.valueOf(v.getIntValue()) : v.toString().trim());
    }
    return map;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
