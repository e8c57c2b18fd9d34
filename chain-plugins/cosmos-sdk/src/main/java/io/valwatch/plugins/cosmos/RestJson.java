package io.valwatch.plugins.cosmos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.valwatch.proto.cosmos.gov.v1beta1.TextProposal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON the LCD REST API (grpc-gateway with proto names) sends into the protobuf message the
 * same query returns over gRPC, so that one set of conversions serves every transport. It differs from
 * protobuf's JSON mapping in two places, both handled here:
 *
 * <ul>
 *   <li>{@code LegacyDec} fields declared as {@code bytes} (x/slashing params) come as decimal strings
 *       ({@code "0.050000000000000000"}), not base64; their ASCII is stored in the field, and {@link
 *       LegacyDec} reads either form. {@code string} decimals keep their text the same way.
 *   <li>{@code Any} fields ({@code consensus_pubkey}) of a type valwatch does not know keep their type URL
 *       with an empty value instead of failing the whole reply, as the binary transports do.
 * </ul>
 *
 * Unknown JSON fields are ignored. Timestamps and durations are read by protobuf's {@link JsonFormat}.
 */
final class RestJson {
  /** The {@code bytes} fields that hold a decimal as text. */
  private static final Set<String> DECIMAL_BYTES_FIELDS =
      Set.of(
          "cosmos.slashing.v1beta1.Params.min_signed_per_window",
          "cosmos.slashing.v1beta1.Params.slash_fraction_double_sign",
          "cosmos.slashing.v1beta1.Params.slash_fraction_downtime");

  /**
   * The {@code Any} payloads valwatch reads: consensus public keys, and the title and description of legacy
   * gov proposal contents (other fields of those contents are dropped).
   */
  private static final Map<String, Descriptor> ANY_TYPES = anyTypes();

  private static final JsonFormat.Parser WELL_KNOWN = JsonFormat.parser();

  private RestJson() {}

  private static Map<String, Descriptor> anyTypes() {
    Map<String, Descriptor> types = new HashMap<>();
    types.put("cosmos.crypto.ed25519.PubKey", io.valwatch.proto.cosmos.crypto.ed25519.PubKey.getDescriptor());
    types.put("cosmos.crypto.secp256k1.PubKey", io.valwatch.proto.cosmos.crypto.secp256k1.PubKey.getDescriptor());
    for (String content : GovernanceReader.TITLED_LEGACY_CONTENTS) {
      types.put(content, TextProposal.getDescriptor());
    }
    return Map.copyOf(types);
  }

  /**
   * The message {@code json} describes.
   *
   * @throws InvalidProtocolBufferException naming the field whose value does not fit
   */
  @SuppressWarnings("unchecked")
  static <T extends Message> T read(JsonNode json, T prototype) throws InvalidProtocolBufferException {
    Message.Builder builder = prototype.newBuilderForType();
    merge(json, builder, prototype.getDescriptorForType().getFullName());
    return (T) builder.build();
  }

  private static void merge(JsonNode json, Message.Builder builder, String where)
      throws InvalidProtocolBufferException {
    if (!json.isObject()) {
      throw new InvalidProtocolBufferException(where + ": expected a JSON object, got " + json.getNodeType());
    }
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      JsonNode value = json.has(field.getName()) ? json.get(field.getName()) : json.get(field.getJsonName());
      if (value == null || value.isNull()) {
        continue;
      }
      String path = where + "." + field.getName();
      if (field.isRepeated()) {
        if (!value.isArray()) {
          throw new InvalidProtocolBufferException(path + ": expected a JSON array, got " + value.getNodeType());
        }
        for (int i = 0; i < value.size(); i++) {
          builder.addRepeatedField(field, value(field, value.get(i), builder, path + "[" + i + "]"));
        }
      } else {
        builder.setField(field, value(field, value, builder, path));
      }
    }
  }

  private static Object value(FieldDescriptor field, JsonNode json, Message.Builder parent, String path)
      throws InvalidProtocolBufferException {
    try {
      return switch (field.getJavaType()) {
        case MESSAGE -> message(field, json, parent, path);
        case STRING -> text(json, path);
        case BYTE_STRING -> DECIMAL_BYTES_FIELDS.contains(field.getFullName())
            ? ByteString.copyFrom(text(json, path), StandardCharsets.US_ASCII)
            : ByteString.copyFrom(Base64.getMimeDecoder().decode(text(json, path)));
        case BOOLEAN -> bool(json, path);
        case INT -> field.getType() == FieldDescriptor.Type.UINT32 || field.getType() == FieldDescriptor.Type.FIXED32
            ? Integer.parseUnsignedInt(number(json, path))
            : Integer.parseInt(number(json, path));
        case LONG -> field.getType() == FieldDescriptor.Type.UINT64 || field.getType() == FieldDescriptor.Type.FIXED64
            ? Long.parseUnsignedLong(number(json, path))
            : Long.parseLong(number(json, path));
        case FLOAT -> Float.parseFloat(number(json, path));
        case DOUBLE -> Double.parseDouble(number(json, path));
        case ENUM -> enumValue(field, json, path);
      };
    } catch (NumberFormatException e) {
      throw new InvalidProtocolBufferException(path + ": '" + json.asText() + "' is not a " + field.getType());
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException(path + ": " + e.getMessage());
    }
  }

  private static Message message(FieldDescriptor field, JsonNode json, Message.Builder parent, String path)
      throws InvalidProtocolBufferException {
    Descriptor type = field.getMessageType();
    if (type.equals(Any.getDescriptor())) {
      return any(json, path);
    }
    Message.Builder builder = parent.newBuilderForField(field);
    if (type.getFile().getPackage().equals("google.protobuf")) {
      WELL_KNOWN.merge(json.toString(), builder);
    } else {
      merge(json, builder, path);
    }
    return builder.build();
  }

  private static Any any(JsonNode json, String path) throws InvalidProtocolBufferException {
    if (!json.isObject() || !json.path("@type").isTextual()) {
      throw new InvalidProtocolBufferException(path + ": expected an object with \"@type\"");
    }
    String typeUrl = json.get("@type").asText();
    Descriptor type = ANY_TYPES.get(typeUrl.substring(typeUrl.lastIndexOf('/') + 1));
    if (type == null) {
      return Any.newBuilder().setTypeUrl(typeUrl).build();
    }
    ObjectNode body = ((ObjectNode) json).deepCopy();
    body.remove("@type");
    Message.Builder payload = com.google.protobuf.DynamicMessage.newBuilder(type);
    merge(body, payload, path);
    return Any.newBuilder().setTypeUrl(typeUrl).setValue(payload.build().toByteString()).build();
  }

  private static String text(JsonNode json, String path) throws InvalidProtocolBufferException {
    if (!json.isTextual()) {
      throw new InvalidProtocolBufferException(path + ": expected a JSON string, got " + json.getNodeType());
    }
    return json.asText();
  }

  /** Numbers come bare (32-bit) or quoted (64-bit). */
  private static String number(JsonNode json, String path) throws InvalidProtocolBufferException {
    if (json.isNumber() || json.isTextual()) {
      return json.asText();
    }
    throw new InvalidProtocolBufferException(path + ": expected a number, got " + json.getNodeType());
  }

  private static boolean bool(JsonNode json, String path) throws InvalidProtocolBufferException {
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    throw new InvalidProtocolBufferException(path + ": expected true or false, got " + json);
  }

  private static EnumValueDescriptor enumValue(FieldDescriptor field, JsonNode json, String path)
      throws InvalidProtocolBufferException {
    EnumValueDescriptor value =
        json.isNumber()
            ? field.getEnumType().findValueByNumberCreatingIfUnknown(json.intValue())
            : field.getEnumType().findValueByName(json.asText());
    if (value == null) {
      throw new InvalidProtocolBufferException(
          path + ": '" + json.asText() + "' is not a value of " + field.getEnumType().getFullName());
    }
    return value;
  }
}
