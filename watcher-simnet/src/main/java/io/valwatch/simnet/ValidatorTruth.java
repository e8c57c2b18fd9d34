package io.valwatch.simnet;

import io.valwatch.model.BondStatus;
import java.time.Instant;

/**
 * What the simulator knows about one validator, for tests to compare a watcher's findings against.
 *
 * <p>The vote counts cover the heights whose commit is known, {@code 1 .. latestHeight - 1}: each is
 * counted once per height at which the validator was a member of that height's validator set.
 * {@code proposed} and {@code missedProposals} cover blocks {@code 1 .. latestHeight}.
 *
 * @param name the name given to the builder, also the moniker
 * @param operatorAddress bech32 {@code <prefix>valoper…} address
 * @param consensusAddressHex upper-case hex consensus address, as in commits and {@code /validators}
 * @param consensusAddress bech32 {@code <prefix>valcons…} address, as in signing infos
 * @param pubKeyBase64 the consensus public key in base64
 * @param tokens bonded tokens in the bond denom, the base denom on Initia (after any slashing)
 * @param status the staking bond status
 * @param jailed whether the validator is jailed
 * @param tombstoned whether it was tombstoned for double signing
 * @param jailedUntil the signing info's {@code jailed_until} ({@code 1970-01-01T00:00:00Z} when never jailed)
 * @param lastJailHeight the height of the block that last jailed it, 0 if never
 * @param startHeight the signing info's {@code start_height}
 * @param indexOffset the signing info's {@code index_offset}
 * @param missedBlocksCounter the signing info's {@code missed_blocks_counter}
 * @param signed precommits with flag COMMIT
 * @param nil precommits with flag NIL
 * @param missed ABSENT entries while in the set
 * @param proposed blocks proposed
 * @param lpTokens tokens in the LP denom on Initia, 0 on a Cosmos SDK chain
 * @param votingPower staking voting power: {@code tokens} with x/staking, the weighted sum over denoms
 *     with x/mstaking; CometBFT power is this divided by 10^6
 * @param missedProposals blocks it was due to propose in round 0 while offline, committed in a later round
 *     by another proposer
 */
public record ValidatorTruth(
    String name,
    String operatorAddress,
    String consensusAddressHex,
    String consensusAddress,
    String pubKeyBase64,
    long tokens,
    BondStatus status,
    boolean jailed,
    boolean tombstoned,
    Instant jailedUntil,
    long lastJailHeight,
    long startHeight,
    long indexOffset,
    long missedBlocksCounter,
    long signed,
    long nil,
    long missed,
    long proposed,
    long lpTokens,
    long votingPower,
    long missedProposals) {

  static ValidatorTruth of(SimValidator v) {
    return new ValidatorTruth(v.name, v.operatorAddress, v.addressHex, v.valconsAddress, v.key.base64(),
        v.tokens, v.status, v.jailed, v.tombstoned, v.jailedUntil, v.lastJailHeight, v.startHeight,
        v.indexOffset, v.missedBlocksCounter, v.signedCount, v.nilCount, v.missedCount, v.proposedCount,
        v.lpTokens, v.votingPower(), v.missedProposalCount);
  }
}
