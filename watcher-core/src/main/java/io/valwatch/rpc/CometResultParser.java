package io.valwatch.rpc;

import static io.valwatch.rpc.JsonFields.array;
import static io.valwatch.rpc.JsonFields.bool;
import static io.valwatch.rpc.JsonFields.int32;
import static io.valwatch.rpc.JsonFields.height;
import static io.valwatch.rpc.JsonFields.int64;
import static io.valwatch.rpc.JsonFields.nextElement;
import static io.valwatch.rpc.JsonFields.nextField;
import static io.valwatch.rpc.JsonFields.object;
import static io.valwatch.rpc.JsonFields.optionalInt32;
import static io.valwatch.rpc.JsonFields.optionalInt64;
import static io.valwatch.rpc.JsonFields.optionalObject;
import static io.valwatch.rpc.JsonFields.optionalString;
import static io.valwatch.rpc.JsonFields.require;
import static io.valwatch.rpc.JsonFields.string;
import static io.valwatch.rpc.JsonFields.stringToken;
import static io.valwatch.rpc.JsonFields.time;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the {@code result} objects of CometBFT 0.34/0.37/0.38 RPC responses into valwatch's records with a
 * streaming parser: only the fields valwatch uses are materialised, everything else is skipped token by token,
 * and every list is capped, so memory stays bounded whatever an endpoint sends. Each method starts on the
 * object's first token and ends on its last.
 */
final class CometResultParser {
  /** Base64 as CometBFT writes bytes (standard alphabet, padded); missing padding is accepted too. */
  private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

  /**
   * The most entries a commit or validator set can have: CometBFT's {@code MaxVotesCount}. Lists of evidence
   * and validators per page are held to it too.
   */
  static final int MAX_ENTRIES = 10_000;

  private static final String DUPLICATE_VOTE_EVIDENCE = "tendermint/DuplicateVoteEvidence";

  private CometResultParser() {}

  /** One page of {@code /validators}. */
  record ValidatorsPage(long blockHeight, long count, long total, List<ConsensusValidator> validators) {}

  /** A function that reads one {@code result} object. */
  @FunctionalInterface
  interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  static NodeStatus status(JsonParser p) throws IOException {
    object(p, "result");
    String network = null;
    String version = null;
    String moniker = null;
    long latest = 0;
    Instant latestTime = null;
    long earliest = 0;
    boolean catchingUp = false;
    boolean nodeInfo = false;
    boolean syncInfo = false;
    boolean seenLatest = false;
    boolean seenEarliest = false;
    boolean seenCatchingUp = false;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "node_info" -> {
          object(p, "result.node_info");
          nodeInfo = true;
          for (String g; (g = nextField(p)) != null; ) {
            switch (g) {
              case "network" -> network = string(p, "result.node_info.network");
              case "version" -> version = string(p, "result.node_info.version");
              case "moniker" -> moniker = string(p, "result.node_info.moniker");
              default -> p.skipChildren();
            }
          }
        }
        case "sync_info" -> {
          object(p, "result.sync_info");
          syncInfo = true;
          for (String g; (g = nextField(p)) != null; ) {
            switch (g) {
              case "latest_block_height" -> {
                latest = height(p, "result.sync_info.latest_block_height");
                seenLatest = true;
              }
              case "latest_block_time" -> latestTime = time(p, "result.sync_info.latest_block_time");
              case "earliest_block_height" -> {
                earliest = height(p, "result.sync_info.earliest_block_height");
                seenEarliest = true;
              }
              case "catching_up" -> {
                catchingUp = bool(p, "result.sync_info.catching_up");
                seenCatchingUp = true;
              }
              default -> p.skipChildren();
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    require(nodeInfo, "result.node_info");
    require(network != null, "result.node_info.network");
    require(version != null, "result.node_info.version");
    require(moniker != null, "result.node_info.moniker");
    require(syncInfo, "result.sync_info");
    require(seenLatest, "result.sync_info.latest_block_height");
    require(latestTime != null, "result.sync_info.latest_block_time");
    require(seenEarliest, "result.sync_info.earliest_block_height");
    require(seenCatchingUp, "result.sync_info.catching_up");
    return new NodeStatus(network, version, moniker, latest, latestTime, earliest, catchingUp);
  }

  /** {@code /block}'s result, its signatures' addresses read against those of the endpoint's last commits. */
  static Block blockResult(JsonParser p, RecentAddresses addresses) throws IOException {
    return within("result", p, result -> child(result, "block", block -> block(block, addresses)));
  }

  /** {@code /commit}'s result: the commit of its signed header. */
  static Commit commitResult(JsonParser p, RecentAddresses addresses) throws IOException {
    return within(
        "result",
        p,
        result -> child(result, "signed_header", header -> child(header, "commit", commit -> commit(commit, addresses))));
  }

  /**
   * Reads the object the parser is on for the one field that matters, {@code name}, with {@code reader}; fails
   * when it is missing. Problems are named relative to the object.
   */
  static <T> T child(JsonParser p, String name, Reader<T> reader) throws IOException {
    object(p, "");
    T value = null;
    for (String f; (f = nextField(p)) != null; ) {
      if (f.equals(name)) {
        value = within(name, p, reader);
      } else {
        p.skipChildren();
      }
    }
    require(value != null, name);
    return value;
  }

  /** Runs {@code reader} on the current value, prefixing the path of any problem with {@code path}. */
  static <T> T within(String path, JsonParser p, Reader<T> reader) throws IOException {
    try {
      return reader.read(p);
    } catch (MalformedJson e) {
      throw e.within(path);
    }
  }

  /** A {@code block} object: the one in {@code /block}'s result or in a NewBlock event. */
  static Block block(JsonParser p) throws IOException {
    return block(p, null);
  }

  /**
   * A {@code block} object, its signatures' addresses read against {@code addresses}, or made anew when that
   * is {@code null}.
   */
  static Block block(JsonParser p, RecentAddresses addresses) throws IOException {
    object(p, "");
    BlockHeader header = null;
    Commit lastCommit = null;
    List<DuplicateVoteEvidence> evidence = List.of();
    int txCount = 0;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "header" -> header = within("header", p, CometResultParser::header);
        case "last_commit" -> {
          if (optionalObject(p, "last_commit")) {
            Commit commit = within("last_commit", p, c -> commit(c, addresses));
            // The first block of a chain carries an empty commit for height 0.
            lastCommit = commit.height() == 0 ? null : commit;
          }
        }
        case "data" -> {
          if (optionalObject(p, "data")) {
            txCount = within("data", p, CometResultParser::txCount);
          }
        }
        case "evidence" -> {
          if (optionalObject(p, "evidence")) {
            evidence = within("evidence", p, CometResultParser::evidence);
          }
        }
        default -> p.skipChildren();
      }
    }
    require(header != null, "header");
    return new Block(header, lastCommit, evidence, txCount);
  }

  private static BlockHeader header(JsonParser p) throws IOException {
    object(p, "");
    String chainId = null;
    long height = 0;
    boolean seenHeight = false;
    Instant time = null;
    String proposer = null;
    String validatorsHash = null;
    String nextValidatorsHash = null;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "chain_id" -> chainId = string(p, "chain_id");
        case "height" -> {
          height = int64(p, "height");
          seenHeight = true;
        }
        case "time" -> time = time(p, "time");
        case "proposer_address" -> proposer = string(p, "proposer_address");
        case "validators_hash" -> validatorsHash = string(p, "validators_hash");
        case "next_validators_hash" -> nextValidatorsHash = string(p, "next_validators_hash");
        default -> p.skipChildren();
      }
    }
    require(chainId != null, "chain_id");
    require(seenHeight, "height");
    require(time != null, "time");
    require(proposer != null, "proposer_address");
    require(validatorsHash != null, "validators_hash");
    require(nextValidatorsHash != null, "next_validators_hash");
    return new BlockHeader(chainId, height, time, proposer, validatorsHash, nextValidatorsHash);
  }

  /**
   * A {@code commit} object: a block's {@code last_commit} or {@code /commit}'s signed header commit; its
   * signatures' addresses read against {@code addresses}, or made anew when that is {@code null}.
   */
  static Commit commit(JsonParser p, RecentAddresses addresses) throws IOException {
    object(p, "");
    long height = 0;
    boolean seenHeight = false;
    int round = 0;
    boolean seenRound = false;
    List<CommitSig> signatures = List.of();
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "height" -> {
          height = int64(p, "height");
          seenHeight = true;
        }
        case "round" -> {
          round = int32(p, "round");
          seenRound = true;
        }
        case "signatures" -> signatures = signatures(p, addresses);
        default -> p.skipChildren();
      }
    }
    require(seenHeight, "height");
    require(seenRound, "round");
    return new Commit(height, round, signatures);
  }

  private static List<CommitSig> signatures(JsonParser p, RecentAddresses addresses) throws IOException {
    if (!array(p, "signatures")) {
      return List.of();
    }
    List<CommitSig> signatures = new ArrayList<>(addresses == null ? 10 : Math.max(1, addresses.lastCommitSize()));
    while (nextElement(p)) {
      if (signatures.size() == MAX_ENTRIES) {
        throw MalformedJson.field("signatures", "more than " + MAX_ENTRIES + " entries");
      }
      signatures.add(commitSig(p, signatures.size(), addresses));
    }
    if (addresses != null) {
      addresses.commitRead(signatures.size());
    }
    return signatures;
  }

  private static CommitSig commitSig(JsonParser p, int index, RecentAddresses addresses) throws IOException {
    try {
      object(p, "");
      BlockIdFlag flag = null;
      String address = "";
      String timestamp = null;
      for (String f; (f = nextField(p)) != null; ) {
        switch (f) {
          case "block_id_flag" -> flag = BlockIdFlag.fromCode(int32(p, "block_id_flag"));
          case "validator_address" -> address = signer(p, index, addresses);
          case "timestamp" -> timestamp = string(p, "timestamp");
          default -> p.skipChildren();
        }
      }
      require(flag != null, "block_id_flag");
      require(timestamp != null, "timestamp");
      return CommitSig.withTimestampText(flag, address, timestamp);
    } catch (MalformedJson e) {
      throw e.within("signatures[" + index + "]");
    }
  }

  /** A signature's {@code validator_address}, which may be null (then empty). */
  private static String signer(JsonParser p, int index, RecentAddresses addresses) throws IOException {
    return addresses == null || p.currentToken() == JsonToken.VALUE_NULL
        ? optionalString(p, "validator_address")
        : addresses.read(stringToken(p, "validator_address"), index);
  }

  private static int txCount(JsonParser p) throws IOException {
    int count = 0;
    for (String f; (f = nextField(p)) != null; ) {
      if (f.equals("txs") && array(p, "txs")) {
        while (nextElement(p)) {
          p.skipChildren();
          count++;
        }
      } else {
        p.skipChildren();
      }
    }
    return count;
  }

  private static List<DuplicateVoteEvidence> evidence(JsonParser p) throws IOException {
    List<DuplicateVoteEvidence> found = List.of();
    for (String f; (f = nextField(p)) != null; ) {
      if (!f.equals("evidence") || !array(p, "evidence")) {
        p.skipChildren();
        continue;
      }
      found = new ArrayList<>();
      int index = 0;
      while (nextElement(p)) {
        if (index == MAX_ENTRIES) {
          throw MalformedJson.field("evidence", "more than " + MAX_ENTRIES + " entries");
        }
        DuplicateVoteEvidence item = within("evidence[" + index + "]", p, CometResultParser::evidenceItem);
        if (item != null) {
          found.add(item);
        }
        index++;
      }
    }
    return found;
  }

  /** One evidence item: duplicate-vote evidence, or {@code null} for another kind. */
  private static DuplicateVoteEvidence evidenceItem(JsonParser p) throws IOException {
    object(p, "");
    String type = null;
    DuplicateVoteEvidence vote = null;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "type" -> type = string(p, "type");
        case "value" -> {
          if (type == null || type.equals(DUPLICATE_VOTE_EVIDENCE)) {
            vote = within("value", p, CometResultParser::duplicateVote);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    require(type != null, "type");
    if (!type.equals(DUPLICATE_VOTE_EVIDENCE)) {
      return null;
    }
    require(vote != null, "value");
    return vote;
  }

  private static DuplicateVoteEvidence duplicateVote(JsonParser p) throws IOException {
    return child(p, "vote_a", CometResultParser::voteA);
  }

  private static DuplicateVoteEvidence voteA(JsonParser p) throws IOException {
    object(p, "");
    String address = null;
    long height = 0;
    boolean seenHeight = false;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "validator_address" -> address = string(p, "validator_address");
        case "height" -> {
          height = int64(p, "height");
          seenHeight = true;
        }
        default -> p.skipChildren();
      }
    }
    require(address != null, "validator_address");
    require(seenHeight, "height");
    return new DuplicateVoteEvidence(address, height);
  }

  /**
   * One {@code /validators} page. A key type valwatch does not know is reported to {@code unknownKeyType}
   * and leaves {@link ConsensusValidator#pubKey()} {@code null}. The addresses are read against {@code
   * addresses} at their index in the set, the page's first at {@code firstIndex}: commits sign in set order, so
   * those read next share these strings.
   */
  static ValidatorsPage validatorsPage(
      JsonParser p, Consumer<String> unknownKeyType, RecentAddresses addresses, int firstIndex) throws IOException {
    object(p, "result");
    List<ConsensusValidator> validators = new ArrayList<>();
    long blockHeight = 0;
    long count = 0;
    long total = 0;
    boolean seenHeight = false;
    boolean seenCount = false;
    boolean seenTotal = false;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "block_height" -> {
          blockHeight = int64(p, "result.block_height");
          seenHeight = true;
        }
        case "count" -> {
          count = int64(p, "result.count");
          seenCount = true;
        }
        case "total" -> {
          total = int64(p, "result.total");
          seenTotal = true;
        }
        case "validators" -> {
          if (array(p, "result.validators")) {
            while (nextElement(p)) {
              if (validators.size() == MAX_ENTRIES) {
                throw MalformedJson.field("result.validators", "more than " + MAX_ENTRIES + " entries");
              }
              String at = "result.validators[" + validators.size() + "]";
              int index = firstIndex + validators.size();
              validators.add(within(at, p, v -> validator(v, unknownKeyType, addresses, index)));
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    require(seenHeight, "result.block_height");
    require(seenCount, "result.count");
    require(seenTotal, "result.total");
    return new ValidatorsPage(blockHeight, count, total, validators);
  }

  private static ConsensusValidator validator(
      JsonParser p, Consumer<String> unknownKeyType, RecentAddresses addresses, int index) throws IOException {
    object(p, "");
    String address = null;
    ConsensusKey key = null;
    boolean seenKey = false;
    long power = 0;
    long priority = 0;
    boolean seenPower = false;
    boolean seenPriority = false;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "address" -> address = addresses.read(stringToken(p, "address"), index);
        case "pub_key" -> {
          key = within("pub_key", p, k -> pubKey(k, unknownKeyType));
          seenKey = true;
        }
        case "voting_power" -> {
          power = int64(p, "voting_power");
          seenPower = true;
        }
        case "proposer_priority" -> {
          priority = int64(p, "proposer_priority");
          seenPriority = true;
        }
        default -> p.skipChildren();
      }
    }
    require(address != null, "address");
    require(seenKey, "pub_key");
    require(seenPower, "voting_power");
    require(seenPriority, "proposer_priority");
    return new ConsensusValidator(address, key, power, priority);
  }

  private static ConsensusKey pubKey(JsonParser p, Consumer<String> unknownKeyType) throws IOException {
    object(p, "");
    String type = null;
    String value = null;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "type" -> type = string(p, "type");
        case "value" -> value = string(p, "value");
        default -> p.skipChildren();
      }
    }
    require(type != null, "type");
    Optional<KeyType> keyType = KeyType.fromCometJsonType(type);
    if (keyType.isEmpty()) {
      unknownKeyType.accept(type);
      return null;
    }
    require(value != null, "value");
    try {
      return ConsensusKey.fromBase64(keyType.get(), value);
    } catch (IllegalArgumentException e) {
      throw MalformedJson.field("value", e.getMessage());
    }
  }

  /** {@code abci_query}'s {@code response}; fields CometBFT omits when empty default to zero values. */
  static AbciQueryResult abciQuery(JsonParser p) throws IOException {
    return within("result", p, result -> child(result, "response", CometResultParser::abciResponse));
  }

  private static AbciQueryResult abciResponse(JsonParser p) throws IOException {
    object(p, "");
    int code = 0;
    String log = "";
    String codespace = "";
    byte[] value = new byte[0];
    long height = 0;
    for (String f; (f = nextField(p)) != null; ) {
      switch (f) {
        case "code" -> code = optionalInt32(p, "code");
        case "log" -> log = optionalString(p, "log");
        case "codespace" -> codespace = optionalString(p, "codespace");
        case "value" -> value = optionalBase64(p, "value");
        case "height" -> height = optionalInt64(p, "height");
        default -> p.skipChildren();
      }
    }
    return new AbciQueryResult(code, log, codespace, value, height);
  }

  /**
   * A base64 string field that may be null (then empty), decoded from the input as it is read: a value of a
   * staking query can be tens of kilobytes, and read as text it would grow the parser's text buffer, which
   * stays with the thread.
   */
  private static byte[] optionalBase64(JsonParser p, String path) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return new byte[0];
    }
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      string(p, path); // refuses it as any other field that must be a string
    }
    try {
      return p.getBinaryValue(BASE64);
    } catch (StreamReadException e) {
      throw MalformedJson.field(path, "not base64: " + e.getOriginalMessage());
    }
  }
}
