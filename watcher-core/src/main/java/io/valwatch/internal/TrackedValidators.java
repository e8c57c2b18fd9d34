package io.valwatch.internal;

import io.valwatch.event.ValidatorStatusChanged;
import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.model.BondStatus;
import io.valwatch.model.NetworkMode;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.TrackedValidator;
import io.valwatch.spi.ValidatorInfo;
import io.valwatch.tracker.Vote;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's tracked validators: each one's parsed identity, the consensus address it signs with, and
 * what the staking data said about it at the last refresh. At each refresh it resolves every identity
 * again (keys rotate), reports a changed key or commission rate, and emits
 * {@link ValidatorStatusChanged} when the staking status moved. In network mode the tracked validators are
 * chosen again at each refresh from the whole set ({@link NetworkMode}). Used on the chain's thread only.
 */
final class TrackedValidators {
  // The chain's log lines share the runner's category, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(TrackedValidators.class);

  /** What a refresh found changed, for alerts that fire once. */
  interface Changes {
    void consensusKeyChanged(TrackedValidator validator, String previousAddressHex);

    void commissionChanged(TrackedValidator validator, BigDecimal previousRate);
  }

  private final String chainId;
  private final ChainEvents events;
  private final Optional<NetworkMode> network;
  private Map<TrackedValidator, ValidatorIdentity> identities = new LinkedHashMap<>();
  private final Map<TrackedValidator, StakingStatus> lastStakingStatus = new HashMap<>();
  private final Map<TrackedValidator, String> resolvedAddress = new HashMap<>();
  /** Tracked validators whose absence from the staking data was logged, so it is logged once. */
  private final Set<TrackedValidator> unknownReported = new HashSet<>();
  /** Consensus addresses a network-mode refresh was started for, so that each one starts one at most. */
  private final Set<String> newcomersSeen = new HashSet<>();
  /**
   * Consensus addresses in the set at a processed height since the last selection that no tracked validator
   * signs with: selected at the next refresh even when they left the set in between (during a catch-up).
   */
  private final Set<String> seenInSetSinceSelection = new HashSet<>();
  /** The values of {@code resolvedAddress}, for the per-height lookups. */
  private Set<String> signingAddresses = Set.of();
  /** How many selected validators the cap left out at the last selection; logged when it changes. */
  private int leftOutByCap;

  /**
   * Parses each validator's identity; one that does not parse is logged and skipped.
   *
   * @param network network mode's filters and cap; when present {@code validators} is empty
   */
  TrackedValidators(
      String chainId, List<TrackedValidator> validators, Optional<NetworkMode> network, ChainEvents events) {
    this.chainId = chainId;
    this.events = events;
    this.network = network;
    for (TrackedValidator t : validators) {
      try {
        identities.put(t, ValidatorIdentity.parse(t.identity()));
      } catch (IllegalArgumentException e) {
        log.error("chain {}: validator '{}' is skipped: {}", chainId, t.identity(), e.getMessage());
      }
    }
  }

  /** The validators whose identity parsed, in configuration order (the order of the published status). */
  List<TrackedValidator> all() {
    return List.copyOf(identities.keySet());
  }

  /** The consensus address (upper-case hex) the validator signs with, or null while unresolved. */
  String addressOf(TrackedValidator validator) {
    return resolvedAddress.get(validator);
  }

  /** What the staking data said about the validator at the last refresh, or null. */
  StakingStatus stakingStatusOf(TrackedValidator validator) {
    return lastStakingStatus.get(validator);
  }

  /**
   * In network mode, whether the set holds a consensus address no tracked validator signs with and that has
   * not been reported before: a refresh then names the newcomer at once. Always false for a list.
   */
  boolean newcomerIn(List<Vote> set) {
    if (network.isEmpty()) {
      return false;
    }
    boolean found = false;
    for (Vote vote : set) {
      String hex = vote.address();
      if (!signingAddresses.contains(hex)) {
        seenInSetSinceSelection.add(hex);
        found |= newcomersSeen.add(hex);
      }
    }
    return found;
  }

  /** Whether some tracked validator signs with this consensus address. */
  boolean signsAs(String addressHex) {
    return signingAddresses.contains(addressHex);
  }

  /** The tracked validators that sign with this consensus address. */
  List<TrackedValidator> signingAs(String addressHex) {
    List<TrackedValidator> found = new ArrayList<>();
    for (Map.Entry<TrackedValidator, String> e : resolvedAddress.entrySet()) {
      if (addressHex.equals(e.getValue())) {
        found.add(e.getKey());
      }
    }
    return found;
  }

  /** The operator addresses the staking data gave, sorted. */
  Set<String> operatorAddresses() {
    return lastStakingStatus.values().stream()
        .filter(Objects::nonNull)
        .flatMap(s -> s.operatorAddress().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Finds each tracked validator's consensus address (again: keys rotate) and compares what the chain says
   * about it with the last refresh. Without staking data, identities that carry their own consensus address
   * still resolve.
   *
   * @param staking the chain's staking data, or null when none has been read
   * @param setAddressesHex the consensus addresses of the set at the last processed height, which network
   *     mode tracks as well
   */
  void resolve(StakingView staking, Collection<String> setAddressesHex, Changes changes) {
    network.ifPresent(mode -> select(mode, staking, setAddressesHex));
    for (Map.Entry<TrackedValidator, ValidatorIdentity> e : identities.entrySet()) {
      TrackedValidator t = e.getKey();
      ValidatorIdentity id = e.getValue();
      String hex = (staking != null ? staking.consensusAddressHex(id) : id.consensusAddressHex()).orElse(null);
      String before = resolvedAddress.get(t);
      if (hex == null) {
        if (before == null && unknownReported.add(t)) {
          log.warn(
              "chain {}: validator '{}' is not known to the staking module yet; it is looked up again at every refresh",
              chainId, t.identity());
        }
        continue;
      }
      if (unknownReported.remove(t)) {
        log.info("chain {}: validator '{}' is now known to the staking module", chainId, t.identity());
      }
      if (!hex.equals(before)) {
        if (before != null || network.isEmpty()) {
          log.info("chain {}: validator '{}' signs as {}", chainId, t.identity(), hex);
        } else {
          log.debug("chain {}: validator '{}' signs as {}", chainId, t.identity(), hex);
        }
        if (before != null) {
          changes.consensusKeyChanged(t, before);
        }
      }
      // The staking data's own text even when it is unchanged, so the older copy can go.
      resolvedAddress.put(t, hex);
      StakingStatus current = staking == null ? null : staking.statusOf(id, hex);
      StakingStatus previous = lastStakingStatus.put(t, current);
      BigDecimal rateBefore = previous == null ? null : previous.commissionRate().orElse(null);
      BigDecimal rateAfter = current == null ? null : current.commissionRate().orElse(null);
      if (rateBefore != null && rateAfter != null && rateBefore.compareTo(rateAfter) != 0) {
        changes.commissionChanged(t, rateBefore);
      }
      if (current != null && changed(previous, current)) {
        ValidatorStatusChanged event = new ValidatorStatusChanged(chainId, t.identity(), previous, current);
        events.emit(l -> l.onValidatorStatusChanged(event));
      }
    }
    signingAddresses = new HashSet<>(resolvedAddress.values());
  }

  /**
   * Network mode: the bonded validators, those in the set at the last height or at any height processed since
   * the last selection, and those tracked before that are still unbonding, filtered, ranked and capped.
   * Without staking data, the set at the last height.
   */
  private void select(NetworkMode mode, StakingView staking, Collection<String> setAddressesHex) {
    Map<TrackedValidator, ValidatorIdentity> chosen = new LinkedHashMap<>();
    if (staking == null || staking.data().validators().isEmpty()) {
      setAddressesHex.stream().sorted().forEach(hex -> chosen.put(TrackedValidator.of(hex), ValidatorIdentity.parse(hex)));
    } else {
      Set<String> inSet = new HashSet<>(setAddressesHex);
      inSet.addAll(seenInSetSinceSelection);
      Set<String> trackedBefore = new HashSet<>();
      identities.keySet().forEach(t -> trackedBefore.add(t.identity()));
      List<ValidatorInfo> selected =
          staking.data().validators().stream()
              .filter(v -> v.status() == BondStatus.BONDED
                  || (v.consensusAddressHex() != null && inSet.contains(v.consensusAddressHex()))
                  || (v.status() == BondStatus.UNBONDING && trackedBefore.contains(v.operatorAddress())))
              .filter(v -> mode.selects(v.moniker(), staking.rankOf(v.operatorAddress())))
              .sorted(Comparator.comparing((ValidatorInfo v) -> staking.rankOf(v.operatorAddress()),
                      Comparator.nullsLast(Comparator.naturalOrder()))
                  .thenComparing(ValidatorInfo::tokens, Comparator.reverseOrder())
                  .thenComparing(ValidatorInfo::operatorAddress))
              .toList();
      capped(mode, selected.size());
      for (ValidatorInfo v : selected.subList(0, Math.min(selected.size(), mode.maxTracked()))) {
        try {
          chosen.put(TrackedValidator.of(v.operatorAddress()), ValidatorIdentity.parse(v.operatorAddress()));
        } catch (IllegalArgumentException e) {
          log.warn("chain {}: validator '{}' is not tracked: {}", chainId, v.operatorAddress(), e.getMessage());
        }
      }
    }
    seenInSetSinceSelection.clear();
    Set<TrackedValidator> gone = new HashSet<>(identities.keySet());
    gone.removeAll(chosen.keySet());
    boolean joined = !identities.keySet().containsAll(chosen.keySet());
    int before = identities.size();
    for (TrackedValidator t : gone) {
      resolvedAddress.remove(t);
      lastStakingStatus.remove(t);
      unknownReported.remove(t);
    }
    // Kept in rank order, the order of the published status.
    identities = chosen;
    if (!joined && gone.isEmpty()) {
      return;
    }
    log.info(
        "chain {}: network mode tracks {} validators (was {}; {} left the selection)",
        chainId, chosen.size(), before, gone.size());
  }

  private void capped(NetworkMode mode, int selected) {
    int leftOut = Math.max(0, selected - mode.maxTracked());
    if (leftOut == leftOutByCap) {
      return;
    }
    if (leftOut > 0) {
      log.warn(
          "chain {}: {} validators are selected but network mode tracks at most {} (network.max_tracked): the {}"
              + " lowest-ranked are not tracked. Each tracked validator adds about 23 series; raise the cap or"
              + " narrow the selection with include/exclude",
          chainId, selected, mode.maxTracked(), leftOut);
    } else {
      log.info("chain {}: every selected validator is tracked again ({} of at most {})", chainId, selected, mode.maxTracked());
    }
    leftOutByCap = leftOut;
  }

  private static boolean changed(StakingStatus a, StakingStatus b) {
    return a == null
        || a.bondStatus() != b.bondStatus()
        || a.jailed() != b.jailed()
        || !Objects.equals(a.tombstoned(), b.tombstoned())
        || !Objects.equals(a.rank(), b.rank())
        || !Objects.equals(a.commissionRate(), b.commissionRate());
  }
}
