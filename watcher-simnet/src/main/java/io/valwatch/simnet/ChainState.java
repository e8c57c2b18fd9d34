package io.valwatch.simnet;

import io.valwatch.identity.KeyType;
import io.valwatch.model.BondStatus;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.simnet.ValidatorSetSnapshot.Member;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The consensus and staking rules of the simulated chain. Not thread-safe: {@link SimulatedChain} guards it
 * with one lock.
 *
 * <p>Executing block H: x/slashing reads the commit for H-1 (each member of set H-1), x/evidence handles
 * double signs scripted at H, scripted transactions run, then staking's end block recomputes the bonded
 * validators. The resulting set becomes the set of H+2 (CometBFT's validator update delay).
 */
final class ChainState {
  /** x/evidence's {@code jailed_until} for a tombstoned validator. */
  static final Instant DOUBLE_SIGN_JAIL_END = Instant.parse("9999-12-31T23:59:59Z");

  final ChainConfig config;
  private final Scenario scenario;
  private final Map<String, SimValidator> validators = new LinkedHashMap<>();
  private final NavigableMap<Long, BlockRecord> blocks = new TreeMap<>();
  private final NavigableMap<Long, ValidatorSetSnapshot> sets = new TreeMap<>();
  private final NavigableSet<Long> halts = new TreeSet<>();
  /** Votes cast, as proposal id and the voter's account bytes in hex. */
  private final Set<String> votes = new HashSet<>();
  private long latest;

  ChainState(ChainConfig config, Scenario scenario, Collection<Long> haltHeights) {
    this.config = config;
    this.scenario = scenario;
    halts.addAll(haltHeights);
    for (ChainConfig.GenesisValidator g : config.genesisValidators()) {
      SimValidator v = new SimValidator(g.name(), g.keyType(), config);
      v.created = true;
      v.setTokens(g.tokens());
      v.setLpTokens(g.lpTokens());
      validators.put(g.name(), v);
    }
    List<Member> genesisSet = bond(0, config.genesisTime());
    if (genesisSet.isEmpty()) {
      throw new IllegalStateException("no genesis validator has at least 1 CometBFT power (10^6 voting power)");
    }
    sets.put(1L, ValidatorSetSnapshot.genesis(genesisSet));
    sets.put(2L, sets.get(1L).next(genesisSet));
  }

  long latestHeight() {
    return latest;
  }

  /** The lowest height still served: the configured pruning height or the oldest retained block. */
  long earliestHeight() {
    long oldest = blocks.isEmpty() ? 1 : blocks.firstKey();
    return Math.max(oldest, Math.min(config.earliestAvailableHeight(), Math.max(latest, 1)));
  }

  boolean halted() {
    return halts.contains(latest);
  }

  void haltAt(long height) {
    halts.add(height);
  }

  void resume() {
    halts.headSet(latest, true).clear();
  }

  BlockRecord block(long height) {
    return blocks.get(height);
  }

  /** The set of a height up to {@code latest + 2}, or {@code null} when it is pruned or not yet decided. */
  ValidatorSetSnapshot set(long height) {
    return sets.get(height);
  }

  BlockIdFlag flag(SimValidator validator, long height) {
    return scenario.flag(validator.name, height);
  }

  Collection<SimValidator> validators() {
    return validators.values();
  }

  SimValidator validator(String name) {
    return validators.get(name);
  }

  /** The proposals submitted by the latest height (voting started), in id order. */
  List<Scenario.Proposal> proposals() {
    return scenario.proposals().stream().filter(p -> p.votingStartHeight() <= latest).toList();
  }

  /** Whether voting on the proposal is open at the latest height; it closes in block {@code votingEndHeight}. */
  boolean inVotingPeriod(Scenario.Proposal proposal) {
    return proposal.votingStartHeight() <= latest && latest < proposal.votingEndHeight();
  }

  boolean voted(long proposalId, byte[] account) {
    return votes.contains(proposalId + "/" + HexFormat.of().formatHex(account));
  }

  /** The upgrade plan scheduled in block {@code height}, as a passed proposal schedules it. */
  Optional<Scenario.UpgradePlan> planScheduledAt(long height) {
    return scenario.plans().stream().filter(p -> p.scheduledAtHeight() == height).findFirst();
  }

  /** The plan scheduled by the latest height whose upgrade height has not been reached yet. */
  Optional<Scenario.UpgradePlan> currentPlan() {
    Scenario.UpgradePlan current = null;
    for (Scenario.UpgradePlan plan : scenario.plans()) {
      if (plan.scheduledAtHeight() <= latest && latest < plan.height()) {
        current = plan;
      }
    }
    return Optional.ofNullable(current);
  }

  /** Executes the next block. The caller checks {@link #halted()} first. */
  BlockRecord produce() {
    long h = latest + 1;
    Instant time = config.time(h);
    ValidatorSetSnapshot set = sets.get(h);
    ValidatorSetSnapshot nextSet = sets.get(h + 1);
    ValidatorSetSnapshot lastSet = h > 1 ? sets.get(h - 1) : null;
    int round = commitRound(set, h);
    SimValidator proposer = set.proposer(round).validator();
    proposer.proposedCount++;
    if (round > 0) {
      set.proposer().validator().missedProposalCount++;
    }

    if (lastSet != null) {
      for (Member m : lastSet.members) {
        handleSignature(m.validator(), scenario.flag(m.validator().name, h - 1), h, time);
      }
    }
    List<BlockRecord.Evidence> evidence = new ArrayList<>();
    for (Scenario.Step step : scenario.stepsAt(h)) {
      if (step instanceof Scenario.DoubleSign) {
        handleDoubleSign(validators.get(step.name()), h, lastSet != null ? lastSet : set, evidence);
      }
    }
    for (Scenario.Step step : scenario.stepsAt(h)) {
      apply(step, h, time);
    }
    List<Member> bonded = bond(h, time);
    if (bonded.isEmpty()) {
      throw new IllegalStateException("block " + h + " would leave the validator set of height " + (h + 2)
          + " empty; CometBFT cannot continue without validators");
    }
    ValidatorSetSnapshot afterNext = nextSet.next(bonded);
    sets.put(h + 2, afterNext);
    int lastRound = lastSet != null ? blocks.get(h - 1).round() : 0;
    BlockRecord record = new BlockRecord(h, round, proposer, lastRound, set, nextSet, lastSet, List.copyOf(evidence),
        updates(nextSet, afterNext));
    blocks.put(h, record);
    latest = h;
    prune();
    return record;
  }

  /**
   * The round that commits height {@code h}: the first whose proposer is online (not ABSENT at {@code h}).
   * While a round's proposer is offline no proposal comes, every validator prevotes and precommits nil when
   * {@code timeout_propose} expires, and the next round starts with the next proposer. With no member online a
   * real chain would halt; the simulator commits in round 0 anyway.
   */
  private int commitRound(ValidatorSetSnapshot set, long h) {
    if (set.members.stream().allMatch(m -> scenario.flag(m.validator().name, h) == BlockIdFlag.ABSENT)) {
      return 0;
    }
    int round = 0;
    while (scenario.flag(set.proposer(round).validator().name, h) == BlockIdFlag.ABSENT) {
      round++;
    }
    return round;
  }

  private void handleSignature(SimValidator v, BlockIdFlag flag, long height, Instant time) {
    switch (flag) {
      case COMMIT -> v.signedCount++;
      case NIL -> v.nilCount++;
      default -> v.missedCount++;
    }
    if (v.jailed) {
      return;
    }
    long window = config.signedBlocksWindow();
    int index = (int) (v.indexOffset % window);
    v.indexOffset++;
    boolean missed = flag == BlockIdFlag.ABSENT;
    if (missed != v.missedBitmap.get(index)) {
      v.missedBitmap.set(index, missed);
      v.missedBlocksCounter += missed ? 1 : -1;
    }
    if (height > v.startHeight + window && v.missedBlocksCounter > config.maxMissed()) {
      slash(v, config.slashFractionDowntime());
      v.jailed = true;
      v.jailedUntil = time.plus(config.downtimeJailDuration());
      v.lastJailHeight = height;
      v.resetLiveness();
    }
  }

  private void handleDoubleSign(
      SimValidator v, long h, ValidatorSetSnapshot infractionSet, List<BlockRecord.Evidence> evidence) {
    int index = infractionSet.indexOf(v);
    if (v.tombstoned || index < 0) {
      return; // x/evidence ignores it; CometBFT would not even accept evidence against a non-member
    }
    long infractionHeight = Math.max(1, h - 1);
    evidence.add(new BlockRecord.Evidence(
        v, infractionHeight, index, infractionSet.members.get(index).power(), infractionSet.totalPower));
    slash(v, config.slashFractionDoubleSign());
    v.jailed = true;
    v.tombstoned = true;
    v.jailedUntil = DOUBLE_SIGN_JAIL_END;
    v.lastJailHeight = h;
  }

  private void apply(Scenario.Step step, long h, Instant time) {
    if (step instanceof Scenario.Join join) {
      SimValidator v = validators.computeIfAbsent(
          join.name(), n -> new SimValidator(n, KeyType.ED25519, config));
      v.created = true;
      v.left = false;
      v.setTokens(join.tokens());
      return;
    }
    SimValidator v = validators.get(step.name());
    if (v == null || !v.created) {
      return; // a transaction from an account that is not a validator yet fails on a real chain too
    }
    if (step instanceof Scenario.Leave) {
      v.left = true;
    } else if (step instanceof Scenario.SetTokens set) {
      v.setTokens(set.tokens());
    } else if (step instanceof Scenario.Vote vote) {
      // MsgVote fails on a proposal that is not in its voting period.
      Scenario.Proposal proposal = scenario.proposal(vote.proposalId());
      if (proposal.votingStartHeight() <= h && h < proposal.votingEndHeight()) {
        votes.add(vote.proposalId() + "/" + HexFormat.of().formatHex(v.operatorBytes));
      }
    } else if (step instanceof Scenario.Unjail) {
      // MsgUnjail fails while tombstoned or before jailed_until.
      if (v.jailed && !v.tombstoned && !time.isBefore(v.jailedUntil)) {
        v.jailed = false;
      }
    }
  }

  /**
   * x/staking slashes the fraction of the tokens behind the validator's power; x/mstaking burns the
   * fraction of every bonded denom.
   */
  private void slash(SimValidator v, BigDecimal fraction) {
    if (config.stakingModule() == StakingModule.INITIA) {
      v.tokens -= fractionOf(v.tokens, fraction);
      v.lpTokens -= fractionOf(v.lpTokens, fraction);
      return;
    }
    long amount = fractionOf(v.power() * ChainConfig.POWER_REDUCTION, fraction);
    v.tokens -= Math.min(amount, v.tokens);
  }

  private static long fractionOf(long amount, BigDecimal fraction) {
    return BigDecimal.valueOf(amount).multiply(fraction).setScale(0, RoundingMode.DOWN).longValueExact();
  }

  /** Staking's end block: bonds the top validators, starts unbonding the rest; returns the new members. */
  private List<Member> bond(long height, Instant time) {
    List<SimValidator> bonded = validators.values().stream()
        .filter(v -> v.created && !v.left && !v.jailed && v.power() > 0)
        .sorted(Comparator.comparingLong(SimValidator::power).reversed()
            .thenComparing(v -> v.operatorBytes, Arrays::compareUnsigned))
        .limit(config.maxValidators())
        .toList();
    for (SimValidator v : validators.values()) {
      if (!v.created) {
        continue;
      }
      boolean in = bonded.contains(v);
      if (v.status == BondStatus.UNBONDING && !in && !time.isBefore(v.unbondingTime)) {
        v.status = BondStatus.UNBONDED;
      }
      if (in && v.status != BondStatus.BONDED) {
        v.status = BondStatus.BONDED;
        v.everBonded = true;
        v.startHeight = height; // AfterValidatorBonded
      } else if (!in && v.status == BondStatus.BONDED) {
        v.status = BondStatus.UNBONDING;
        v.unbondingHeight = height;
        v.unbondingTime = time.plus(ChainConfig.UNBONDING_TIME);
      }
    }
    return bonded.stream()
        .map(v -> new Member(v, v.power()))
        .sorted(Comparator.comparingLong(Member::power).reversed()
            .thenComparing(m -> m.validator().addressHex))
        .toList();
  }

  private static List<Member> updates(ValidatorSetSnapshot before, ValidatorSetSnapshot after) {
    if (before.sameMembersAs(after)) {
      return List.of();
    }
    Map<SimValidator, Long> oldPower = new HashMap<>();
    before.members.forEach(m -> oldPower.put(m.validator(), m.power()));
    List<Member> changes = new ArrayList<>();
    for (Member m : after.members) {
      Long old = oldPower.remove(m.validator());
      if (old == null || old != m.power()) {
        changes.add(m);
      }
    }
    oldPower.keySet().forEach(v -> changes.add(new Member(v, 0)));
    return changes;
  }

  private void prune() {
    while (blocks.size() > config.retainBlocks()) {
      blocks.pollFirstEntry();
    }
    long keepSetsFrom = blocks.firstKey() - 1;
    while (sets.firstKey() < keepSetsFrom) {
      sets.pollFirstEntry();
    }
  }
}
