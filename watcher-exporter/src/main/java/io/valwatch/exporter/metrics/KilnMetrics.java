package io.valwatch.exporter.metrics;

import static io.valwatch.exporter.metrics.Family.gauge;
import static io.valwatch.exporter.metrics.Family.untyped;
import static io.valwatch.exporter.metrics.WatcherCollector.addAll;
import static io.valwatch.exporter.metrics.WatcherCollector.signing;
import static io.valwatch.exporter.metrics.WatcherCollector.slashing;
import static io.valwatch.exporter.metrics.WatcherCollector.staking;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.valwatch.exporter.metrics.Family.Source;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.DisplayUnit;
import io.valwatch.model.EndpointStatus;
import io.valwatch.model.SlashingParams;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.UpgradePlan;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.model.VotingProposal;
import io.valwatch.tracker.SigningStats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The metric names, types and labels of kiln's cosmos-validator-watcher, with values read from the same
 * snapshots as {@link WatcherCollector}, so that boards and rules written for that exporter keep working.
 * Every name is {@code <namespace>_<name>}; per-validator series carry {@code chain_id}, {@code address} (the
 * upper-case hex consensus address) and {@code name} (the label, or the address when there is none). How
 * each value maps, and what differs, is in {@code docs/compat-kiln.md}.
 */
public final class KilnMetrics implements MultiCollector {
  /** kiln's default {@code --namespace}. */
  public static final String DEFAULT_NAMESPACE = "cosmos_validator_watcher";

  private static final Pattern NAMESPACE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Supplier<List<ChainStatus>> status;
  private final List<Family<ChainStatus>> chainFamilies;
  private final List<Family<ValidatorStatus>> validatorFamilies;
  private final Map<String, DisplayUnit> units;
  private final List<Family<InUnit<ChainStatus>>> seatPrice;
  private final List<Family<InUnit<ValidatorStatus>>> tokens;
  private final List<Family<EndpointStatus>> endpointFamilies;
  private final List<Family<VotingProposal>> proposalEndTime;
  private final List<Family<UpgradePlan>> upgradePlan;
  private final List<Family<Boolean>> vote;

  /**
   * @param status gives the current state of every chain; called once per scrape
   * @param namespace the prefix of every name, as kiln's {@code --namespace}; empty for none
   * @param units the display unit configured for a chain, by chain id, as kiln's {@code --denom} and {@code
   *     --denom-exponent}: {@code tokens} and {@code seat_price} are divided by 10^exponent and carry the unit
   *     as their {@code denom} label; other chains have them in base units with an empty {@code denom}
   * @throws IllegalArgumentException when {@code namespace} cannot start a Prometheus metric name
   */
  public KilnMetrics(Supplier<List<ChainStatus>> status, String namespace, Map<String, DisplayUnit> units) {
    this.status = Objects.requireNonNull(status, "status");
    this.units = Map.copyOf(units);
    checkNamespace(namespace);
    String p = namespace.isEmpty() ? "" : namespace + "_";
    chainFamilies =
        List.of(
            gauge(p + "block_height", "Latest block height processed.", ChainStatus::latestHeight),
            gauge(p + "active_set", "Validators in the set at the latest height processed.", ChainStatus::activeValidators),
            untyped(p + "tracked_blocks", "Heights processed since start.", ChainStatus::blocksProcessed),
            untyped(p + "skipped_blocks", "Heights no endpoint could serve, since start.", ChainStatus::gapBlocks),
            gauge(p + "signed_blocks_window", "Slashing param: signed_blocks_window.",
                slashing(SlashingParams::signedBlocksWindow)),
            gauge(p + "min_signed_blocks_per_window", "Slashing param: min_signed_per_window.",
                slashing(SlashingParams::minSignedPerWindow)),
            gauge(p + "downtime_jail_duration", "Slashing param: downtime_jail_duration, in seconds.",
                slashing(s -> s.downtimeJailDuration().toMillis() / 1000.0)),
            gauge(p + "slash_fraction_double_sign", "Slashing param: slash_fraction_double_sign.",
                slashing(SlashingParams::slashFractionDoubleSign)),
            gauge(p + "slash_fraction_downtime", "Slashing param: slash_fraction_downtime.",
                slashing(SlashingParams::slashFractionDowntime)));
    seatPrice =
        List.of(gauge(p + "seat_price", "Lowest stake among bonded validators, in the denom label's unit.",
            c -> c.status().seatPriceTokens().map(c::scaled).orElse(null)));
    validatorFamilies =
        List.of(
            gauge(p + "rank", "Rank among bonded validators by stake, 1 is the largest.", staking(StakingStatus::rank)),
            untyped(p + "proposed_blocks", "Heights the validator proposed, since start.",
                signing(SigningStats::proposedBlocks)),
            untyped(p + "validated_blocks", "Heights the validator's vote (commit or nil) is in the commit, since start.",
                signing(s -> s.signedBlocks() + s.nilVotes())),
            untyped(p + "missed_blocks", "Heights the validator was in the set and absent from the commit, since start.",
                signing(SigningStats::missedBlocks)),
            untyped(p + "solo_missed_blocks", "Misses while the rest of the network signed, since start.",
                signing(SigningStats::soloMissedBlocks)),
            gauge(p + "consecutive_missed_blocks", "Current streak of missed heights.",
                signing(SigningStats::consecutiveMissedBlocks)),
            gauge(p + "missed_blocks_window", "Misses in the chain's own signing window (slashing signing info).",
                staking(StakingStatus::chainMissedBlocksCounter)),
            gauge(p + "is_bonded", "1 when the validator is bonded.", staking(WatcherCollector::bonded)),
            gauge(p + "is_jailed", "1 when the validator is jailed.", staking(StakingStatus::jailed)));
    tokens =
        List.of(gauge(p + "tokens", "Stake bonded to the validator, in the denom label's unit.",
            v -> v.status().staking().flatMap(StakingStatus::tokens).map(v::scaled).orElse(null)));
    endpointFamilies =
        List.of(
            gauge(p + "node_block_height", "Latest height the node reported.", EndpointStatus::height),
            gauge(p + "node_synced", "1 when the node's last status check succeeded and it is not catching up.",
                e -> e.up() && !e.catchingUp()));
    proposalEndTime =
        List.of(gauge(p + "proposal_end_time", "End of a proposal's voting period (unix seconds).",
            proposal -> proposal.votingEndTime().getEpochSecond()));
    upgradePlan =
        List.of(gauge(p + "upgrade_plan", "Height of the scheduled upgrade.", UpgradePlan::height));
    vote = List.of(gauge(p + "vote", "1 when the validator has voted on a proposal in its voting period.", voted -> voted));
  }

  /**
   * @throws IllegalArgumentException when {@code namespace} is neither empty nor the start of a metric name
   */
  public static void checkNamespace(String namespace) {
    if (!namespace.isEmpty() && !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "'" + namespace + "' is not a metric name prefix: letters, digits and '_', not starting with a digit");
    }
  }

  @Override
  public MetricSnapshots collect() {
    List<Source<ChainStatus>> chains = new ArrayList<>();
    List<Source<InUnit<ChainStatus>>> chainsWithDenom = new ArrayList<>();
    List<Source<ValidatorStatus>> validators = new ArrayList<>();
    List<Source<InUnit<ValidatorStatus>>> validatorsWithDenom = new ArrayList<>();
    List<Source<EndpointStatus>> endpoints = new ArrayList<>();
    List<Source<VotingProposal>> proposals = new ArrayList<>();
    List<Source<UpgradePlan>> plans = new ArrayList<>();
    List<Source<Boolean>> votes = new ArrayList<>();
    for (ChainStatus chain : status.get()) {
      Labels chainLabels = Labels.of("chain_id", chain.chainId());
      DisplayUnit unit = units.get(chain.chainId());
      String denom = unit == null ? "" : unit.denom();
      chains.add(new Source<>(chainLabels, chain));
      chainsWithDenom.add(new Source<>(chainLabels.add("denom", denom), new InUnit<>(chain, unit)));
      for (ValidatorStatus validator : chain.validators()) {
        String address = validator.consensusAddressHex().orElse(null);
        if (address == null) {
          // kiln's series are keyed by the hex consensus address: none until it is known.
          continue;
        }
        Labels labels =
            chainLabels.add("address", address).add("name", validator.label().isEmpty() ? address : validator.label());
        validators.add(new Source<>(labels, validator));
        validatorsWithDenom.add(new Source<>(labels.add("denom", denom), new InUnit<>(validator, unit)));
        String operator = validator.staking().flatMap(StakingStatus::operatorAddress).orElse(null);
        if (chain.governance().isPresent() && operator != null) {
          for (VotingProposal proposal : chain.governance().get().votingProposals()) {
            votes.add(
                new Source<>(
                    labels.add("proposal_id", Long.toString(proposal.id())),
                    proposal.votedOperators().contains(operator)));
          }
        }
      }
      if (chain.governance().isPresent()) {
        for (VotingProposal proposal : chain.governance().get().votingProposals()) {
          proposals.add(new Source<>(chainLabels.add("proposal_id", Long.toString(proposal.id())), proposal));
        }
        chain.governance().get()
            .upgradePlan()
            .ifPresent(
                plan ->
                    plans.add(
                        new Source<>(
                            chainLabels.add("version", plan.name()).add("block", Long.toString(plan.height())), plan)));
      }
      for (EndpointStatus endpoint : chain.endpoints()) {
        endpoints.add(new Source<>(chainLabels.add("node", endpoint.endpoint()), endpoint));
      }
    }
    List<MetricSnapshot> snapshots = new ArrayList<>();
    addAll(snapshots, chainFamilies, chains);
    addAll(snapshots, seatPrice, chainsWithDenom);
    addAll(snapshots, validatorFamilies, validators);
    addAll(snapshots, tokens, validatorsWithDenom);
    addAll(snapshots, endpointFamilies, endpoints);
    addAll(snapshots, proposalEndTime, proposals);
    addAll(snapshots, upgradePlan, plans);
    addAll(snapshots, vote, votes);
    return new MetricSnapshots(snapshots);
  }

  /** A status with the display unit its amounts are shown in; {@code null} for base units. */
  private record InUnit<T>(T status, DisplayUnit unit) {
    Object scaled(BigInteger baseUnits) {
      if (baseUnits == null) {
        return null;
      }
      return unit == null ? baseUnits : new BigDecimal(baseUnits).movePointLeft(unit.exponent());
    }
  }
}
