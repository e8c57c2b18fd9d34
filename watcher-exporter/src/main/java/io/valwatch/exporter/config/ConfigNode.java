package io.valwatch.exporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One value of a configuration tree together with its key path, so that every problem can name where it
 * is. String values get {@code ${VAR}}, {@code ${VAR:-default}} (the default when VAR is unset or empty) and
 * {@code ${VAR-default}} (the default only when VAR is unset) substituted from the environment, as a POSIX
 * shell does.
 */
final class ConfigNode {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");

  /** What every node of one file shares. */
  record Source(String name, Function<String, String> environment, Map<String, Integer> lineByPointer) {}

  private final Source source;
  private final JsonNode json;
  private final String keyPath;
  private final String pointer;

  private ConfigNode(Source source, JsonNode json, String keyPath, String pointer) {
    this.source = source;
    this.json = json;
    this.keyPath = keyPath;
    this.pointer = pointer;
  }

  static ConfigNode root(Source source, JsonNode json) {
    return new ConfigNode(source, json, "", "");
  }

  String keyPath() {
    return keyPath;
  }

  /** True when the key is absent or written without a value. */
  boolean isAbsent() {
    return json == null || json.isMissingNode() || json.isNull();
  }

  /** The value under {@code key} of this mapping; absent when not there. */
  ConfigNode get(String key) {
    JsonNode child = json == null ? null : json.get(key);
    return new ConfigNode(
        source, child, keyPath.isEmpty() ? key : keyPath + "." + key, pointer + "/" + escapePointer(key));
  }

  /**
   * Checks that this is a mapping whose keys are all in {@code allowed}, recording a problem for every other
   * key. Returns false when this is not a mapping at all, so that its keys are not read.
   */
  boolean checkMapping(Set<String> allowed, ConfigErrors errors) {
    if (!isMapping()) {
      errors.add(error("expected a mapping of " + String.join(", ", allowed) + ", got " + describe()));
      return false;
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        errors.add(get(name).error("unknown key '" + name + "'; expected one of: " + String.join(", ", allowed)));
      }
    }
    return true;
  }

  /** The elements of this list; an absent value is an empty list. */
  List<ConfigNode> elements() {
    if (isAbsent()) {
      return List.of();
    }
    if (!json.isArray()) {
      throw error("expected a list, got " + describe());
    }
    List<ConfigNode> elements = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      elements.add(new ConfigNode(source, json.get(i), keyPath + "[" + i + "]", pointer + "/" + i));
    }
    return elements;
  }

  boolean isString() {
    return json != null && json.isTextual();
  }

  /** The keys of this mapping, in file order; none when this is not a mapping. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    if (isMapping()) {
      json.fieldNames().forEachRemaining(keys::add);
    }
    return keys;
  }

  boolean isMapping() {
    return json != null && json.isObject();
  }

  /** A string value with variables substituted. Numbers and booleans are not accepted. */
  String text() {
    if (isAbsent()) {
      throw error("is required");
    }
    if (!json.isTextual()) {
      throw error("expected a string, got " + describe());
    }
    return substitute(json.textValue());
  }

  /**
   * A string value as written, its {@code ${VAR}} references left in place: safe to show where the value
   * itself could hold a secret.
   */
  String written() {
    text();
    return json.textValue();
  }

  /** A whole number within {@code [min, max]}; a string is accepted after substitution. */
  long wholeNumber(long min, long max) {
    String expected = "a whole number within " + min + ".." + max;
    long value;
    if (json.isIntegralNumber() && json.canConvertToLong()) {
      value = json.longValue();
    } else if (json.isTextual()) {
      String text = substitute(json.textValue()).strip();
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw error("expected " + expected + ", got '" + text + "'");
      }
    } else {
      throw error("expected " + expected + ", got " + describe());
    }
    if (value < min || value > max) {
      throw error("expected " + expected + ", got " + value);
    }
    return value;
  }

  /** A number; a string is accepted after substitution. */
  double number() {
    if (json.isNumber()) {
      return json.doubleValue();
    }
    if (json.isTextual()) {
      String text = substitute(json.textValue()).strip();
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw error("expected a number, got '" + text + "'");
      }
    }
    throw error("expected a number, got " + describe());
  }

  /** A duration such as {@code 90s} or {@code 1m30s} (see {@link Durations}); zero is accepted. */
  Duration duration() {
    try {
      return Durations.parse(text());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** A duration longer than zero. */
  Duration positiveDuration() {
    Duration value = duration();
    if (value.isZero()) {
      throw error("must be longer than zero");
    }
    return value;
  }

  /** {@code true} or {@code false}; a string is accepted after substitution. */
  boolean bool() {
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    if (json.isTextual()) {
      String value = substitute(json.textValue()).strip();
      if (value.equals("true") || value.equals("false")) {
        return Boolean.parseBoolean(value);
      }
      throw error("expected true or false, got '" + value + "'");
    }
    throw error("expected true or false, got " + describe());
  }

  /** The value as plain Java objects (maps, lists, strings, numbers, booleans), strings substituted. */
  Object plainValue() {
    if (isAbsent()) {
      return null;
    }
    if (json.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        map.put(name, get(name).plainValue());
      }
      return map;
    }
    if (json.isArray()) {
      return elements().stream().map(ConfigNode::plainValue).toList();
    }
    if (json.isTextual()) {
      return substitute(json.textValue());
    }
    if (json.isBoolean()) {
      return json.booleanValue();
    }
    return json.numberValue();
  }

  /** A problem with this value. */
  ConfigException error(String problem) {
    return new ConfigException(source.name(), keyPath, line(), problem);
  }

  private int line() {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      Integer line = source.lineByPointer().get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
    }
  }

  private String substitute(String value) {
    Matcher variable = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (variable.find()) {
      String name = variable.group(1);
      String set = source.environment().apply(name);
      String operator = variable.group(2);
      String replacement = set;
      if (operator != null && (set == null || (set.isEmpty() && operator.equals(":-")))) {
        replacement = variable.group(3);
      }
      if (replacement == null) {
        throw error(
            "environment variable " + name + " is not set (write ${" + name + ":-default} to give a default)");
      }
      variable.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    variable.appendTail(out);
    return out.toString();
  }

  /** What the value is, for error messages. Strings are not echoed: they may be URLs with credentials. */
  private String describe() {
    if (json.isObject()) {
      return "a mapping";
    }
    if (json.isArray()) {
      return "a list";
    }
    if (json.isTextual()) {
      return "a string";
    }
    if (json.isBoolean()) {
      return "the boolean " + json.booleanValue();
    }
    return "the number " + json.asText();
  }

  private static String escapePointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
