package io.valwatch.internal;

import io.valwatch.action.Confirmation;
import io.valwatch.rpc.Block;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.rpc.CometRpcClient;
import io.valwatch.rpc.ConsensusValidator;
import io.valwatch.rpc.DuplicateVoteEvidence;
import io.valwatch.rpc.RpcException;
import io.valwatch.rpc.ValidatorSet;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.ChainDataSource;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another endpoint than the usual one whether it sees the same thing, before a critical validator alert
 * pages anybody: one lying or lagging node must not. The first other endpoint that answers decides; when no
 * other endpoint answers (or there is none), the first one's word stands, so that an outage of the spare
 * endpoint does not silence real alerts.
 */
final class SecondOpinion {
  private static final Logger log = LoggerFactory.getLogger(SecondOpinion.class);

  /** One question to one endpoint. */
  private interface Question {
    boolean ask(CometRpcClient client) throws IOException;
  }

  private final String chainId;
  private final EndpointPool pool;
  private final Function<CometRpcClient, ChainDataSource> openOn;

  /** @param openOn opens the chain's data source on one endpoint alone */
  SecondOpinion(String chainId, EndpointPool pool, Function<CometRpcClient, ChainDataSource> openOn) {
    this.chainId = chainId;
    this.pool = pool;
    this.openOn = openOn;
  }

  /** Whether another endpoint's commit for {@code height} also lacks the validator's signature. */
  boolean absentAt(String addressHex, long height) {
    return absence(addressHex, height) != Confirmation.CONTRADICTED;
  }

  /** Whether another endpoint's block at {@code height} also carries evidence naming the validator. */
  boolean evidenceAt(String addressHex, long height) {
    return evidence(addressHex, height) != Confirmation.CONTRADICTED;
  }

  /** Whether the chain data read through another endpoint satisfies {@code agrees}. */
  boolean stakingAgrees(String what, Predicate<ChainData> agrees) {
    return staking(what, agrees) != Confirmation.CONTRADICTED;
  }

  /** What another endpoint's commit for {@code height} says about the validator's signature being absent. */
  Confirmation absence(String addressHex, long height) {
    return ask("absence of " + addressHex + " at height " + height, c -> {
      Block next = c.block(height + 1);
      ValidatorSet set = c.validators(height);
      List<ConsensusValidator> members = set.validators();
      if (next.lastCommit() == null || next.lastCommit().signatures().size() != members.size()) {
        throw new RpcException("the commit of height " + height + " does not line up with its validator set");
      }
      for (int i = 0; i < members.size(); i++) {
        if (members.get(i).address().equalsIgnoreCase(addressHex)) {
          return next.lastCommit().signatures().get(i).flag() == BlockIdFlag.ABSENT;
        }
      }
      return false;
    });
  }

  /** What another endpoint's block at {@code height} says about evidence naming the validator. */
  Confirmation evidence(String addressHex, long height) {
    return ask("double-sign evidence against " + addressHex + " at height " + height, c -> {
      for (DuplicateVoteEvidence e : c.block(height).doubleSignEvidence()) {
        if (e.validatorAddress().equalsIgnoreCase(addressHex)) {
          return true;
        }
      }
      return false;
    });
  }

  /** Whether the chain data read through another endpoint satisfies {@code agrees}. */
  Confirmation staking(String what, Predicate<ChainData> agrees) {
    return ask(what, c -> {
      try (ChainDataSource source = openOn.apply(c)) {
        return agrees.test(source.fetch());
      }
    });
  }

  /** The first other endpoint that answers decides; {@link Confirmation#UNANSWERED} when none does. */
  private Confirmation ask(String what, Question question) {
    for (CometRpcClient other : pool.othersThanPreferred()) {
      try {
        boolean agrees = question.ask(other);
        log.info(
            "chain {}: endpoint {} {} the {}", chainId, other.endpoint().redacted(), agrees ? "confirms" : "contradicts", what);
        return agrees ? Confirmation.CONFIRMED : Confirmation.CONTRADICTED;
      } catch (IOException | RuntimeException e) {
        log.warn("chain {}: endpoint {} could not check the {}: {}", chainId, other.endpoint().redacted(), what, e.getMessage());
      }
    }
    return Confirmation.UNANSWERED;
  }
}
