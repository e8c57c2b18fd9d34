package io.valwatch.rpc;

import static io.valwatch.rpc.JsonFields.array;
import static io.valwatch.rpc.JsonFields.bool;
import static io.valwatch.rpc.JsonFields.int32;
import static io.valwatch.rpc.JsonFields.int64;
import static io.valwatch.rpc.JsonFields.object;
import static io.valwatch.rpc.JsonFields.optionalInt32;
import static io.valwatch.rpc.JsonFields.optionalInt64;
import static io.valwatch.rpc.JsonFields.optionalObject;
import static io.valwatch.rpc.JsonFields.optionalString;
import static io.valwatch.rpc.JsonFields.string;
import static io.valwatch.rpc.JsonFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Maps the {@code result} objects of CometBFT 0.37/0.38 RPC responses to valwatch's records. */
final class CometJson {
  private static final String DUPLICATE_VOTE_EVIDENCE = "tendermint/DuplicateVoteEvidence";

  private CometJson() {}

  /** One page of {@code /validators}. */
  record ValidatorsPage(long blockHeight, long count, long total, List<ConsensusValidator> validators) {}

  static NodeStatus status(JsonNode result) {
    JsonNode nodeInfo = object(result, "node_info", "result.node_info");
    JsonNode syncInfo = object(result, "sync_info", "result.sync_info");
    return new NodeStatus(
        string(nodeInfo, "network", "result.node_info.network"),
        string(nodeInfo, "version", "result.node_info.version"),
        string(nodeInfo, "moniker", "result.node_info.moniker"),
        int64(syncInfo, "latest_block_height", "result.sync_info.latest_block_height"),
        time(syncInfo, "latest_block_time", "result.sync_info.latest_block_time"),
        int64(syncInfo, "earliest_block_height", "result.sync_info.earliest_block_height"),
        bool(syncInfo, "catching_up", "result.sync_info.catching_up"));
  }

  /** {@code /block}'s result. */
  static Block blockResult(JsonNode result) {
    return block(object(result, "block", "result.block"), "result.block");
  }

  /** A {@code block} object: the one in {@code /block}'s result or in a NewBlock event. */
  static Block block(JsonNode block, String path) {
    BlockHeader header = header(object(block, "header", path + ".header"), path + ".header");
    JsonNode lastCommitNode = optionalObject(block, "last_commit", path + ".last_commit");
    Commit lastCommit = null;
    if (lastCommitNode != null) {
      Commit commit = commit(lastCommitNode, path + ".last_commit");
      // The first block of a chain carries an empty commit for height 0.
      lastCommit = commit.height() == 0 ? null : commit;
    }
    JsonNode data = optionalObject(block, "data", path + ".data");
    int txCount = data == null ? 0 : array(data, "txs", path + ".data.txs").size();
    return new Block(header, lastCommit, evidence(block, path), txCount);
  }

  private static BlockHeader header(JsonNode header, String path) {
    return new BlockHeader(
        string(header, "chain_id", path + ".chain_id"),
        int64(header, "height", path + ".height"),
        time(header, "time", path + ".time"),
        string(header, "proposer_address", path + ".proposer_address"),
        string(header, "validators_hash", path + ".validators_hash"),
        string(header, "next_validators_hash", path + ".next_validators_hash"));
  }

  /** A {@code commit} object: a block's {@code last_commit} or {@code /commit}'s signed header commit. */
  static Commit commit(JsonNode commit, String path) {
    long height = int64(commit, "height", path + ".height");
    int round = int32(commit, "round", path + ".round");
    List<JsonNode> sigNodes = array(commit, "signatures", path + ".signatures");
    List<CommitSig> signatures = new ArrayList<>(sigNodes.size());
    for (int i = 0; i < sigNodes.size(); i++) {
      String sigPath = path + ".signatures[" + i + "]";
      JsonNode sig = sigNodes.get(i);
      if (!sig.isObject()) {
        throw MalformedJson.field(sigPath, "expected an object");
      }
      signatures.add(
          new CommitSig(
              BlockIdFlag.fromCode(int32(sig, "block_id_flag", sigPath + ".block_id_flag")),
              optionalString(sig, "validator_address", sigPath + ".validator_address"),
              time(sig, "timestamp", sigPath + ".timestamp")));
    }
    return new Commit(height, round, signatures);
  }

  private static List<DuplicateVoteEvidence> evidence(JsonNode block, String path) {
    JsonNode evidence = optionalObject(block, "evidence", path + ".evidence");
    if (evidence == null) {
      return List.of();
    }
    List<DuplicateVoteEvidence> found = new ArrayList<>();
    List<JsonNode> items = array(evidence, "evidence", path + ".evidence.evidence");
    for (int i = 0; i < items.size(); i++) {
      String itemPath = path + ".evidence.evidence[" + i + "]";
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw MalformedJson.field(itemPath, "expected an object");
      }
      if (DUPLICATE_VOTE_EVIDENCE.equals(string(item, "type", itemPath + ".type"))) {
        JsonNode voteA =
            object(object(item, "value", itemPath + ".value"), "vote_a", itemPath + ".value.vote_a");
        String votePath = itemPath + ".value.vote_a";
        found.add(
            new DuplicateVoteEvidence(
                string(voteA, "validator_address", votePath + ".validator_address"),
                int64(voteA, "height", votePath + ".height")));
      }
    }
    return found;
  }

  /**
   * One {@code /validators} page. A key type valwatch does not know is reported to {@code unknownKeyType}
   * and leaves {@link ConsensusValidator#pubKey()} {@code null}.
   */
  static ValidatorsPage validatorsPage(JsonNode result, Consumer<String> unknownKeyType) {
    List<JsonNode> nodes = array(result, "validators", "result.validators");
    List<ConsensusValidator> validators = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      String path = "result.validators[" + i + "]";
      JsonNode node = nodes.get(i);
      if (!node.isObject()) {
        throw MalformedJson.field(path, "expected an object");
      }
      validators.add(
          new ConsensusValidator(
              string(node, "address", path + ".address"),
              pubKey(object(node, "pub_key", path + ".pub_key"), path + ".pub_key", unknownKeyType),
              int64(node, "voting_power", path + ".voting_power"),
              int64(node, "proposer_priority", path + ".proposer_priority")));
    }
    return new ValidatorsPage(
        int64(result, "block_height", "result.block_height"),
        int64(result, "count", "result.count"),
        int64(result, "total", "result.total"),
        validators);
  }

  private static ConsensusKey pubKey(JsonNode pubKey, String path, Consumer<String> unknownKeyType) {
    String type = string(pubKey, "type", path + ".type");
    Optional<KeyType> keyType = KeyType.fromCometJsonType(type);
    if (keyType.isEmpty()) {
      unknownKeyType.accept(type);
      return null;
    }
    String value = string(pubKey, "value", path + ".value");
    try {
      return ConsensusKey.fromBase64(keyType.get(), value);
    } catch (IllegalArgumentException e) {
      throw MalformedJson.field(path + ".value", e.getMessage());
    }
  }

  /** {@code abci_query}'s {@code response}; fields CometBFT omits when empty default to zero values. */
  static AbciQueryResult abciQuery(JsonNode result) {
    JsonNode response = object(result, "response", "result.response");
    String value = optionalString(response, "value", "result.response.value");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw MalformedJson.field("result.response.value", "not base64: " + e.getMessage());
    }
    return new AbciQueryResult(
        optionalInt32(response, "code", "result.response.code"),
        optionalString(response, "log", "result.response.log"),
        optionalString(response, "codespace", "result.response.codespace"),
        bytes,
        optionalInt64(response, "height", "result.response.height"));
  }
}
