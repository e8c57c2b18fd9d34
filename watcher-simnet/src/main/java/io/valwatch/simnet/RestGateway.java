package io.valwatch.simnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.Status;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * The LCD REST API of the chain's query services, as grpc-gateway serves it on a node's {@code :1317}: GET
 * routes whose {@code {field}} segments and query parameters ({@code status=…}, {@code pagination.key=…})
 * fill the request message, answered by the same {@link QueryRoute}s as gRPC, rendered by
 * {@link GatewayJson}. Errors are {@code {"code":<gRPC code>,"message":…,"details":[]}} with the HTTP status
 * grpc-gateway derives from the code.
 */
final class RestGateway extends Dispatcher {
  /** grpc-gateway hands gRPC reply headers on with this prefix. */
  static final String REPLY_HEIGHT_HEADER = "Grpc-Metadata-X-Cosmos-Block-Height";

  private final ObjectMapper mapper = new ObjectMapper();
  private final MockWebServer server;
  private final SimulatedChain chain;
  private final RequestCounter counter;

  RestGateway(MockWebServer server, SimulatedChain chain, RequestCounter counter) {
    this.server = server;
    this.chain = chain;
    this.counter = counter;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    RpcDispatcher.discardRecorded(server);
    HttpUrl url = request.getUrl();
    Map<String, String> pathFields = new HashMap<>();
    QueryRoute route = match(url.pathSegments(), pathFields);
    if (route == null) {
      return error(Status.Code.NOT_FOUND, "Not Found");
    }
    counter.count(route.restPath());
    if (!"GET".equals(request.getMethod())) {
      return error(Status.Code.UNIMPLEMENTED, "Method Not Allowed");
    }
    Message query;
    try {
      query = requestMessage(route.requestPrototype(), pathFields, url);
    } catch (InvalidRequest e) {
      return error(Status.Code.INVALID_ARGUMENT, e.getMessage());
    }
    BlockHeightHeader.Answer answer = BlockHeightHeader.answer(
        chain, request.getHeaders().get(BlockHeightHeader.NAME), state -> route.answer(state, query));
    QueryOutcome outcome = answer.outcome();
    if (!outcome.isOk()) {
      // grpc-gateway reports Unimplemented with the HTTP reason phrase, whatever the server's description.
      return error(outcome.code(),
          outcome.code() == Status.Code.UNIMPLEMENTED ? "Not Implemented" : outcome.description());
    }
    return json(200, GatewayJson.render(outcome.value()))
        .newBuilder()
        .setHeader(REPLY_HEIGHT_HEADER, Long.toString(answer.height()))
        .build();
  }

  /** The route whose template matches the path segments, filling the {@code {field}} values. */
  private QueryRoute match(List<String> segments, Map<String, String> pathFields) {
    for (QueryRoute route : chain.queries().all()) {
      String[] template = route.restPath().substring(1).split("/");
      if (template.length != segments.size()) {
        continue;
      }
      Map<String, String> fields = new HashMap<>();
      boolean matches = true;
      for (int i = 0; i < template.length && matches; i++) {
        if (template[i].startsWith("{")) {
          fields.put(template[i].substring(1, template[i].length() - 1), segments.get(i));
        } else {
          matches = template[i].equals(segments.get(i));
        }
      }
      if (matches) {
        pathFields.putAll(fields);
        return route;
      }
    }
    return null;
  }

  /** Builds the request the way grpc-gateway does; unknown query parameters are ignored, as it does. */
  private static Message requestMessage(Message prototype, Map<String, String> pathFields, HttpUrl url)
      throws InvalidRequest {
    Message.Builder builder = prototype.newBuilderForType();
    for (Map.Entry<String, String> field : pathFields.entrySet()) {
      set(builder, field.getKey().split("\\."), 0, field.getKey(), field.getValue());
    }
    for (String name : url.queryParameterNames()) {
      set(builder, name.split("\\."), 0, name, url.queryParameter(name));
    }
    return builder.build();
  }

  private static void set(Message.Builder builder, String[] path, int index, String name, String value)
      throws InvalidRequest {
    FieldDescriptor field = builder.getDescriptorForType().findFieldByName(path[index]);
    if (field == null || field.isRepeated()) {
      return;
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      if (index + 1 < path.length) {
        set(builder.getFieldBuilder(field), path, index + 1, name, value);
      }
      return;
    }
    if (index + 1 != path.length) {
      return;
    }
    try {
      builder.setField(field, scalar(field, value));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("type mismatch, parameter: " + name + ", error: " + e.getMessage());
    }
  }

  private static Object scalar(FieldDescriptor field, String value) {
    return switch (field.getType()) {
      case STRING -> value;
      case BOOL -> switch (value) {
        case "true", "1", "t", "T", "TRUE", "True" -> true;
        case "false", "0", "f", "F", "FALSE", "False" -> false;
        default -> throw new IllegalArgumentException("strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
      };
      case UINT64, FIXED64 -> parseUnsigned(value);
      case INT64, SINT64, SFIXED64 -> parseLong(value);
      case UINT32, FIXED32 -> (int) parseUnsigned(value);
      case INT32, SINT32, SFIXED32 -> (int) parseLong(value);
      case BYTES -> ByteString.copyFrom(base64(value));
      case ENUM -> enumValue(field, value);
      default -> throw new IllegalArgumentException("unsupported field type " + field.getType());
    };
  }

  private static long parseUnsigned(String value) {
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strconv.ParseUint: parsing \"" + value + "\": invalid syntax", e);
    }
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + value + "\": invalid syntax", e);
    }
  }

  /** grpc-gateway accepts standard and URL-safe base64, padded or not. */
  private static byte[] base64(String value) {
    String standard = value.replace('-', '+').replace('_', '/').replace("=", "");
    try {
      return Base64.getDecoder().decode(standard + "==".substring(0, (4 - standard.length() % 4) % 4));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("illegal base64 data in \"" + value + "\"", e);
    }
  }

  private static EnumValueDescriptor enumValue(FieldDescriptor field, String value) {
    EnumValueDescriptor byName = field.getEnumType().findValueByName(value);
    if (byName != null) {
      return byName;
    }
    EnumValueDescriptor byNumber = field.getEnumType().findValueByNumber((int) parseLong(value));
    if (byNumber == null) {
      throw new IllegalArgumentException(value + " is not valid");
    }
    return byNumber;
  }

  private MockResponse error(Status.Code code, String message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("code", code.value());
    body.put("message", message);
    body.putArray("details");
    return json(GrpcCodes.httpStatus(code), body);
  }

  private MockResponse json(int status, JsonNode body) {
    try {
      return new MockResponse.Builder()
          .code(status)
          .setHeader("Content-Type", "application/json")
          .body(mapper.writeValueAsString(body))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize REST response", e);
    }
  }
}
