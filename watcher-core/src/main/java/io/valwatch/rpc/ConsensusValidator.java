package io.valwatch.rpc;

import io.valwatch.identity.ConsensusKey;

/**
 * A member of the CometBFT validator set at some height, as returned by {@code /validators}.
 *
 * @param address upper-case hex consensus address
 * @param pubKey the consensus public key, {@code null} when its type is unknown to valwatch
 * @param votingPower CometBFT voting power
 * @param proposerPriority proposer priority
 */
public record ConsensusValidator(String address, ConsensusKey pubKey, long votingPower, long proposerPriority) {}
