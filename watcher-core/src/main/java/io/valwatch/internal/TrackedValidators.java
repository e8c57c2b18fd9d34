package io.valwatch.internal;

import io.valwatch.StakingStatus;
import io.valwatch.TrackedValidator;
import io.valwatch.event.ValidatorStatusChanged;
import io.valwatch.identity.ValidatorIdentity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's tracked validators: each one's parsed identity, the consensus address it signs with, and
 * what the staking data said about it at the last refresh. At each refresh it resolves every identity
 * again (keys rotate), reports a changed key or commission rate, and emits
 * {@link ValidatorStatusChanged} when the staking status moved. Used on the chain's thread only.
 */
final class TrackedValidators {
  // The chain's log lines share the runner's category, as before the runner was split.
  private static final Logger log = LoggerFactory.getLogger(ChainRunner.class);

  /** What a refresh found changed, for alerts that fire once. */
  interface Changes {
    void consensusKeyChanged(TrackedValidator validator, String previousAddressHex);

    void commissionChanged(TrackedValidator validator, BigDecimal previousRate);
  }

  private final String chainId;
  private final ChainEvents events;
  private final Map<TrackedValidator, ValidatorIdentity> identities = new LinkedHashMap<>();
  private final Map<TrackedValidator, StakingStatus> lastStakingStatus = new HashMap<>();
  private final Map<TrackedValidator, String> resolvedAddress = new HashMap<>();
  /** Tracked validators whose absence from the staking data was logged, so it is logged once. */
  private final Set<TrackedValidator> unknownReported = new HashSet<>();

  /** Parses each validator's identity; one that does not parse is logged and skipped. */
  TrackedValidators(String chainId, List<TrackedValidator> validators, ChainEvents events) {
    this.chainId = chainId;
    this.events = events;
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

  /** Whether some tracked validator signs with this consensus address. */
  boolean signsAs(String addressHex) {
    return resolvedAddress.containsValue(addressHex);
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
        .filter(s -> s != null && s.operatorAddress() != null)
        .map(StakingStatus::operatorAddress)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Finds each tracked validator's consensus address (again: keys rotate) and compares what the chain says
   * about it with the last refresh. Without staking data, identities that carry their own consensus address
   * still resolve.
   *
   * @param staking the chain's staking data, or null when none has been read
   */
  void resolve(StakingView staking, Changes changes) {
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
        log.info("chain {}: validator '{}' signs as {}", chainId, t.identity(), hex);
        resolvedAddress.put(t, hex);
        if (before != null) {
          changes.consensusKeyChanged(t, before);
        }
      }
      StakingStatus current = staking == null ? null : staking.statusOf(id, hex);
      StakingStatus previous = lastStakingStatus.put(t, current);
      if (previous != null && current != null && previous.commissionRate() != null && current.commissionRate() != null
          && previous.commissionRate().compareTo(current.commissionRate()) != 0) {
        changes.commissionChanged(t, previous.commissionRate());
      }
      if (current != null && changed(previous, current)) {
        ValidatorStatusChanged event = new ValidatorStatusChanged(chainId, t.identity(), previous, current);
        events.emit(l -> l.onValidatorStatusChanged(event));
      }
    }
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
