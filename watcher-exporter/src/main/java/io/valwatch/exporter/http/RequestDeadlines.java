package io.valwatch.exporter.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.Callback;

/**
 * Closes HTTP connections that do not deliver a complete request in time, counted from the connection's
 * opening (which includes a TLS handshake) or from its last answer. A client that sends its headers a byte at
 * a time, or never finishes its handshake, is dropped after the deadline instead of holding its connection
 * for as long as it keeps trickling. An idle keep-alive connection is closed after the same time.
 */
final class RequestDeadlines implements Connection.Listener {
  private static final long ANSWERING = Long.MIN_VALUE;

  private final long deadlineNanos;
  private final LongSupplier nanoTime;
  private final Map<Connection, Long> waitingSince = new ConcurrentHashMap<>();

  RequestDeadlines(Duration deadline, LongSupplier nanoTime) {
    this.deadlineNanos = deadline.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public void onOpened(Connection connection) {
    // Only the HTTP connection carries requests; a TLS connection beneath it closes with it.
    if (connection instanceof ConnectionMetaData) {
      waitingSince.put(connection, nanoTime.getAsLong());
    }
  }

  @Override
  public void onClosed(Connection connection) {
    waitingSince.remove(connection);
  }

  void requestStarted(ConnectionMetaData request) {
    waitingSince.replace(request.getConnection(), ANSWERING);
  }

  /** {@code callback}, which also starts the connection's wait for its next request when the answer is done. */
  Callback finishing(ConnectionMetaData request, Callback callback) {
    Connection connection = request.getConnection();
    return new Callback() {
      @Override
      public void succeeded() {
        waitingSince.replace(connection, nanoTime.getAsLong());
        callback.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        waitingSince.replace(connection, nanoTime.getAsLong());
        callback.failed(failure);
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
  }

  /** Closes every connection whose wait for a complete request has passed the deadline. */
  void closeOverdue() {
    long now = nanoTime.getAsLong();
    waitingSince.forEach(
        (connection, since) -> {
          if (since != ANSWERING && now - since >= deadlineNanos) {
            waitingSince.remove(connection);
            connection.close();
          }
        });
  }

  /** Connections open now; for tests. */
  int openConnections() {
    return waitingSince.size();
  }
}
