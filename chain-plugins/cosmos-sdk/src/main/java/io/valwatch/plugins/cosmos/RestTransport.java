package io.valwatch.plugins.cosmos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.EmittedText;
import io.valwatch.rpc.RpcEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Queries the LCD REST API (port 1317 by default), for providers that expose only that. Request fields
 * become path segments or query parameters the way grpc-gateway reads them ({@code
 * pagination.key=<base64>}); historical reads send the {@code x-cosmos-block-height} header. Errors come
 * as {@code {"code":12,"message":"Not Implemented","details":[]}} with the gRPC status code.
 */
final class RestTransport implements QueryTransport {
  static final String BLOCK_HEIGHT_HEADER = "x-cosmos-block-height";
  /** grpc-gateway passes the gRPC reply header on with this prefix. */
  static final String REPLY_HEIGHT_HEADER = "Grpc-Metadata-X-Cosmos-Block-Height";

  private static final int UNAVAILABLE = 14;
  private static final int DEADLINE_EXCEEDED = 4;
  private static final int NOT_FOUND = 5;
  private static final int UNIMPLEMENTED = 12;
  private static final int MAX_ERROR_TEXT = 200;
  private static final String GATEWAY_NO_ROUTE = "Not Found";

  private final String chainId;
  private final OkHttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Failover<RpcEndpoint> endpoints;

  /** @param endpoints base URLs, at least one, in the order to try them */
  RestTransport(String chainId, List<RpcEndpoint> endpoints, OkHttpClient http) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("chain " + chainId + " has no REST endpoints to query");
    }
    this.chainId = chainId;
    this.http = http;
    this.endpoints = new Failover<>(endpoints);
  }

  @Override
  public <Req extends Message, Resp extends Message> Reply<Resp> query(
      QueryMethod<Req, Resp> method, Req request, long height) throws IOException {
    String what = name() + " " + method.restPath() + " on chain " + chainId;
    return endpoints.call(what, endpoint -> call(endpoint, what, method, request, height));
  }

  private <Req extends Message, Resp extends Message> Reply<Resp> call(
      RpcEndpoint endpoint, String what, QueryMethod<Req, Resp> method, Req request, long height)
      throws IOException {
    Request.Builder builder = new Request.Builder().url(url(endpoint.url(), method, request)).header("Accept", "application/json");
    if (height > 0) {
      builder.header(BLOCK_HEIGHT_HEADER, Long.toString(height));
    }
    int status;
    String body;
    long answeredHeight;
    try (Response response = http.newCall(builder.build()).execute()) {
      status = response.code();
      body = boundedBody(response);
      answeredHeight = replyHeight(response, height);
    } catch (IOException e) {
      throw new EndpointFailure(endpoint.redacted(), endpoint.scrub(e.getClass().getSimpleName() + ": " + e.getMessage()), e);
    }
    String where = what + " via " + endpoint.redacted() + (height > 0 ? " at height " + height : "");
    JsonNode json = parse(body);
    if (status / 100 != 2) {
      throw error(endpoint, what, method, height, status, json, body);
    }
    if (json == null) {
      throw new IOException(where + " returned a body that is not JSON: " + excerpt(endpoint, body));
    }
    try {
      return new Reply<>(RestJson.read(json, method.responsePrototype()), answeredHeight);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(where + " returned JSON that is not a valid reply: " + e.getMessage(), e);
    }
  }

  private IOException error(
      RpcEndpoint endpoint, String what, QueryMethod<?, ?> method, long height, int status, JsonNode json, String body) {
    String name = endpoint.redacted();
    if (json != null && json.path("code").isNumber()) {
      int code = json.get("code").intValue();
      String message = EmittedText.cap(EmittedText.printable(endpoint.scrub(json.path("message").asText(""))));
      if (code == UNAVAILABLE || code == DEADLINE_EXCEEDED) {
        return new EndpointFailure(name, "HTTP " + status + ", code " + code + ": " + message, null);
      }
      // grpc-gateway answers a route it does not have with code 5 and exactly "Not Found".
      boolean noRoute = code == NOT_FOUND && message.equals(GATEWAY_NO_ROUTE);
      boolean notSupported = code == UNIMPLEMENTED || noRoute || ChainQueryException.saysNotSupported(message);
      return ChainQueryException.refused(
          what, method.path(), name, height, code, "HTTP " + status, message, notSupported,
          code == NOT_FOUND && !noRoute);
    }
    if (status >= 500 || status == 408 || status == 429) {
      return new EndpointFailure(name, "HTTP " + status + ": " + excerpt(endpoint, body), null);
    }
    return ChainQueryException.refused(
        what, method.path(), name, height, status, "HTTP " + status, excerpt(endpoint, body), status == 404 || status == 501,
        false);
  }

  private JsonNode parse(String body) {
    try {
      return body.isBlank() ? null : mapper.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * The body as text, refused past {@link CometRpcClient#DEFAULT_MAX_BODY_BYTES} so that no answer can fill the
   * heap.
   */
  private static String boundedBody(Response response) throws IOException {
    long limit = CometRpcClient.DEFAULT_MAX_BODY_BYTES;
    byte[] bytes =
        response.body().contentLength() > limit ? null : response.body().byteStream().readNBytes((int) limit + 1);
    if (bytes == null || bytes.length > limit) {
      throw new IOException("response body is larger than " + limit + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An excerpt of a body the endpoint sent, on one line, scrubbed of its secrets. */
  private static String excerpt(RpcEndpoint endpoint, String body) {
    String oneLine = EmittedText.printable(endpoint.scrub(body.strip().replaceAll("\\s+", " ")));
    return oneLine.length() <= MAX_ERROR_TEXT ? oneLine : oneLine.substring(0, MAX_ERROR_TEXT) + "...";
  }

  private static long replyHeight(Response response, long asked) {
    String value = response.header(REPLY_HEIGHT_HEADER, response.header(BLOCK_HEIGHT_HEADER));
    if (value == null) {
      return asked;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return asked;
    }
  }

  /** The route under the base URL, keeping the base URL's own query parameters (API keys, say). */
  static HttpUrl url(HttpUrl base, QueryMethod<?, ?> method, Message request) {
    HttpUrl.Builder url = base.newBuilder();
    Set<String> inPath = new HashSet<>();
    for (String segment : method.restPath().substring(1).split("/")) {
      if (segment.startsWith("{") && segment.endsWith("}")) {
        String name = segment.substring(1, segment.length() - 1);
        FieldDescriptor field = request.getDescriptorForType().findFieldByName(name);
        if (field == null) {
          throw new IllegalArgumentException(
              "REST path " + method.restPath() + " names field " + name + ", which "
                  + request.getDescriptorForType().getFullName() + " does not have");
        }
        url.addPathSegment(scalar(field, request.getField(field)));
        inPath.add(name);
      } else {
        url.addPathSegment(segment);
      }
    }
    addQuery(url, "", request, inPath);
    return url.build();
  }

  private static void addQuery(HttpUrl.Builder url, String prefix, Message message, Set<String> skip) {
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      if (skip.contains(field.getName())) {
        continue;
      }
      String name = prefix + field.getName();
      List<Object> values = field.isRepeated() ? new ArrayList<>((List<?>) entry.getValue()) : List.of(entry.getValue());
      for (Object value : values) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          addQuery(url, name + ".", (Message) value, Set.of());
        } else {
          url.addQueryParameter(name, scalar(field, value));
        }
      }
    }
  }

  private static String scalar(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case BYTE_STRING -> Base64.getEncoder().encodeToString(((com.google.protobuf.ByteString) value).toByteArray());
      case ENUM -> ((EnumValueDescriptor) value).getName();
      default -> String.valueOf(value);
    };
  }

  @Override
  public String name() {
    return "REST";
  }

  /** The HTTP client belongs to the core, which closes it. */
  @Override
  public void close() {}
}
