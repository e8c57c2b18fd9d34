package io.valwatch.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Typed access to CometBFT RPC JSON ({@code cmtjson}): int64 values are quoted strings, int32 values and
 * enums are numbers, times are RFC 3339. Every accessor names the full field path when the shape is wrong.
 */
final class JsonFields {
  private JsonFields() {}

  /** The child object {@code name}; fails when missing, null or not an object. */
  static JsonNode object(JsonNode parent, String name, String path) {
    JsonNode node = present(parent, name, path);
    if (!node.isObject()) {
      throw MalformedJson.field(path, "expected an object, got " + describe(node));
    }
    return node;
  }

  /** The child object {@code name}, or {@code null} when missing or JSON null. */
  static JsonNode optionalObject(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw MalformedJson.field(path, "expected an object, got " + describe(node));
    }
    return node;
  }

  /** The elements of array {@code name}; a missing or null array (Go's nil slice) is empty. */
  static List<JsonNode> array(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw MalformedJson.field(path, "expected an array, got " + describe(node));
    }
    List<JsonNode> elements = new ArrayList<>(node.size());
    node.forEach(elements::add);
    return elements;
  }

  static String string(JsonNode parent, String name, String path) {
    JsonNode node = present(parent, name, path);
    if (!node.isTextual()) {
      throw MalformedJson.field(path, "expected a string, got " + describe(node));
    }
    return node.textValue();
  }

  /** A string field that may be missing or null (then empty), as {@code omitempty} fields are. */
  static String optionalString(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw MalformedJson.field(path, "expected a string, got " + describe(node));
    }
    return node.textValue();
  }

  /** An int64, which CometBFT sends as a quoted decimal string. */
  static long int64(JsonNode parent, String name, String path) {
    return parseInt64(string(parent, name, path), path);
  }

  /** An int64 that may be missing ({@code omitempty}); then 0. */
  static long optionalInt64(JsonNode parent, String name, String path) {
    String text = optionalString(parent, name, path);
    return text.isEmpty() ? 0 : parseInt64(text, path);
  }

  private static long parseInt64(String text, String path) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw MalformedJson.field(path, "expected an int64 as a decimal string, got \"" + text + "\"");
    }
  }

  /** An int32 or enum, which CometBFT sends as a JSON number. */
  static int int32(JsonNode parent, String name, String path) {
    JsonNode node = present(parent, name, path);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw MalformedJson.field(path, "expected an int32 number, got " + describe(node));
    }
    return node.intValue();
  }

  /** An int32 that may be missing ({@code omitempty}); then 0. */
  static int optionalInt32(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    return node == null || node.isNull() ? 0 : int32(parent, name, path);
  }

  static boolean bool(JsonNode parent, String name, String path) {
    JsonNode node = present(parent, name, path);
    if (!node.isBoolean()) {
      throw MalformedJson.field(path, "expected true or false, got " + describe(node));
    }
    return node.booleanValue();
  }

  /** An RFC 3339 time with up to nanosecond precision. */
  static Instant time(JsonNode parent, String name, String path) {
    String text = string(parent, name, path);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw MalformedJson.field(path, "expected an RFC 3339 time, got \"" + text + "\"");
    }
  }

  private static JsonNode present(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isMissingNode()) {
      throw MalformedJson.field(path, "missing");
    }
    if (node.isNull()) {
      throw MalformedJson.field(path, "null");
    }
    return node;
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shown;
  }
}
