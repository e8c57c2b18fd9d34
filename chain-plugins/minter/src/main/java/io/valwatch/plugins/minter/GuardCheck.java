package io.valwatch.plugins.minter;

import io.valwatch.plugins.minter.MinterApiException.Kind;
import io.valwatch.plugins.minter.MinterEndpoint.Account;
import io.valwatch.plugins.minter.MinterEndpoint.CandidateControl;
import io.valwatch.plugins.minter.MinterTransaction.InvalidTransactionException;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Checks, without broadcasting it, that a pre-signed transaction would switch a validator off: it decodes, is
 * a {@code SetCandidateOffline} for the validator's key, carries the network's chain id, is signed by the
 * candidate's owner or control address (for a multisig address, with enough weight), its nonce is the next
 * one of that address, and the address can pay its fee in the gas coin.
 */
final class GuardCheck {
  /** What a check found. */
  enum State {
    /** The transaction would be accepted now. */
    ARMED,
    /** The transaction would be refused: the validator is not protected. */
    UNARMED,
    /** No endpoint answered one of the questions; the previous verdict stands. */
    UNCHECKED
  }

  /** A verdict and, unless armed, why; never contains the transaction. */
  record Verdict(State state, String reason) {
    static Verdict armed(String detail) {
      return new Verdict(State.ARMED, detail);
    }

    static Verdict unarmed(String reason) {
      return new Verdict(State.UNARMED, reason);
    }
  }

  private final EndpointGroup endpoints;
  private final String validatorKey;

  GuardCheck(EndpointGroup endpoints, String validatorKey) {
    this.endpoints = endpoints;
    this.validatorKey = validatorKey;
  }

  /** The chain id a network's transactions carry: 2 when the node's version says testnet, else 1. */
  static int chainIdOf(String nodeVersion) {
    return nodeVersion.toLowerCase(Locale.ROOT).contains("testnet")
        ? MinterTransaction.CHAIN_TESTNET : MinterTransaction.CHAIN_MAINNET;
  }

  Verdict check(String transaction) {
    MinterTransaction tx;
    try {
      tx = MinterTransaction.decode(transaction);
    } catch (InvalidTransactionException e) {
      return Verdict.unarmed("the transaction " + e.getMessage());
    }
    if (tx.type() != MinterTransaction.TYPE_SET_CANDIDATE_OFF) {
      return Verdict.unarmed("the transaction is a " + MinterTransaction.typeName(tx.type())
          + ", not a SetCandidateOffline (0x0b)");
    }
    String key = tx.candidateKey().orElseThrow();
    if (!key.equalsIgnoreCase(validatorKey)) {
      return Verdict.unarmed("the transaction switches off " + key + ", not this validator");
    }
    try {
      return check(tx);
    } catch (MinterApiException e) {
      if (e.kind() == Kind.NETWORK) {
        return new Verdict(State.UNCHECKED, e.getMessage());
      }
      return Verdict.unarmed("the network refuses a question about it: " + e.getMessage());
    }
  }

  private Verdict check(MinterTransaction tx) throws MinterApiException {
    int chainId = chainIdOf(endpoints.call("status", MinterEndpoint::version));
    if (tx.chainId() != chainId) {
      return Verdict.unarmed("the transaction is signed for chain id " + tx.chainId() + "; this network takes "
          + chainId);
    }
    CandidateControl candidate;
    try {
      candidate = endpoints.call("candidate", e -> e.candidate(validatorKey));
    } catch (MinterApiException e) {
      if (e.notFound()) {
        return Verdict.unarmed("the network has no candidate " + validatorKey);
      }
      throw e;
    }
    String sender = tx.sender();
    if (!sender.equalsIgnoreCase(candidate.ownerAddress()) && !sender.equalsIgnoreCase(candidate.controlAddress())) {
      return Verdict.unarmed("the transaction is from " + sender + ", which is neither the candidate's owner ("
          + candidate.ownerAddress() + ") nor its control address (" + candidate.controlAddress() + ")");
    }
    Account account = endpoints.call("address", e -> e.address(sender));
    if (tx.multisig()) {
      long weight = account.multisig()
          .map(m -> tx.signers().stream().distinct().mapToLong(s -> m.weights().getOrDefault(s, 0L)).sum())
          .orElse(-1L);
      long threshold = account.multisig().map(MinterEndpoint.Multisig::threshold).orElse(0L);
      if (weight < threshold || weight < 0) {
        return Verdict.unarmed(weight < 0 ? sender + " is not a multisig address"
            : "its signatures weigh " + weight + ", the multisig address needs " + threshold);
      }
    }
    long next = account.transactionCount() + 1;
    if (tx.nonce() < next) {
      return Verdict.unarmed("its nonce " + tx.nonce() + " is used: " + sender + " has sent "
          + account.transactionCount() + " transactions");
    }
    if (tx.nonce() > next) {
      return Verdict.unarmed("its nonce " + tx.nonce() + " is ahead: the next nonce of " + sender + " is " + next);
    }
    BigInteger fee;
    try {
      fee = endpoints.call("estimate_tx_commission", e -> e.estimateTxCommission(tx.hex()));
    } catch (MinterApiException e) {
      if (e.kind() == Kind.ERROR_REPLY) {
        return Verdict.unarmed("its fee cannot be paid in gas coin " + tx.gasCoin() + ": " + e.getMessage());
      }
      throw e;
    }
    BigInteger balance = account.balances().getOrDefault(tx.gasCoin(), BigInteger.ZERO);
    if (balance.compareTo(fee) < 0) {
      return Verdict.unarmed("its fee of " + fee + " in gas coin " + tx.gasCoin() + " exceeds the balance of "
          + sender + " (" + balance + ")");
    }
    return Verdict.armed(tx + ", fee " + fee + " in gas coin " + tx.gasCoin()
        + (candidate.status() == 1 ? "; the candidate is already off" : ""));
  }
}
