package io.valwatch.plugins.cosmos;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.ManagedChannelProvider;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Queries a Cosmos SDK node's gRPC server (port 9090 by default). Each endpoint gets one channel with
 * gRPC's own retry policy for {@code UNAVAILABLE}; an endpoint still unavailable after the retries, or
 * past the deadline, is failed over to the next one. Historical reads send the {@code
 * x-cosmos-block-height} metadata, and the node's reply header of the same name gives the height it
 * answered at.
 */
final class GrpcTransport implements QueryTransport {
  static final Metadata.Key<String> BLOCK_HEIGHT =
      Metadata.Key.of("x-cosmos-block-height", Metadata.ASCII_STRING_MARSHALLER);

  /** Retries every method up to three times on UNAVAILABLE, with backoff, inside the call's deadline. */
  private static final Map<String, ?> SERVICE_CONFIG =
      Map.of(
          "methodConfig",
          List.of(
              Map.of(
                  "name", List.of(Map.of()),
                  "retryPolicy",
                      Map.of(
                          "maxAttempts", 3.0,
                          "initialBackoff", "0.1s",
                          "maxBackoff", "1s",
                          "backoffMultiplier", 2.0,
                          "retryableStatusCodes", List.of("UNAVAILABLE")))));

  private record Endpoint(String name, ManagedChannel channel) {}

  private final String chainId;
  private final Duration deadline;
  private final Failover<Endpoint> endpoints;

  /**
   * @param channelBuilder makes the builder for one endpoint; the retry policy is added here
   * @param deadline the time one query may take, retries included
   */
  GrpcTransport(
      String chainId,
      List<GrpcEndpoint> targets,
      Function<GrpcEndpoint, ManagedChannelBuilder<?>> channelBuilder,
      Duration deadline) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("chain " + chainId + " has no gRPC endpoints to query");
    }
    this.chainId = chainId;
    this.deadline = deadline;
    List<Endpoint> channels = new ArrayList<>();
    for (GrpcEndpoint target : targets) {
      ManagedChannel channel =
          channelBuilder.apply(target).defaultServiceConfig(SERVICE_CONFIG).enableRetry().build();
      channels.add(new Endpoint(target.toString(), channel));
    }
    this.endpoints = new Failover<>(channels);
  }

  /** Dials each endpoint with the gRPC transport on the class path (grpc-netty-shaded, say). */
  static GrpcTransport dial(String chainId, List<GrpcEndpoint> targets, Duration deadline) {
    return new GrpcTransport(chainId, targets, GrpcTransport::networkChannel, deadline);
  }

  private static ManagedChannelBuilder<?> networkChannel(GrpcEndpoint endpoint) {
    ManagedChannelBuilder<?> builder;
    try {
      builder = ManagedChannelBuilder.forTarget(endpoint.target());
    } catch (ManagedChannelProvider.ProviderNotFoundException e) {
      throw new IllegalStateException(
          "the gRPC transport needs a gRPC channel implementation on the class path, such as "
              + "io.grpc:grpc-netty-shaded",
          e);
    }
    return endpoint.tls() ? builder.useTransportSecurity() : builder.usePlaintext();
  }

  @Override
  public <Req extends Message, Resp extends Message> Reply<Resp> query(
      QueryMethod<Req, Resp> method, Req request, long height) throws IOException {
    String what = name() + " " + method.path() + " on chain " + chainId;
    return endpoints.call(what, endpoint -> call(endpoint, what, method, request, height));
  }

  private <Req extends Message, Resp extends Message> Reply<Resp> call(
      Endpoint endpoint, String what, QueryMethod<Req, Resp> method, Req request, long height)
      throws IOException {
    Metadata outgoing = new Metadata();
    if (height > 0) {
      outgoing.put(BLOCK_HEIGHT, Long.toString(height));
    }
    AtomicReference<Metadata> replyHeaders = new AtomicReference<>();
    AtomicReference<Metadata> replyTrailers = new AtomicReference<>();
    Channel channel =
        ClientInterceptors.intercept(
            endpoint.channel(),
            MetadataUtils.newAttachHeadersInterceptor(outgoing),
            MetadataUtils.newCaptureMetadataInterceptor(replyHeaders, replyTrailers));
    try {
      Resp reply =
          ClientCalls.blockingUnaryCall(
              channel,
              method.grpc(),
              CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS),
              request);
      return new Reply<>(reply, answeredHeight(replyHeaders.get(), height));
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      Status.Code code = status.getCode();
      String description = status.getDescription() == null ? "" : status.getDescription();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        throw new EndpointFailure(endpoint.name(), code + (description.isEmpty() ? "" : ": " + description), e);
      }
      throw ChainQueryException.refused(
          what, method.path(), endpoint.name(), height, code.value(), code.name(), description,
          code == Status.Code.UNIMPLEMENTED || ChainQueryException.saysNotSupported(description),
          code == Status.Code.NOT_FOUND);
    }
  }

  /** The node's {@code x-cosmos-block-height} reply header, else the height asked for. */
  private static long answeredHeight(Metadata headers, long asked) {
    String value = headers == null ? null : headers.get(BLOCK_HEIGHT);
    if (value != null) {
      try {
        return Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        return asked;
      }
    }
    return asked;
  }

  @Override
  public String name() {
    return "gRPC";
  }

  @Override
  public void close() {
    for (Endpoint endpoint : endpoints.endpoints()) {
      endpoint.channel().shutdownNow();
    }
  }
}
