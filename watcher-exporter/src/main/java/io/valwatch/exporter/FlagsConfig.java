package io.valwatch.exporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.rpc.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The configuration file a flags-only {@code run} stands for ({@code --node URL --validator ADDR[:label]
 * [--chain-id ID]}, as kiln's cosmos-validator-watcher is run): one chain, written as YAML so that it goes
 * through the same loader, checks and defaults as a file.
 *
 * @param nodes the CometBFT RPC URLs
 * @param validators {@code ADDR} or {@code ADDR:label}
 * @param allValidators track every validator of the set ({@code validators: all}) instead of {@code validators}
 * @param chainId the chain id; {@code null} to ask the nodes
 * @param kilnNamespace serve kiln's metrics with this prefix; {@code null} for none
 * @param denom the display unit's name ({@code denom}); {@code null} for none
 * @param denomExponent its power of ten in base units ({@code exponent}); {@code null}: 0 when {@code denom} is
 *     given, as kiln's {@code --denom-exponent} defaults to 0
 */
record FlagsConfig(
    List<String> nodes,
    List<String> validators,
    boolean allValidators,
    String chainId,
    String kilnNamespace,
    String denom,
    Integer denomExponent) {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  FlagsConfig {
    nodes = List.copyOf(nodes);
    validators = List.copyOf(validators);
  }

  /** The YAML text; asks the nodes for the chain id when none was given. */
  String yaml() {
    String id = chainId != null ? chainId : chainIdFromNodes();
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode chain = root.putArray("chains").addObject();
    chain.put("id", id);
    ArrayNode rpc = chain.putArray("rpc");
    nodes.forEach(rpc::add);
    if (allValidators) {
      chain.put("validators", "all");
    }
    ArrayNode tracked = allValidators ? JsonNodeFactory.instance.arrayNode() : chain.putArray("validators");
    for (String validator : validators) {
      int colon = validator.indexOf(':');
      if (colon < 0) {
        tracked.add(validator);
      } else {
        tracked.addObject().put("address", validator.substring(0, colon)).put("label", validator.substring(colon + 1));
      }
    }
    if (denom != null) {
      chain.put("denom", denom);
    }
    if (denom != null || denomExponent != null) {
      // An exponent alone is left for the loader to refuse, naming the key.
      chain.put("exponent", denomExponent == null ? 0 : denomExponent);
    }
    if (kilnNamespace != null) {
      root.putArray("compat").addObject().put("name", "kiln").put("namespace", kilnNamespace);
    }
    try {
      return YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build()
          .writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a YAML tree", e);
    }
  }

  /** The network of the first node that answers {@code /status}. */
  private String chainIdFromNodes() {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(PROBE_TIMEOUT).build();
    List<String> failures = new ArrayList<>();
    try {
      for (String node : nodes) {
        RpcEndpoint endpoint;
        try {
          endpoint = RpcEndpoint.parse(node);
        } catch (IllegalArgumentException e) {
          failures.add(e.getMessage());
          continue;
        }
        try {
          return Objects.requireNonNull(new CometRpcClient(endpoint, http).status().network());
        } catch (RpcException e) {
          failures.add(endpoint.redacted() + ": " + e.getMessage());
        }
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    throw new IllegalArgumentException(
        "no --chain-id given and no --node told it: " + String.join("; ", failures)
            + " (give --chain-id to start without asking)");
  }
}
