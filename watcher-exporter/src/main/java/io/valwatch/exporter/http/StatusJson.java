package io.valwatch.exporter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.action.ActionStatus;
import io.valwatch.alert.Alert;
import io.valwatch.exporter.actions.ActionJson;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.risk.AlertKinds;
import io.valwatch.risk.RiskLevel;
import io.valwatch.risk.RiskStatus;
import io.valwatch.tracker.RecentBlocks;
import io.valwatch.tracker.SigningStats;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The body of {@code GET /api/v1/status}: every chain and tracked validator, and every action, with
 * snake_case names, as documented in {@code docs/status-api.md}. Stake amounts are strings, since they outgrow a JSON number.
 */
final class StatusJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StatusJson() {}

  static Reply reply(List<ChainStatus> chains, List<ActionStatus> actions) {
    try {
      return new Reply(200, "application/json", MAPPER.writeValueAsBytes(of(chains, actions)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the status as JSON", e);
    }
  }

  private static ObjectNode of(List<ChainStatus> chains, List<ActionStatus> actions) {
    ObjectNode root = NODES.objectNode();
    ArrayNode array = root.putArray("chains");
    chains.forEach(chain -> array.add(chain(chain)));
    ArrayNode actionArray = root.putArray("actions");
    actions.forEach(action -> actionArray.add(ActionJson.of(action)));
    return root;
  }

  private static ObjectNode chain(ChainStatus chain) {
    ObjectNode node = NODES.objectNode();
    node.put("chain_id", chain.chainId());
    node.put("plugin", chain.pluginId());
    put(node, "latest_height", chain.latestHeight());
    put(node, "block_interval_seconds", chain.blockIntervalSeconds());
    put(node, "active_validators", chain.activeValidators());
    put(node, "signed_power_ratio", chain.signedPowerRatio());
    node.put("gap_blocks", chain.gapBlocks());
    node.put("synced", chain.hasSyncedEndpoint());
    ObjectNode health = node.putObject("health");
    health.put("processing", chain.health().processing());
    health.put("persisting", chain.health().persisting());
    health.put("progressing", chain.health().progressing());
    health.put("problem", chain.health().problem());
    chain.displayUnit().ifPresentOrElse(
        displayUnit -> {
          ObjectNode unit = node.putObject("display_unit");
          unit.put("denom", displayUnit.denom());
          unit.put("exponent", displayUnit.exponent());
        },
        () -> node.putNull("display_unit"));
    node.put("tracked_validators", chain.validators().size());
    node.put(
        "at_risk_validators",
        chain.validators().stream().filter(v -> v.knownRisk().filter(r -> r.level() != RiskLevel.OK).isPresent()).count());
    LivenessRule rule = chain.livenessRule().orElse(null);
    if (rule == null) {
      node.putNull("liveness");
    } else {
      ObjectNode liveness = node.putObject("liveness");
      liveness.put("window_blocks", rule.windowBlocks());
      liveness.put("max_missed_blocks", rule.maxMissedBlocks());
      liveness.put("penalty", lowerCase(rule.penalty()));
    }
    ArrayNode endpoints = node.putArray("endpoints");
    chain.endpoints().forEach(e -> endpoints.add(endpoint(e)));
    Set<String> tracked =
        chain.validators().stream().map(ValidatorStatus::displayAddress).collect(Collectors.toSet());
    node.set(
        "alerts",
        alerts(chain.activeAlerts().stream().filter(a -> !aboutOneOf(a, tracked)).toList()));
    ArrayNode validators = node.putArray("validators");
    for (ValidatorStatus v : chain.validators()) {
      Set<String> self = Set.of(v.displayAddress());
      validators.add(
          validator(chain, v, chain.activeAlerts().stream().filter(a -> aboutOneOf(a, self)).toList()));
    }
    return node;
  }

  private static boolean aboutOneOf(Alert alert, Set<String> addresses) {
    return AlertKinds.scope(alert.key().kind()) == AlertKinds.Scope.VALIDATOR
        && addresses.contains(alert.key().subject());
  }

  private static ObjectNode endpoint(EndpointStatus e) {
    ObjectNode node = NODES.objectNode();
    node.put("url", e.endpoint());
    node.put("up", e.up());
    put(node, "height", e.height());
    node.put("catching_up", e.catchingUp());
    node.put("last_error", e.lastError().orElse(null));
    return node;
  }

  private static ArrayNode alerts(List<Alert> alerts) {
    ArrayNode array = NODES.arrayNode();
    for (Alert a : alerts) {
      ObjectNode node = array.addObject();
      node.put("kind", a.key().kind());
      node.put("subject", a.key().subject());
      node.put("severity", lowerCase(a.severity()));
      node.put("summary", a.summary());
      node.put("description", a.description());
      node.put("firing_since", a.firingSince().toString());
    }
    return array;
  }

  private static ObjectNode validator(ChainStatus chain, ValidatorStatus v, List<Alert> alerts) {
    StakingStatus staking = v.staking().orElse(null);
    Optional<RiskStatus> known = v.knownRisk();
    RiskStatus risk = known.orElse(RiskStatus.UNKNOWN);
    ObjectNode node = NODES.objectNode();
    node.put("address", v.displayAddress());
    node.put("identity", v.identity());
    node.put("label", v.label());
    node.put("consensus_address_hex", v.consensusAddressHex().orElse(null));
    node.put("moniker", staking == null ? null : staking.moniker().orElse(null));
    node.put("status", staking == null ? "unknown" : staking.summary());
    put(node, "rank", staking == null ? OptionalInt.empty() : staking.rank());
    Optional<BigInteger> tokens = staking == null ? Optional.empty() : staking.tokens();
    node.put("tokens", tokens.map(BigInteger::toString).orElse(null));
    node.put("stake", tokens.map(chain::formatAmount).orElse(null));
    put(node, "blocks_until_penalty", risk.blocksUntilPenalty());
    put(node, "chain_missed_blocks", staking == null ? OptionalLong.empty() : staking.chainMissedBlocksCounter());
    ObjectNode riskNode = node.putObject("risk");
    riskNode.put("level", known.map(r -> lowerCase(r.level())).orElse(null));
    put(riskNode, "recent_miss_rate", risk.recentMissRate());
    put(riskNode, "seconds_to_penalty_at_current_rate", risk.projectedSecondsToPenaltyAtCurrentRate());
    put(riskNode, "seconds_to_penalty_fully_offline", risk.projectedSecondsToPenaltyFullyOffline());
    ArrayNode reasons = riskNode.putArray("reasons");
    risk.reasons().forEach(reasons::add);
    node.set("signing", signing(v.knownSigning()));
    node.set("alerts", alerts(alerts));
    RecentBlocks recent = v.recentBlocks();
    ObjectNode blocks = node.putObject("recent_blocks");
    blocks.put("first_height", recent.firstHeight());
    blocks.put("last_height", recent.lastHeight());
    blocks.put("marks", recent.marks());
    return node;
  }

  /** Every field is {@code null} while what the validator signed is unknown. */
  private static ObjectNode signing(Optional<SigningStats> known) {
    ObjectNode node = NODES.objectNode();
    node.put("signed_blocks", count(known, SigningStats::signedBlocks));
    node.put("missed_blocks", count(known, SigningStats::missedBlocks));
    node.put("nil_votes", count(known, SigningStats::nilVotes));
    node.put("proposed_blocks", count(known, SigningStats::proposedBlocks));
    node.put("solo_missed_blocks", count(known, SigningStats::soloMissedBlocks));
    node.put("consecutive_missed_blocks", count(known, SigningStats::consecutiveMissedBlocks));
    node.put("window_missed_blocks", count(known, SigningStats::windowMissedBlocks));
    node.put("window_slots", count(known, SigningStats::windowSlots));
    node.put("uptime_ratio", known.map(SigningStats::uptimeRatio).filter(u -> !u.isNaN()).orElse(null));
    return node;
  }

  private static Long count(Optional<SigningStats> known, ToLongFunction<SigningStats> count) {
    return known.map(s -> count.applyAsLong(s)).orElse(null);
  }

  /** Tombstoned and jailed outrank the bond status, since they are what an operator must act on. */
  private static String lowerCase(Enum<?> value) {
    return value == null ? "unknown" : value.name().toLowerCase(Locale.ROOT);
  }

  private static void put(ObjectNode node, String field, OptionalLong value) {
    if (value.isPresent()) {
      node.put(field, value.getAsLong());
    } else {
      node.putNull(field);
    }
  }

  private static void put(ObjectNode node, String field, OptionalInt value) {
    if (value.isPresent()) {
      node.put(field, value.getAsInt());
    } else {
      node.putNull(field);
    }
  }

  private static void put(ObjectNode node, String field, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(field, value.getAsDouble());
    } else {
      node.putNull(field);
    }
  }
}
