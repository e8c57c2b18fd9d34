package io.valwatch.simnet.minter;

import java.math.BigInteger;

/**
 * What the simulator knows about one candidate, for tests to compare a watcher's findings against.
 *
 * <p>{@code signed} and {@code missed} count heights {@code 1 .. latestHeight - 1} (those whose signatures
 * are in a produced block) at which the candidate was in the Tendermint validator set; {@code proposed}
 * counts the same heights.
 *
 * @param name the name given to the builder
 * @param publicKey the {@code Mp…} public key
 * @param consensusAddressHex upper-case hex Tendermint address (first 20 bytes of SHA-256 of the key)
 * @param totalStake the stake in pip
 * @param votingPower the Tendermint voting power its stake gives
 * @param status 1 offline, 2 online
 * @param validator whether it is in the app's validator list
 * @param jailed whether {@code jailedUntil > latestHeight}
 * @param jailedUntil the height its last jail ends, 0 if never jailed
 * @param absentCount absences in its 24-slot bitmap
 * @param missedBlocks the bitmap as {@code /v2/missed_blocks} prints it
 * @param signed heights it signed
 * @param missed heights it was in the set and did not sign
 * @param proposed heights it proposed
 * @param ownerAddress the {@code Mx…} address of its owner, whose key signs its switches
 * @param ownerNonce how many transactions the owner has sent: the next usable nonce is one more
 * @param slashed what a punished double sign took from its stake, in pip (0 if none was punished)
 */
public record MinterValidatorTruth(
    String name,
    String publicKey,
    String consensusAddressHex,
    BigInteger totalStake,
    long votingPower,
    int status,
    boolean validator,
    boolean jailed,
    long jailedUntil,
    int absentCount,
    String missedBlocks,
    long signed,
    long missed,
    long proposed,
    String ownerAddress,
    long ownerNonce,
    BigInteger slashed) {

  /** Absences it can still afford before the downtime penalty: at 0 the next one is punished. */
  public int blocksUntilPenalty() {
    return Math.max(0, MinterChain.MAX_ABSENT - absentCount);
  }
}
