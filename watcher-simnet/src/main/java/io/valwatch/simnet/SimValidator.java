package io.valwatch.simnet;

import io.valwatch.identity.Bech32;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.model.BondStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One validator's mutable staking and x/slashing state. Identity fields are fixed; the rest is only touched
 * under the chain's lock.
 */
final class SimValidator {
  final String name;
  final ConsensusKey key;
  final byte[] consensusAddress;
  final String addressHex;
  final String valconsAddress;
  final byte[] operatorBytes;
  final String operatorAddress;
  private final ChainConfig config;

  boolean created;
  boolean left;
  /** Tokens in the bond denom (the base denom on Initia). */
  long tokens;
  /** Tokens that the delegator shares were issued for; slashing lowers tokens but not shares. */
  long shareTokens;
  /** Tokens in the LP denom; always 0 with x/staking. */
  long lpTokens;
  long lpShareTokens;
  boolean jailed;
  boolean tombstoned;
  BondStatus status = BondStatus.UNBONDED;
  boolean everBonded;
  long unbondingHeight;
  Instant unbondingTime = Instant.EPOCH;

  long startHeight;
  long indexOffset;
  long missedBlocksCounter;
  final BitSet missedBitmap = new BitSet();
  Instant jailedUntil = Instant.EPOCH;
  long lastJailHeight;

  long signedCount;
  long nilCount;
  long missedCount;
  long proposedCount;
  /** Heights it was round 0's proposer of and a later round's block was committed. */
  long missedProposalCount;

  SimValidator(String name, KeyType keyType, ChainConfig config) {
    String bech32Prefix = config.bech32Prefix();
    this.config = config;
    this.name = name;
    this.key = ConsensusKey.of(keyType, keyBytes(name, keyType));
    this.consensusAddress = key.address();
    this.addressHex = key.addressHex();
    this.valconsAddress = Bech32.encode(bech32Prefix + "valcons", consensusAddress);
    this.operatorBytes = Arrays.copyOf(Encoding.sha256("operator/" + name), 20);
    this.operatorAddress = Bech32.encode(bech32Prefix + "valoper", operatorBytes);
  }

  private static byte[] keyBytes(String name, KeyType keyType) {
    byte[] seed = Encoding.sha256("valwatch-simnet/" + name);
    if (keyType == KeyType.ED25519) {
      return seed;
    }
    // A compressed-point prefix in front of 32 bytes: the right shape and length for a secp256k1 key.
    byte[] compressed = new byte[33];
    compressed[0] = 0x02;
    System.arraycopy(seed, 0, compressed, 1, 32);
    return compressed;
  }

  /** Staking voting power: tokens, or the weighted sum over denoms with x/mstaking. */
  long votingPower() {
    return config.votingPower(tokens, lpTokens);
  }

  /** CometBFT voting power: the staking voting power divided by the default power reduction of 10^6. */
  long power() {
    return votingPower() / ChainConfig.POWER_REDUCTION;
  }

  void setTokens(long newTokens) {
    tokens = newTokens;
    shareTokens = newTokens;
  }

  void setLpTokens(long newLpTokens) {
    lpTokens = newLpTokens;
    lpShareTokens = newLpTokens;
  }

  void resetLiveness() {
    missedBlocksCounter = 0;
    indexOffset = 0;
    missedBitmap.clear();
  }
}
