package io.valwatch.plugins.minter;

import com.fasterxml.jackson.databind.JsonNode;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.ValidatorIdentity;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads fields of one API answer and fails with a {@link MinterApiException} naming the request and the
 * field's path when a field is missing or of the wrong type. Minter's API is protojson: 64-bit integers
 * are quoted strings, 32-bit ones and booleans are JSON scalars.
 */
final class ReplyReader {
  private final String request;

  /** @param request the endpoint and route, credentials redacted, for messages */
  ReplyReader(String request) {
    this.request = request;
  }

  JsonNode object(JsonNode parent, String field, String path) throws MinterApiException {
    JsonNode node = require(parent, field, path);
    if (!node.isObject()) {
      throw malformed(path, "is not an object", node);
    }
    return node;
  }

  JsonNode array(JsonNode parent, String field, String path) throws MinterApiException {
    JsonNode node = require(parent, field, path);
    if (!node.isArray()) {
      throw malformed(path, "is not an array", node);
    }
    return node;
  }

  String text(JsonNode parent, String field, String path) throws MinterApiException {
    JsonNode node = require(parent, field, path);
    if (!node.isTextual()) {
      throw malformed(path, "is not a string", node);
    }
    return node.asText();
  }

  boolean bool(JsonNode parent, String field, String path) throws MinterApiException {
    JsonNode node = require(parent, field, path);
    if (!node.isBoolean()) {
      throw malformed(path, "is not a boolean", node);
    }
    return node.asBoolean();
  }

  /** A non-negative integer, quoted as protojson prints 64-bit values (a bare number is accepted too). */
  BigInteger integer(JsonNode parent, String field, String path) throws MinterApiException {
    JsonNode node = require(parent, field, path);
    String text = node.isTextual() ? node.asText() : node.isIntegralNumber() ? node.asText() : null;
    if (text == null || text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
      throw malformed(path, "is not a non-negative integer", node);
    }
    return new BigInteger(text);
  }

  /** Element {@code index} of an array of 64-bit integers. */
  long uint64(JsonNode array, int index, String path) throws MinterApiException {
    JsonNode node = array.get(index);
    String text = node == null ? "" : node.asText();
    if (!text.isEmpty() && text.length() < 19 && text.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(text);
    }
    throw malformed(path, "is not a non-negative integer", node);
  }

  long uint64(JsonNode parent, String field, String path) throws MinterApiException {
    BigInteger value = integer(parent, field, path);
    if (value.bitLength() > 63) {
      throw malformed(path, "is too large", parent.get(field));
    }
    return value.longValue();
  }

  Instant time(JsonNode parent, String field, String path) throws MinterApiException {
    String text = text(parent, field, path);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw malformed(path, "is not an RFC 3339 time", parent.get(field));
    }
  }

  /** An {@code Mp…} public key and the ed25519 consensus key it is. */
  ConsensusKey publicKey(JsonNode parent, String field, String path) throws MinterApiException {
    String text = text(parent, field, path);
    try {
      ValidatorIdentity id = ValidatorIdentity.parse(text);
      if (id.kind() == ValidatorIdentity.Kind.MINTER_PUBLIC_KEY) {
        return id.consensusKey().orElseThrow();
      }
    } catch (IllegalArgumentException notAnIdentity) {
      // reported below
    }
    throw malformed(path, "is not a Minter public key (Mp and 64 hex characters)", parent.get(field));
  }

  MinterApiException malformed(String path, String problem, JsonNode value) {
    String shown = value == null ? "" : " (got " + abbreviate(value.toString()) + ")";
    return new MinterApiException(
        MinterApiException.Kind.MALFORMED, 0, request + ": field '" + path + "' " + problem + shown, null);
  }

  private JsonNode require(JsonNode parent, String field, String path) throws MinterApiException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw malformed(path, "is missing", null);
    }
    return node;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
