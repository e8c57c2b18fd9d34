package io.valwatch.simnet.minter;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** One candidate of the simulated Minter chain: its fixed identity and stake, and its mutable state. */
final class Candidate {
  private static final BigInteger PIP_PER_BIP = BigInteger.TEN.pow(18);

  final long id;
  final String name;
  final String publicKey;
  final String addressHex;
  final OwnerKey owner;
  final String ownerAddress;
  final long stakeBip;
  final int commission;

  boolean online = true;
  /** After a punished double sign: every stake was cut by 5 % and the rest unbonded. */
  boolean stakeUnbonded;
  boolean validator;
  long jailedUntil;
  final AbsenceBitmap absence = new AbsenceBitmap();

  long signed;
  long missed;
  long proposed;

  Candidate(long id, String name, long stakeBip, int commission) {
    this.id = id;
    this.name = name;
    this.stakeBip = stakeBip;
    this.commission = commission;
    byte[] key = sha256("minter-simnet key " + name);
    this.publicKey = "Mp" + HexFormat.of().formatHex(key);
    this.addressHex = HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(sha256(key), 20));
    this.owner = OwnerKey.of(name);
    this.ownerAddress = owner.address();
  }

  /** The stake in pip (10^-18 of the base coin), as {@code total_stake} shows it. */
  BigInteger totalStakePip() {
    return stakeUnbonded ? BigInteger.ZERO : BigInteger.valueOf(stakeBip).multiply(PIP_PER_BIP);
  }

  /** What a punished double sign took: 5 % of the stake, in pip. */
  BigInteger slashedPip() {
    return stakeUnbonded ? BigInteger.valueOf(stakeBip).multiply(PIP_PER_BIP).divide(BigInteger.valueOf(20))
        : BigInteger.ZERO;
  }

  /** The Tendermint voting power: the stake in whole coins. */
  long votingPower() {
    return stakeBip;
  }

  /** Minter's candidate status code: 1 offline, 2 online. */
  int statusCode() {
    return online ? 2 : 1;
  }

  CandidateState snapshot() {
    return new CandidateState(this, statusCode(), validator, jailedUntil, absence.toString(), absence.count());
  }

  static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
