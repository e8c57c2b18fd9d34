package io.valwatch.internal;

import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.model.BondStatus;
import io.valwatch.model.LivenessRule;
import io.valwatch.model.StakingStatus;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One refresh of a chain's staking data, seen from the tracked validators: who each one is (its consensus
 * address) and what the chain says about it.
 */
final class StakingView {
  private final ChainData data;
  private final Map<String, Integer> rankByOperator = new HashMap<>();
  /**
   * The staking entries by operator address and by consensus address as the chain spells them, so that a
   * refresh resolves each of a whole network's validators without comparing it with every entry.
   */
  private final Map<String, ValidatorInfo> byOperator = new HashMap<>();
  private final Map<String, ValidatorInfo> byConsensusAddress = new HashMap<>();

  StakingView(ChainData data) {
    this.data = data;
    for (ValidatorInfo v : data.validators()) {
      byOperator.putIfAbsent(v.operatorAddress(), v);
      if (v.consensusAddressHex() != null) {
        byConsensusAddress.putIfAbsent(v.consensusAddressHex(), v);
      }
    }
    List<ValidatorInfo> bonded =
        data.validators().stream()
            .filter(v -> v.status() == BondStatus.BONDED)
            .sorted(Comparator.comparing(ValidatorInfo::tokens).reversed())
            .toList();
    for (int i = 0; i < bonded.size(); i++) {
      rankByOperator.put(bonded.get(i).operatorAddress(), i + 1);
    }
  }

  ChainData data() {
    return data;
  }

  /** The rank among bonded validators by stake (1 is the largest), or null when not bonded. */
  Integer rankOf(String operatorAddress) {
    return rankByOperator.get(operatorAddress);
  }

  /** The staking module's entry for a tracked validator, if it has one. */
  Optional<ValidatorInfo> find(ValidatorIdentity id) {
    ValidatorInfo spelledAsTheChain = byOperator.get(id.text());
    if (spelledAsTheChain == null) {
      spelledAsTheChain = id.consensusAddressHex().map(byConsensusAddress::get).orElse(null);
    }
    if (spelledAsTheChain != null && id.matches(spelledAsTheChain.operatorAddress(), spelledAsTheChain.consensusKey())) {
      return Optional.of(spelledAsTheChain);
    }
    // Other spellings: another case, or a consensus key the chain lists under another form.
    return data.validators().stream()
        .filter(v -> id.matches(v.operatorAddress(), v.consensusKey()))
        .findFirst();
  }

  /**
   * The consensus address of a tracked validator: from its staking entry, or from the identity itself when
   * it is a consensus address or key. Empty when neither says.
   */
  Optional<String> consensusAddressHex(ValidatorIdentity id) {
    Optional<String> fromStaking = find(id).map(ValidatorInfo::consensusAddressHex);
    return fromStaking.isPresent() ? fromStaking : id.consensusAddressHex();
  }

  /** What the chain says about a tracked validator; {@code null} when the staking module does not know it. */
  StakingStatus statusOf(ValidatorIdentity id, String consensusAddressHex) {
    Optional<ValidatorInfo> info = find(id);
    SigningInfo signing = consensusAddressHex == null ? null : data.signingInfos().get(consensusAddressHex);
    if (info.isEmpty() && signing == null) {
      return null;
    }
    Long counter = signing == null ? null : signing.missedBlocksCounter();
    Long untilJail =
        counter == null ? null : data.livenessRule().map(r -> r.blocksUntilPenalty(counter)).orElse(null);
    ValidatorInfo v = info.orElse(null);
    return StakingStatus.builder()
        .operatorAddress(v == null ? null : v.operatorAddress())
        .moniker(v == null ? null : v.moniker())
        .tokens(v == null ? null : v.tokens())
        .votingPower(v == null ? null : v.votingPower())
        .rank(v == null ? null : rankByOperator.get(v.operatorAddress()))
        .bondStatus(v == null ? BondStatus.UNKNOWN : v.status())
        .jailed(v != null && v.jailed())
        .tombstoned(signing == null ? null : signing.tombstoned())
        .jailedUntil(signing == null ? null : signing.jailedUntil())
        .commissionRate(v == null ? null : v.commissionRate())
        .chainMissedBlocksCounter(counter)
        .chainBlocksUntilPenalty(untilJail)
        .tokensByDenom(v == null ? Map.of() : v.tokensByDenom())
        .build();
  }

  /** The lowest stake among bonded validators, or {@code null} without staking data. */
  BigInteger seatPrice() {
    return data.validators().stream()
        .filter(v -> v.status() == BondStatus.BONDED)
        .map(ValidatorInfo::tokens)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  Optional<LivenessRule> livenessRule() {
    return data.livenessRule();
  }
}
