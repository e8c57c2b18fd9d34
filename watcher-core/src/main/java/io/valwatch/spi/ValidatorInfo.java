package io.valwatch.spi;

import io.valwatch.identity.ConsensusKey;
import io.valwatch.model.BondStatus;
import io.valwatch.rpc.EmittedText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;

/**
 * One validator as the chain's staking module describes it.
 *
 * @param operatorAddress the operator address ({@code ...valoper1...}), or the chain's own identity
 * @param consensusKey the consensus public key, {@code null} when its type is unknown
 * @param moniker the moniker, empty when none
 * @param tokens the stake in the bond denom's base unit (for multi-denom chains, the weighted total)
 * @param tokensByDenom stake per denom; a single entry on chains with one bond denom
 * @param votingPower the CometBFT voting power the stake gives (0 unless bonded)
 * @param status bonded, unbonding or unbonded
 * @param jailed whether the validator is jailed
 * @param commissionRate commission as a fraction (0.05 for 5 %), {@code null} when unknown
 */
public record ValidatorInfo(
    String operatorAddress,
    ConsensusKey consensusKey,
    String moniker,
    BigInteger tokens,
    Map<String, BigInteger> tokensByDenom,
    long votingPower,
    BondStatus status,
    boolean jailed,
    BigDecimal commissionRate) {
  public ValidatorInfo {
    Objects.requireNonNull(operatorAddress, "operatorAddress");
    // Monikers are chosen by anyone; no control character of theirs may reach a log line or a terminal.
    moniker = EmittedText.cap(EmittedText.printable(Objects.requireNonNull(moniker, "moniker")), 200);
    Objects.requireNonNull(tokens, "tokens");
    tokensByDenom = Map.copyOf(tokensByDenom);
    Objects.requireNonNull(status, "status");
  }

  /** Upper-case hex consensus address, or {@code null} when the key is unknown. */
  public String consensusAddressHex() {
    return consensusKey == null ? null : consensusKey.addressHex();
  }
}
