package io.valwatch.examples.poa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.model.BondStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.rpc.RpcEndpoint;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Reads one chain's authorities and liveness rule from its registry: one request per refresh. */
final class AuthorityRegistry implements ChainDataSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String chainId;
  private final RpcEndpoint registry;
  private final OkHttpClient http;

  AuthorityRegistry(String chainId, RpcEndpoint registry, OkHttpClient http) {
    this.chainId = chainId;
    this.registry = registry;
    this.http = http;
  }

  /** Whether the registry answers with an authority list. */
  boolean answers() throws IOException {
    JsonNode root = get();
    return root.path("authorities").isArray() && root.path("liveness").isObject();
  }

  @Override
  public ChainData fetch() throws IOException {
    JsonNode root = get();
    JsonNode liveness = root.path("liveness");
    LivenessRule rule =
        new LivenessRule(
            number(liveness, "window", "liveness.window"),
            number(liveness, "max_missed", "liveness.max_missed"),
            LivenessRule.Penalty.SWITCH_OFF,
            Duration.ZERO,
            0,
            BigDecimal.ZERO);
    JsonNode authorities = root.path("authorities");
    if (!authorities.isArray()) {
      throw malformed("authorities", "expected a list, got " + authorities.getNodeType());
    }
    List<ValidatorInfo> validators = new ArrayList<>();
    Map<String, SigningInfo> signingInfos = new HashMap<>();
    for (int i = 0; i < authorities.size(); i++) {
      JsonNode a = authorities.get(i);
      String where = "authorities[" + i + "]";
      String name = text(a, "name", where + ".name");
      ConsensusKey key = key(a, where + ".pub_key");
      long power = number(a, "power", where + ".power");
      boolean active = bool(a, "active", where + ".active");
      validators.add(
          ValidatorInfo.builder()
              .operatorAddress(name)
              .consensusKey(key)
              .moniker(name)
              .tokens(BigInteger.valueOf(power))
              .tokensByDenom(Map.of())
              .votingPower(active ? power : 0)
              .status(active ? BondStatus.BONDED : BondStatus.UNBONDED)
              .jailed(false)
              .build());
      signingInfos.put(
          key.addressHex(),
          SigningInfo.builder()
              .consensusAddressHex(key.addressHex())
              .startHeight(0)
              .indexOffset(0)
              .jailedUntil(Instant.EPOCH)
              .tombstoned(false)
              .missedBlocksCounter(number(a, "missed", where + ".missed"))
              .build());
    }
    return ChainData.builder()
        .validators(validators)
        .stakingParams(Optional.empty())
        .slashingParams(Optional.empty())
        .livenessRule(Optional.of(rule))
        .signingInfos(signingInfos)
        .build();
  }

  private JsonNode get() throws IOException {
    Request request = new Request.Builder().url(registry.url().newBuilder().addPathSegment("authorities").build()).build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException(describe() + ": HTTP " + response.code());
      }
      return JSON.readTree(response.body().string());
    } catch (JsonProcessingException e) {
      throw new IOException(describe() + ": not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private ConsensusKey key(JsonNode authority, String where) throws IOException {
    JsonNode value = authority.path("pub_key");
    try {
      if (value.isTextual()) {
        return ConsensusKey.fromBase64(KeyType.ED25519, value.asText());
      }
    } catch (IllegalArgumentException e) {
      throw malformed(where, e.getMessage());
    }
    throw malformed(where, "expected a base64 ed25519 key, got " + value);
  }

  private long number(JsonNode parent, String field, String where) throws IOException {
    JsonNode value = parent.path(field);
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.asText());
      } catch (NumberFormatException ignored) {
        // reported below with the value
      }
    }
    throw malformed(where, "expected a whole number in a string, got " + value);
  }

  private String text(JsonNode parent, String field, String where) throws IOException {
    JsonNode value = parent.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw malformed(where, "expected a non-empty string, got " + value);
    }
    return value.asText();
  }

  private boolean bool(JsonNode parent, String field, String where) throws IOException {
    JsonNode value = parent.path(field);
    if (!value.isBoolean()) {
      throw malformed(where, "expected true or false, got " + value);
    }
    return value.asBoolean();
  }

  private IOException malformed(String where, String what) {
    return new IOException(describe() + ": " + where + ": " + what);
  }

  private String describe() {
    return "chain " + chainId + ": GET " + registry.redacted() + "/authorities";
  }
}
