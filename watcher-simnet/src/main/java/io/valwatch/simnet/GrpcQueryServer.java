package io.valwatch.simnet;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The chain's query services over native gRPC (HTTP/2, plaintext) on 127.0.0.1, as a node's {@code :9090}
 * serves them. Requests and responses pass as bytes to the same {@link QueryRoute}s that answer
 * {@code abci_query}; methods outside the table get grpc-java's UNIMPLEMENTED.
 */
final class GrpcQueryServer implements AutoCloseable {
  private static final Metadata.Key<String> BLOCK_HEIGHT =
      Metadata.Key.of(BlockHeightHeader.NAME, Metadata.ASCII_STRING_MARSHALLER);
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read a gRPC message", e);
      }
    }
  };

  private final Server server;

  private GrpcQueryServer(Server server) {
    this.server = server;
  }

  static GrpcQueryServer start(SimulatedChain chain, RequestCounter counter, int port) throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    Map<String, ServerServiceDefinition.Builder> services = new LinkedHashMap<>();
    for (QueryRoute route : chain.queries().all()) {
      MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(route.fullMethodName())
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();
      services.computeIfAbsent(route.serviceName(), ServerServiceDefinition::builder)
          .addMethod(method, new QueryHandler(chain, route, counter));
    }
    services.values().forEach(service -> builder.addService(service.build()));
    return new GrpcQueryServer(builder.build().start());
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One unary method: collects the request, answers it, replies with the height header or an error status. */
  private record QueryHandler(SimulatedChain chain, QueryRoute route, RequestCounter counter)
      implements ServerCallHandler<byte[], byte[]> {

    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
      counter.count(route.fullMethodName());
      call.request(1);
      return new ServerCall.Listener<>() {
        private byte[] request;

        @Override
        public void onMessage(byte[] message) {
          request = message;
        }

        @Override
        public void onHalfClose() {
          if (request == null) {
            call.close(Status.INTERNAL.withDescription("no request message for " + route.path()), new Metadata());
            return;
          }
          byte[] data = request;
          BlockHeightHeader.Answer answer =
              BlockHeightHeader.answer(chain, headers.get(BLOCK_HEIGHT), state -> route.answer(state, data));
          QueryOutcome outcome = answer.outcome();
          if (!outcome.isOk()) {
            call.close(Status.fromCode(outcome.code()).withDescription(outcome.description()), new Metadata());
            return;
          }
          Metadata replyHeaders = new Metadata();
          replyHeaders.put(BLOCK_HEIGHT, Long.toString(answer.height()));
          call.sendHeaders(replyHeaders);
          call.sendMessage(outcome.value().toByteArray());
          call.close(Status.OK, new Metadata());
        }
      };
    }
  }
}
