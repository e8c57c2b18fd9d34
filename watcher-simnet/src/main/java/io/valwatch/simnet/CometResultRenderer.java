package io.valwatch.simnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.valwatch.identity.KeyType;
import io.valwatch.rpc.BlockIdFlag;
import io.valwatch.simnet.ValidatorSetSnapshot.Member;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Renders the simulated chain in CometBFT 0.38's RPC JSON: int64 as strings, int32 and enums as numbers,
 * hashes and addresses as upper-case hex, signatures and keys as base64, times as RFC 3339 with nanos.
 */
final class CometResultRenderer {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final String NODE_VERSION = "0.38.12";

  private final ChainState state;
  private final ChainConfig config;

  CometResultRenderer(ChainState state) {
    this.state = state;
    this.config = state.config;
  }

  String blockHash(long height) {
    return Encoding.hashHex(config.chainId() + "/block/" + height);
  }

  byte[] appHash(long height) {
    return Encoding.sha256(config.chainId() + "/app/" + height);
  }

  ObjectNode blockId(long height) {
    ObjectNode id = JSON.objectNode();
    ObjectNode parts = JSON.objectNode();
    if (height < 1) {
      id.put("hash", "");
      parts.put("total", 0).put("hash", "");
    } else {
      id.put("hash", blockHash(height));
      parts.put("total", 1).put("hash", Encoding.hashHex(config.chainId() + "/parts/" + height));
    }
    id.set("parts", parts);
    return id;
  }

  /** The {@code /block} result. */
  ObjectNode blockResult(BlockRecord block) {
    ObjectNode result = JSON.objectNode();
    result.set("block_id", blockId(block.height()));
    result.set("block", block(block));
    return result;
  }

  ObjectNode block(BlockRecord block) {
    ObjectNode node = JSON.objectNode();
    node.set("header", header(block));
    node.set("data", JSON.objectNode().set("txs", JSON.arrayNode()));
    ArrayNode evidence = JSON.arrayNode();
    block.evidence().forEach(e -> evidence.add(duplicateVoteEvidence(e)));
    node.set("evidence", JSON.objectNode().set("evidence", evidence));
    node.set("last_commit",
        block.lastSet() == null ? emptyCommit() : commit(block.height() - 1, block.lastCommitRound(), block.lastSet()));
    return node;
  }

  ObjectNode header(BlockRecord block) {
    long h = block.height();
    ObjectNode header = JSON.objectNode();
    header.set("version", JSON.objectNode().put("block", "11"));
    header.put("chain_id", config.chainId());
    header.put("height", Long.toString(h));
    header.put("time", Encoding.rfc3339Nano(config.time(h)));
    header.set("last_block_id", blockId(h - 1));
    header.put("last_commit_hash",
        h > 1 ? Encoding.hashHex(config.chainId() + "/commit/" + (h - 1)) : Encoding.EMPTY_HASH);
    header.put("data_hash", Encoding.EMPTY_HASH);
    header.put("validators_hash", block.set().hash);
    header.put("next_validators_hash", block.nextSet().hash);
    header.put("consensus_hash", Encoding.hashHex(config.chainId() + "/consensus-params"));
    header.put("app_hash", Encoding.hex(appHash(h)));
    header.put("last_results_hash", Encoding.EMPTY_HASH);
    header.put("evidence_hash",
        block.evidence().isEmpty() ? Encoding.EMPTY_HASH : Encoding.hashHex(config.chainId() + "/evidence/" + h));
    header.put("proposer_address", block.proposer().addressHex);
    return header;
  }

  /** The precommits of {@code round} for {@code height} by its validator set, in set order. */
  ObjectNode commit(long height, int round, ValidatorSetSnapshot set) {
    ObjectNode commit = JSON.objectNode();
    commit.put("height", Long.toString(height));
    commit.put("round", round);
    commit.set("block_id", blockId(height));
    ArrayNode signatures = JSON.arrayNode();
    Instant voteTime = config.time(height + 1);
    for (int i = 0; i < set.members.size(); i++) {
      SimValidator v = set.members.get(i).validator();
      BlockIdFlag flag = state.flag(v, height);
      ObjectNode sig = signatures.addObject();
      if (flag == BlockIdFlag.ABSENT) {
        sig.put("block_id_flag", 1).put("validator_address", "").put("timestamp", ZERO_TIME).putNull("signature");
      } else {
        sig.put("block_id_flag", flag == BlockIdFlag.NIL ? 3 : 2)
            .put("validator_address", v.addressHex)
            .put("timestamp", Encoding.rfc3339Nano(voteTime.plusMillis(i)))
            .put("signature", signature(height + "/" + v.addressHex + "/" + flag));
      }
    }
    commit.set("signatures", signatures);
    return commit;
  }

  private ObjectNode emptyCommit() {
    ObjectNode commit = JSON.objectNode();
    commit.put("height", "0");
    commit.put("round", 0);
    commit.set("block_id", blockId(0));
    commit.set("signatures", JSON.arrayNode());
    return commit;
  }

  /** The {@code /commit} result. */
  ObjectNode commitResult(BlockRecord block) {
    ObjectNode signedHeader = JSON.objectNode();
    signedHeader.set("header", header(block));
    signedHeader.set("commit", commit(block.height(), block.round(), block.set()));
    ObjectNode result = JSON.objectNode();
    result.set("signed_header", signedHeader);
    result.put("canonical", block.height() < state.latestHeight());
    return result;
  }

  /** One page of the {@code /validators} result. */
  ObjectNode validatorsResult(long height, ValidatorSetSnapshot set, int page, int perPage) {
    ArrayNode list = JSON.arrayNode();
    int from = (page - 1) * perPage;
    int to = Math.min(set.members.size(), from + perPage);
    for (int i = from; i < to; i++) {
      Member m = set.members.get(i);
      ObjectNode v = list.addObject();
      v.put("address", m.validator().addressHex);
      v.set("pub_key", pubKey(m.validator()));
      v.put("voting_power", Long.toString(m.power()));
      v.put("proposer_priority", Long.toString(set.priorities[i]));
    }
    ObjectNode result = JSON.objectNode();
    result.put("block_height", Long.toString(height));
    result.set("validators", list);
    result.put("count", Integer.toString(to - from));
    result.put("total", Integer.toString(set.members.size()));
    return result;
  }

  /** The {@code /status} result of a non-validator node. */
  ObjectNode statusResult(String rpcAddress) {
    long latest = state.latestHeight();
    long earliest = state.earliestHeight();
    ObjectNode nodeInfo = JSON.objectNode();
    nodeInfo.set("protocol_version", JSON.objectNode().put("p2p", "8").put("block", "11").put("app", "0"));
    byte[] nodeKey = Encoding.sha256("valwatch-simnet/node/" + config.chainId());
    nodeInfo.put("id", HexFormat.of().formatHex(Arrays.copyOf(Encoding.sha256(nodeKey), 20)));
    nodeInfo.put("listen_addr", "tcp://0.0.0.0:26656");
    nodeInfo.put("network", config.chainId());
    nodeInfo.put("version", NODE_VERSION);
    nodeInfo.put("channels", "40202122233038606100");
    nodeInfo.put("moniker", "simnet-node");
    nodeInfo.set("other", JSON.objectNode().put("tx_index", "on").put("rpc_address", rpcAddress));

    ObjectNode sync = JSON.objectNode();
    boolean any = latest > 0;
    sync.put("latest_block_hash", any ? blockHash(latest) : "");
    sync.put("latest_app_hash", any ? Encoding.hex(appHash(latest)) : "");
    sync.put("latest_block_height", Long.toString(latest));
    sync.put("latest_block_time", Encoding.rfc3339Nano(config.time(latest)));
    sync.put("earliest_block_hash", any ? blockHash(earliest) : "");
    sync.put("earliest_app_hash", any ? Encoding.hex(appHash(earliest)) : "");
    sync.put("earliest_block_height", Long.toString(any ? earliest : 0));
    sync.put("earliest_block_time", Encoding.rfc3339Nano(config.time(any ? earliest : 0)));
    sync.put("catching_up", false);

    ObjectNode validatorInfo = JSON.objectNode();
    byte[] address = Arrays.copyOf(Encoding.sha256(nodeKey), 20);
    validatorInfo.put("address", Encoding.hex(address));
    validatorInfo.set("pub_key", JSON.objectNode()
        .put("type", KeyType.ED25519.cometJsonType())
        .put("value", Base64.getEncoder().encodeToString(nodeKey)));
    validatorInfo.put("voting_power", "0");

    ObjectNode result = JSON.objectNode();
    result.set("node_info", nodeInfo);
    result.set("sync_info", sync);
    result.set("validator_info", validatorInfo);
    return result;
  }

  /** The {@code value} of a 0.38 {@code tendermint/event/NewBlock} event. */
  ObjectNode newBlockValue(BlockRecord block) {
    ObjectNode value = JSON.objectNode();
    value.set("block", block(block));
    value.set("block_id", blockId(block.height()));
    ObjectNode finalize = JSON.objectNode();
    finalize.put("app_hash", Base64.getEncoder().encodeToString(appHash(block.height() + 1)));
    ArrayNode updates = JSON.arrayNode();
    for (Member m : block.validatorUpdates()) {
      KeyType type = m.validator().key.type();
      String sum = type == KeyType.ED25519 ? "ed25519" : "secp256k1";
      ObjectNode update = updates.addObject();
      update.set("pub_key", JSON.objectNode().set("Sum", JSON.objectNode()
          .put("type", type == KeyType.ED25519
              ? "tendermint.crypto.PublicKey_Ed25519" : "tendermint.crypto.PublicKey_Secp256K1")
          .set("value", JSON.objectNode().put(sum, m.validator().key.base64()))));
      update.put("power", Long.toString(m.power()));
    }
    finalize.set("validator_updates", updates);
    value.set("result_finalize_block", finalize);
    return value;
  }

  private ObjectNode duplicateVoteEvidence(BlockRecord.Evidence e) {
    ObjectNode value = JSON.objectNode();
    value.set("vote_a", vote(e, blockId(e.height()), "a"));
    ObjectNode conflicting = JSON.objectNode();
    conflicting.put("hash", Encoding.hashHex(config.chainId() + "/conflicting-block/" + e.height()));
    conflicting.set("parts", JSON.objectNode().put("total", 1)
        .put("hash", Encoding.hashHex(config.chainId() + "/conflicting-parts/" + e.height())));
    value.set("vote_b", vote(e, conflicting, "b"));
    value.put("TotalVotingPower", Long.toString(e.totalPower()));
    value.put("ValidatorPower", Long.toString(e.validatorPower()));
    value.put("Timestamp", Encoding.rfc3339Nano(config.time(e.height())));
    return JSON.objectNode().put("type", "tendermint/DuplicateVoteEvidence").set("value", value);
  }

  private ObjectNode vote(BlockRecord.Evidence e, ObjectNode blockId, String which) {
    ObjectNode vote = JSON.objectNode();
    vote.put("type", 2);
    vote.put("height", Long.toString(e.height()));
    vote.put("round", 0);
    vote.set("block_id", blockId);
    vote.put("timestamp", Encoding.rfc3339Nano(config.time(e.height() + 1)));
    vote.put("validator_address", e.validator().addressHex);
    vote.put("validator_index", e.index());
    vote.put("signature", signature("evidence/" + e.height() + "/" + e.validator().addressHex + "/" + which));
    vote.putNull("extension");
    vote.putNull("extension_signature");
    return vote;
  }

  private static ObjectNode pubKey(SimValidator v) {
    return JSON.objectNode().put("type", v.key.type().cometJsonType()).put("value", v.key.base64());
  }

  /** 64 deterministic bytes in base64, shaped like an ed25519 signature. */
  private String signature(String what) {
    return Base64.getEncoder().encodeToString(Encoding.sha512(config.chainId() + "/sig/" + what));
  }

  static ObjectNode object() {
    return JSON.objectNode();
  }

  static JsonNode nullNode() {
    return JSON.nullNode();
  }
}
