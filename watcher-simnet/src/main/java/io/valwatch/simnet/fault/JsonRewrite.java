package io.valwatch.simnet.fault;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Applies a {@link Fault#rewrite} to a JSON document; anything else passes unchanged. */
final class JsonRewrite {
  private JsonRewrite() {}

  static byte[] apply(ObjectMapper mapper, byte[] json, Fault fault) {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (IOException e) {
      return json;
    }
    JsonPointer pointer = JsonPointer.compile(fault.pointer);
    String field = pointer.last().getMatchingProperty();
    JsonNode parent = root == null ? null : root.at(pointer.head());
    if (!(parent instanceof ObjectNode object) || !object.has(field)) {
      return json;
    }
    JsonNode old = object.get(field);
    String changed = fault.rewrite.apply(old.asText());
    if (old.isNumber() && isLong(changed)) {
      object.put(field, Long.parseLong(changed));
    } else {
      object.put(field, changed);
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (IOException e) {
      return json;
    }
  }

  private static boolean isLong(String s) {
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
