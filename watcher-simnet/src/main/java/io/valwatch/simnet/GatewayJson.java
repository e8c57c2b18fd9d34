package io.valwatch.simnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Protobuf messages as the Cosmos SDK's LCD (grpc-gateway with gogoproto's jsonpb, original field names,
 * defaults emitted) writes them: 64-bit integers quoted, 32-bit ones as numbers, enums by name, empty
 * bytes and unset messages as {@code null}, Timestamp in RFC 3339, Duration as {@code "600s"}, Any with
 * {@code @type} and the packed fields inline, and LegacyDec fields, scaled by 10^18 on the wire, as
 * decimals with 18 places ({@code "0.050000000000000000"}).
 */
final class GatewayJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Fields whose gogoproto customtype is LegacyDec, by full name. */
  private static final Set<String> DEC_FIELDS = Set.of(
      "cosmos.base.v1beta1.DecCoin.amount",
      "cosmos.staking.v1beta1.Validator.delegator_shares",
      "cosmos.staking.v1beta1.CommissionRates.rate",
      "cosmos.staking.v1beta1.CommissionRates.max_rate",
      "cosmos.staking.v1beta1.CommissionRates.max_change_rate",
      "cosmos.staking.v1beta1.Params.min_commission_rate",
      "cosmos.slashing.v1beta1.Params.min_signed_per_window",
      "cosmos.slashing.v1beta1.Params.slash_fraction_double_sign",
      "cosmos.slashing.v1beta1.Params.slash_fraction_downtime",
      "initia.mstaking.v1.CommissionRates.rate",
      "initia.mstaking.v1.CommissionRates.max_rate",
      "initia.mstaking.v1.CommissionRates.max_change_rate",
      "initia.mstaking.v1.Params.min_commission_rate");

  /** The messages an {@code Any} may hold here, by type URL. */
  private static final Map<String, Message> ANY_TYPES = Map.of(
      "/cosmos.crypto.ed25519.PubKey", io.valwatch.proto.cosmos.crypto.ed25519.PubKey.getDefaultInstance(),
      "/cosmos.crypto.secp256k1.PubKey", io.valwatch.proto.cosmos.crypto.secp256k1.PubKey.getDefaultInstance(),
      "/cosmos.gov.v1beta1.TextProposal", io.valwatch.proto.cosmos.gov.v1beta1.TextProposal.getDefaultInstance(),
      "/cosmos.upgrade.v1beta1.SoftwareUpgradeProposal",
      io.valwatch.proto.cosmos.upgrade.v1beta1.SoftwareUpgradeProposal.getDefaultInstance());

  private GatewayJson() {}

  static ObjectNode render(Message message) {
    if (message instanceof Any any) {
      return any(any);
    }
    ObjectNode out = JSON.objectNode();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        ArrayNode values = out.putArray(field.getName());
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
          values.add(value(field, message.getRepeatedField(field, i)));
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !message.hasField(field)) {
        out.putNull(field.getName());
      } else {
        out.set(field.getName(), value(field, message.getField(field)));
      }
    }
    return out;
  }

  private static JsonNode value(FieldDescriptor field, Object value) {
    if (DEC_FIELDS.contains(field.getFullName())) {
      String scaled = value instanceof ByteString bytes ? bytes.toString(StandardCharsets.US_ASCII) : (String) value;
      return JSON.textNode(new BigDecimal(new BigInteger(scaled), 18).toPlainString());
    }
    return switch (field.getType()) {
      case INT64, UINT64, SINT64, FIXED64, SFIXED64 -> JSON.textNode(unsigned64(field, (Long) value));
      case INT32, SINT32, SFIXED32 -> JSON.numberNode((Integer) value);
      case UINT32, FIXED32 -> JSON.numberNode(Integer.toUnsignedLong((Integer) value));
      case BOOL -> JSON.booleanNode((Boolean) value);
      case FLOAT -> JSON.numberNode((Float) value);
      case DOUBLE -> JSON.numberNode((Double) value);
      case STRING -> JSON.textNode((String) value);
      case BYTES -> ((ByteString) value).isEmpty()
          ? JSON.nullNode() : JSON.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case ENUM -> JSON.textNode(((EnumValueDescriptor) value).getName());
      case MESSAGE, GROUP -> message((Message) value);
    };
  }

  private static JsonNode message(Message value) {
    if (value instanceof Timestamp t) {
      return JSON.textNode(SECONDS.format(Instant.ofEpochSecond(t.getSeconds())) + fraction(t.getNanos()) + "Z");
    }
    if (value instanceof Duration d) {
      return JSON.textNode(d.getSeconds() + fraction(d.getNanos()) + "s");
    }
    return render(value);
  }

  private static ObjectNode any(Any any) {
    Message prototype = ANY_TYPES.get(any.getTypeUrl());
    if (prototype == null) {
      throw new IllegalArgumentException("no JSON form for an Any of type " + any.getTypeUrl());
    }
    ObjectNode out = JSON.objectNode();
    out.put("@type", any.getTypeUrl());
    try {
      out.setAll(render(prototype.getParserForType().parseFrom(any.getValue())));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Any of type " + any.getTypeUrl() + " holds invalid bytes", e);
    }
    return out;
  }

  private static String unsigned64(FieldDescriptor field, long value) {
    boolean unsigned = field.getType() == FieldDescriptor.Type.UINT64 || field.getType() == FieldDescriptor.Type.FIXED64;
    return unsigned ? Long.toUnsignedString(value) : Long.toString(value);
  }

  /** Protobuf JSON's fraction: none, or 3, 6 or 9 digits. */
  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    if (nanos % 1_000_000 == 0) {
      return String.format(".%03d", nanos / 1_000_000);
    }
    if (nanos % 1_000 == 0) {
      return String.format(".%06d", nanos / 1_000);
    }
    return String.format(".%09d", nanos);
  }
}
