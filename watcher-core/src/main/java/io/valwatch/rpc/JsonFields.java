package io.valwatch.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Typed reads of CometBFT RPC JSON ({@code cmtjson}) from a streaming parser: int64 values are quoted strings,
 * int32 values and enums are numbers, times are RFC 3339. Each read takes the parser's current token (the
 * value of the field just named) and names the field's path relative to the object being read when the
 * shape is wrong; callers prefix their own path with {@link MalformedJson#within}.
 */
final class JsonFields {
  private JsonFields() {}

  /** Fails unless the current token starts an object. */
  static void object(JsonParser p, String path) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw MalformedJson.field(path, "expected an object, got " + describe(p));
    }
  }

  /** Whether the current token starts an object; false for JSON null; fails for anything else. */
  static boolean optionalObject(JsonParser p, String path) {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return false;
    }
    object(p, path);
    return true;
  }

  /**
   * Advances to the next field of the current object and onto its value.
   *
   * @return the field's name, or {@code null} at the end of the object
   */
  static String nextField(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return null;
    }
    String name = p.currentName();
    p.nextToken();
    return name;
  }

  /** Whether the current token starts an array; false for JSON null (Go's nil slice); fails otherwise. */
  static boolean array(JsonParser p, String path) {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return false;
    }
    if (token != JsonToken.START_ARRAY) {
      throw MalformedJson.field(path, "expected an array, got " + describe(p));
    }
    return true;
  }

  /**
   * Advances to the next element of the current array.
   *
   * @return false at the end of the array
   */
  static boolean nextElement(JsonParser p) throws IOException {
    return p.nextToken() != JsonToken.END_ARRAY;
  }

  static String string(JsonParser p, String path) throws IOException {
    stringToken(p, path);
    return p.getText();
  }

  /**
   * Fails unless the current token is a string, for reads of its characters that make no string.
   *
   * @return {@code p}
   */
  static JsonParser stringToken(JsonParser p, String path) {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw MalformedJson.field(path, "expected a string, got " + describe(p));
    }
    return p;
  }

  /** A string field that may be null (then empty), as {@code omitempty} fields are. */
  static String optionalString(JsonParser p, String path) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? "" : string(p, path);
  }

  /** An int64, which CometBFT sends as a quoted decimal string. */
  static long int64(JsonParser p, String path) throws IOException {
    return parseInt64(string(p, path), path);
  }

  /** A height: an int64 that must not be negative. */
  static long height(JsonParser p, String path) throws IOException {
    long height = int64(p, path);
    if (height < 0) {
      throw MalformedJson.field(path, "a height cannot be negative, got " + height);
    }
    return height;
  }

  /** An int64 that may be null or empty; then 0. */
  static long optionalInt64(JsonParser p, String path) throws IOException {
    String text = optionalString(p, path);
    return text.isEmpty() ? 0 : parseInt64(text, path);
  }

  private static long parseInt64(String text, String path) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw MalformedJson.field(path, "expected an int64 as a decimal string, got \"" + shorten(text) + "\"");
    }
  }

  /** An int32 or enum, which CometBFT sends as a JSON number. */
  static int int32(JsonParser p, String path) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
      throw MalformedJson.field(path, "expected an int32 number, got " + describe(p));
    }
    return p.getIntValue();
  }

  /** An int32 that may be null; then 0. */
  static int optionalInt32(JsonParser p, String path) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? 0 : int32(p, path);
  }

  static boolean bool(JsonParser p, String path) {
    JsonToken token = p.currentToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw MalformedJson.field(path, "expected true or false, got " + describe(p));
    }
    return token == JsonToken.VALUE_TRUE;
  }

  /** An RFC 3339 time with up to nanosecond precision. */
  static Instant time(JsonParser p, String path) throws IOException {
    String text = string(p, path);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw MalformedJson.field(path, "expected an RFC 3339 time, got \"" + shorten(text) + "\"");
    }
  }

  /** Fails with "missing" when a required field was not seen. */
  static void require(boolean seen, String path) {
    if (!seen) {
      throw MalformedJson.field(path, "missing");
    }
  }

  /** The current value, named for an error message without reading more than its first token. */
  private static String describe(JsonParser p) {
    JsonToken token = p.currentToken();
    if (token == null) {
      return "nothing";
    }
    try {
      return switch (token) {
        case VALUE_NULL -> "null";
        case START_OBJECT -> "object";
        case START_ARRAY -> "array";
        case VALUE_STRING -> "string \"" + shorten(p.getText()) + '"';
        case VALUE_TRUE, VALUE_FALSE -> "boolean " + p.getText();
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + shorten(p.getText());
        default -> token.name().toLowerCase(java.util.Locale.ROOT);
      };
    } catch (IOException e) {
      return token.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
