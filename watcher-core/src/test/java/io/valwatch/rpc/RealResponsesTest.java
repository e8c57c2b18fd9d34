package io.valwatch.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.valwatch.identity.Bech32;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Answers recorded from real chains and nodes (see {@code real-responses/SOURCES.txt} for where each came from)
 * read through the real parsers, with what SOURCES.txt says they hold.
 */
class RealResponsesTest {
  @StartStop final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();

  private static String read(String name) {
    try (InputStream in = RealResponsesTest.class.getResourceAsStream("/real-responses/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CometRpcClient serving(String name) {
    server.enqueue(new MockResponse.Builder().body(read(name)).build());
    return new CometRpcClient(RpcEndpoint.parse(server.url("/").toString()), http);
  }

  private static Map<BlockIdFlag, Long> flags(Commit commit) {
    return commit.signatures().stream().collect(Collectors.groupingBy(CommitSig::flag, Collectors.counting()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, chain, height, commit, nil, absent, txs, evidence address, evidence height
    "crypto-com/cosmoshub-4_block_9399574.json, cosmoshub-4, 9399574, 144, 5, 1, 3, , 0",
    "crypto-com/crypto-org-chain-mainnet-1_block_11015.json, crypto-org-chain-mainnet-1, 11015, 82, 0, 2, 1, , 0",
    "crypto-com/testnet-croeseid-1_block_1014129.json, testnet-croeseid-1, 1014129, 101, 0, 5, 1, , 0",
    "crypto-com/testnet-croeseid-2_block_116426.json, testnet-croeseid-2, 116426, 112, 0, 15, 5, 50B54C1E37BB9383558FC5FD04BE69E3B229FE20, 116424",
    "hyperlane/neutron-1_block_22488720.json, neutron-1, 22488720, 22, 0, 1, 1, 265E1401EFD21F539E7EF01A4506D2FFE05B31EE, 22488718",
    "hyperlane/osmosis-1_block_15317185.json, osmosis-1, 15317185, 147, 0, 3, 6, 2D159B72D40C1C1DADDF24D2511200001B74ED84, 15317184",
    "misc/archway_constantine-1_block_1200861.json, constantine-1, 1200861, 1, 1, 0, 0, , 0",
    "tendermint-rs/gaia/block_at_height_10.json, ibc-0, 10, 1, 0, 0, 0, , 0",
    "tendermint-rs/kvstore_v0_34/block_at_height_10.json, dockerchain, 10, 1, 0, 0, 0, , 0",
    "tendermint-rs/kvstore_v0_37/block_at_height_10.json, dockerchain, 10, 1, 0, 0, 0, , 0",
    "tendermint-rs/kvstore_v0_38/block_at_height_10.json, dockerchain, 10, 1, 0, 0, 0, , 0",
    "tendermint-rs/kvstore_v0_34/evidence_block_8011.from_block_search.json, provider, 8011, 1, 10, 0, 0, 9319035301DA526CC78DCF174A47A74F81401291, 8009",
    "tendermint-rs/kvstore_v0_37/evidence_block_8011.from_block_search.json, provider, 8011, 1, 10, 0, 0, 9319035301DA526CC78DCF174A47A74F81401291, 8009",
    "tendermint-rs/kvstore_v0_38/evidence_block_549.from_block_search.json, provi, 549, 3, 0, 0, 0, C888306A908A217B9A943D1DAD8790044D0947A4, 547",
  })
  void blocksWithCommitNilAbsentSignaturesAndEvidence(
      String file, String chain, long height, long commit, long nil, long absent, int txs, String evidence, long evidenceHeight)
      throws Exception {
    Block block = serving(file).block(height);

    assertThat(block.header().chainId()).isEqualTo(chain);
    assertThat(block.height()).isEqualTo(height);
    assertThat(block.lastCommit().height()).isEqualTo(height - 1);
    assertThat(block.lastCommit().round()).isZero();
    Map<BlockIdFlag, Long> counted = flags(block.lastCommit());
    assertThat(counted.getOrDefault(BlockIdFlag.COMMIT, 0L)).isEqualTo(commit);
    assertThat(counted.getOrDefault(BlockIdFlag.NIL, 0L)).isEqualTo(nil);
    assertThat(counted.getOrDefault(BlockIdFlag.ABSENT, 0L)).isEqualTo(absent);
    assertThat(block.txCount()).isEqualTo(txs);
    JsonNode sent = new ObjectMapper().readTree(read(file)).findValue("last_commit").get("signatures");
    assertThat(block.lastCommit().signatures()).hasSize(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      String time = sent.get(i).get("timestamp").asText();
      CommitSig sig = block.lastCommit().signatures().get(i);
      assertThat(sig.timestampText()).isEqualTo(time);
      assertThat(sig.validatorAddress()).isEqualTo(sent.get(i).path("validator_address").asText(""));
      assertThat(sig.timestamp()).isEqualTo(Instant.parse(time));
    }
    for (CommitSig sig : block.lastCommit().signatures()) {
      if (sig.flag() == BlockIdFlag.ABSENT) {
        assertThat(sig.validatorAddress()).isEmpty();
        assertThat(sig.timestamp().getEpochSecond()).isEqualTo(-62135596800L); // 0001-01-01T00:00:00Z
      } else {
        assertThat(sig.validatorAddress()).matches("[0-9A-F]{40}");
        assertThat(sig.timestamp().getEpochSecond()).isPositive();
      }
    }
    if (evidence == null) {
      assertThat(block.doubleSignEvidence()).isEmpty();
    } else {
      assertThat(block.doubleSignEvidence()).containsExactly(new DuplicateVoteEvidence(evidence, evidenceHeight));
    }
  }

  @ParameterizedTest
  @CsvSource({"gaia, ibc-0", "kvstore_v0_34, dockerchain", "kvstore_v0_37, dockerchain", "kvstore_v0_38, dockerchain"})
  void firstBlocksCommitsAndStatus(String node, String chain) throws Exception {
    Block first = serving("tendermint-rs/" + node + "/block_at_height_1.json").block(1);
    assertThat(first.header().chainId()).isEqualTo(chain);
    assertThat(first.lastCommit()).as("height 1 carries the empty commit of height 0").isNull();

    Commit commit = serving("tendermint-rs/" + node + "/commit_at_height_10.json").commit(10);
    assertThat(commit.height()).isEqualTo(10);
    assertThat(flags(commit)).containsExactly(Map.entry(BlockIdFlag.COMMIT, 1L));

    NodeStatus status = serving("tendermint-rs/" + node + "/status.json").status();
    assertThat(status.network()).isEqualTo(chain);
    assertThat(status.latestBlockHeight()).isPositive();
  }

  @ParameterizedTest
  @CsvSource({"gaia, 167", "kvstore_v0_34, 70", "kvstore_v0_37, 56", "kvstore_v0_38, 235"})
  void newBlockEvents(String node, long height) {
    List<Block> blocks = new ArrayList<>();
    NewBlockSubscription subscription =
        new NewBlockSubscription(
            RpcEndpoint.parse("http://127.0.0.1:26657"),
            new com.fasterxml.jackson.core.JsonFactory(),
            new BlockSubscription.Listener() {
              @Override
              public void onBlock(Block block) {
                blocks.add(block);
              }

              @Override
              public void onClosed(RpcException cause) {
                throw new AssertionError("closed: " + cause);
              }
            },
            CometRpcClient.DEFAULT_MAX_BODY_BYTES);

    subscription.onMessage(null, read("tendermint-rs/" + node + "/subscribe_newblock_0.json"));

    assertThat(blocks).singleElement().satisfies(b -> {
      assertThat(b.height()).isEqualTo(height);
      assertThat(flags(b.lastCommit())).containsExactly(Map.entry(BlockIdFlag.COMMIT, 1L));
    });
  }

  @Test
  void consensusKeysGiveTheRecordedAddresses() {
    int checked = 0;
    for (String line : read("misc/keypairs.tsv").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t");
      KeyType type = KeyType.valueOf(cols[0].toUpperCase(Locale.ROOT));
      ConsensusKey key = ConsensusKey.fromBase64(type, cols[1]);
      String expected = cols[2];
      if (expected.matches("[0-9A-Fa-f]{40}")) {
        assertThat(key.addressHex()).as(line).isEqualToIgnoringCase(expected);
      } else {
        assertThat(HexFormat.of().withUpperCase().formatHex(Bech32.decode(expected).data())).as(line).isEqualTo(key.addressHex());
      }
      checked++;
    }
    assertThat(checked).isEqualTo(14);
  }
}
