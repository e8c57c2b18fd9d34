package io.valwatch.exporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.model.ChainStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * What {@code valwatch check} found on every chain, with its exit code: {@link #OK} when every validator is
 * fine, {@link #AT_RISK} when one is at risk, {@link #UNREADABLE} when a chain could not be read at all.
 *
 * @param chains one entry per configured chain, in configuration order
 */
record CheckReport(List<ChainCheck> chains) {
  static final int OK = 0;
  static final int AT_RISK = 1;
  static final int UNREADABLE = 3;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  CheckReport {
    chains = List.copyOf(chains);
  }

  /**
   * One chain's result.
   *
   * @param chainId the chain
   * @param height the last height the watcher processed; {@code null} when none, the chain was not read
   * @param stakingRead whether the chain's staking and slashing data arrived before the timeout
   * @param endpointErrors the last error of every endpoint that gave one
   * @param validators every tracked validator
   */
  record ChainCheck(
      String chainId, Long height, boolean stakingRead, List<String> endpointErrors, List<ValidatorCheck> validators) {
    ChainCheck {
      endpointErrors = List.copyOf(endpointErrors);
      validators = List.copyOf(validators);
    }

    boolean readable() {
      return height != null;
    }
  }

  /** Judges every tracked validator of {@code statuses}. */
  static CheckReport of(List<ChainStatus> statuses, long minBlocksUntilPenalty) {
    return new CheckReport(
        statuses.stream()
            .map(
                chain ->
                    new ChainCheck(
                        chain.chainId(),
                        chain.latestHeight().isPresent() ? chain.latestHeight().getAsLong() : null,
                        stakingRead(chain),
                        chain.endpoints().stream()
                            .flatMap(e -> e.lastError().map(error -> e.endpoint() + ": " + error).stream())
                            .toList(),
                        chain.validators().stream()
                            .map(v -> ValidatorCheck.of(chain, v, minBlocksUntilPenalty))
                            .toList()))
            .toList());
  }

  /** Whether a chain has processed a height and read its staking or slashing data. */
  static boolean complete(ChainStatus chain) {
    return chain.latestHeight().isPresent() && stakingRead(chain);
  }

  private static boolean stakingRead(ChainStatus chain) {
    return chain.livenessRule().isPresent()
        || chain.slashingParams().isPresent()
        || chain.validators().stream().anyMatch(v -> v.staking().isPresent());
  }

  /** 3 when a chain could not be read, else 1 when a validator is at risk, else 0. */
  int exitCode() {
    if (chains.stream().anyMatch(c -> !c.readable())) {
      return UNREADABLE;
    }
    boolean atRisk = chains.stream().flatMap(c -> c.validators().stream()).anyMatch(ValidatorCheck::atRisk);
    return atRisk ? AT_RISK : OK;
  }

  /** Prints one row per validator, then a line per problem and per unreadable chain. */
  void printTable(PrintWriter out) {
    TextTable table =
        new TextTable("CHAIN", "MONIKER", "LABEL", "STATUS", "SEEN SIGNED/MISSED", "MISSED IN WINDOW", "UNTIL PENALTY", "RANK", "STAKE", "RISK");
    for (ChainCheck chain : chains) {
      for (ValidatorCheck v : chain.validators()) {
        table.row(
            v.chainId(),
            v.moniker() == null ? v.address() : v.moniker(),
            v.label().isEmpty() ? null : v.label(),
            v.status(),
            v.seenSigned() == null ? null : v.seenSigned() + "/" + v.seenMissed(),
            v.chainMissed() == null ? null : v.chainMissed() + (v.chainWindow() == null ? "" : " of " + v.chainWindow()),
            v.blocksUntilPenalty(),
            v.rank(),
            v.stake(),
            v.riskName());
      }
    }
    table.print(out);
    out.println();
    for (ChainCheck chain : chains) {
      if (!chain.readable()) {
        out.println("UNREADABLE " + chain.chainId() + ": no height could be processed"
            + (chain.endpointErrors().isEmpty()
                ? ""
                : "; endpoints unreachable or failing: " + String.join("; ", chain.endpointErrors())));
      } else if (!chain.stakingRead()) {
        out.println("NOTE " + chain.chainId() + ": no staking or slashing data arrived in time");
      }
      for (ValidatorCheck v : chain.validators()) {
        if (v.atRisk()) {
          out.println("AT RISK " + v.chainId() + " " + v.address()
              + (v.moniker() == null ? "" : " (" + v.moniker() + ")") + ": " + String.join(", ", v.problems()));
        }
      }
    }
    out.println(summary());
    out.flush();
  }

  /** Prints the report as one JSON document. */
  void printJson(PrintWriter out) {
    ObjectNode root = JSON.createObjectNode();
    root.put("exit_code", exitCode());
    root.put("summary", summary());
    ArrayNode chainsNode = root.putArray("chains");
    for (ChainCheck chain : chains) {
      ObjectNode c = chainsNode.addObject();
      c.put("chain_id", chain.chainId());
      c.put("readable", chain.readable());
      c.put("height", chain.height());
      c.put("staking_read", chain.stakingRead());
      ArrayNode errors = c.putArray("endpoint_errors");
      chain.endpointErrors().forEach(errors::add);
      ArrayNode validators = c.putArray("validators");
      for (ValidatorCheck v : chain.validators()) {
        ObjectNode node = validators.addObject();
        node.put("address", v.address());
        node.put("moniker", v.moniker());
        node.put("label", v.label());
        node.put("status", v.status());
        node.put("seen_signed", v.seenSigned());
        node.put("seen_missed", v.seenMissed());
        node.put("chain_missed", v.chainMissed());
        node.put("chain_window", v.chainWindow());
        node.put("blocks_until_penalty", v.blocksUntilPenalty());
        node.put("blocks_until_jail", v.blocksUntilPenalty());
        node.put("rank", v.rank());
        node.put("stake", v.stake());
        node.put("risk", v.riskName());
        node.put("at_risk", v.atRisk());
        ArrayNode problems = node.putArray("problems");
        v.problems().forEach(problems::add);
      }
    }
    try {
      out.println(JSON.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the check report as JSON", e);
    }
    out.flush();
  }

  private String summary() {
    long validators = chains.stream().mapToLong(c -> c.validators().size()).sum();
    long atRisk = chains.stream().flatMap(c -> c.validators().stream()).filter(ValidatorCheck::atRisk).count();
    long unreadable = chains.stream().filter(c -> !c.readable()).count();
    return String.format(
        Locale.ROOT,
        "%d chain(s), %d validator(s): %d at risk, %d chain(s) unreadable",
        chains.size(), validators, atRisk, unreadable);
  }
}
