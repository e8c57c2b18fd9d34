package io.valwatch.exporter;

import io.valwatch.identity.Bech32;
import io.valwatch.identity.ConsensusKey;
import io.valwatch.identity.KeyType;
import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.model.BondStatus;
import io.valwatch.spi.ChainData;
import io.valwatch.spi.SigningInfo;
import io.valwatch.spi.ValidatorInfo;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every form of one validator's identity and its status, as {@code valwatch resolve} prints them. Forms and
 * fields the chain does not provide are {@code null}.
 *
 * @param chainId the chain it was read from
 * @param operatorAddress the operator address ({@code <prefix>valoper1...})
 * @param accountAddress the operator's account: the operator address's bytes under the account prefix
 * @param consensusAddress the bech32 consensus address ({@code <prefix>valcons1...})
 * @param consensusAddressHex the upper-case hex consensus address, as CometBFT prints it
 * @param consensusKeyType the consensus key's type
 * @param consensusKeyBase64 the consensus public key in base64
 * @param minterPublicKey the consensus key in Minter's form ({@code Mp} and 64 hex characters), ed25519 only
 * @param moniker the moniker
 * @param bondStatus bonded, unbonding or unbonded
 * @param jailed whether jailed
 * @param tombstoned whether tombstoned
 * @param tokens the stake in the bond denom's base unit
 * @param missedBlocksCounter misses in the chain's current window
 */
record ResolvedIdentity(
    String chainId,
    String operatorAddress,
    String accountAddress,
    String consensusAddress,
    String consensusAddressHex,
    KeyType consensusKeyType,
    String consensusKeyBase64,
    String minterPublicKey,
    String moniker,
    BondStatus bondStatus,
    Boolean jailed,
    Boolean tombstoned,
    BigInteger tokens,
    Long missedBlocksCounter) {
  private static final String OPERATOR_SUFFIX = "valoper";
  private static final String DEFAULT_PREFIX = "cosmos";

  /**
   * Finds {@code identity} in {@code data}: among the staking module's validators, else among the signing
   * records by consensus address.
   *
   * @param prefix the chain's account prefix, such as {@code cosmos}; {@code null} to take it from the
   *     operator address found, or {@code cosmos} when there is none
   * @return empty when the chain knows no such validator
   */
  static Optional<ResolvedIdentity> find(String chainId, ValidatorIdentity identity, ChainData data, String prefix) {
    List<ValidatorInfo> matches =
        data.validators().stream().filter(v -> identity.matches(v.operatorAddress(), v.consensusKey())).toList();
    if (matches.size() > 1) {
      throw new IllegalStateException(
          "'" + identity.text() + "' matches " + matches.size() + " validators on " + chainId);
    }
    if (!matches.isEmpty()) {
      ValidatorInfo v = matches.get(0);
      String accountPrefix = prefix != null ? prefix : accountPrefixOf(v.operatorAddress()).orElse(DEFAULT_PREFIX);
      String hex = v.consensusAddressHex() != null ? v.consensusAddressHex() : identity.consensusAddressHex().orElse(null);
      ConsensusKey key = v.consensusKey() != null ? v.consensusKey() : identity.consensusKey().orElse(null);
      SigningInfo signing = hex == null ? null : data.signingInfos().get(hex);
      return Optional.of(
          new ResolvedIdentity(
              chainId,
              v.operatorAddress(),
              accountAddress(v.operatorAddress(), accountPrefix),
              hex == null ? null : ValidatorIdentity.consensusBech32(accountPrefix + "valcons", hex),
              hex,
              key == null ? null : key.type(),
              key == null ? null : key.base64(),
              minterForm(key),
              v.moniker(),
              v.status(),
              v.jailed(),
              signing == null ? null : signing.tombstoned(),
              v.tokens(),
              signing == null ? null : signing.missedBlocksCounter()));
    }
    Optional<String> hex = identity.consensusAddressHex().filter(data.signingInfos()::containsKey);
    if (hex.isEmpty()) {
      return Optional.empty();
    }
    SigningInfo signing = data.signingInfos().get(hex.get());
    ConsensusKey key = identity.consensusKey().orElse(null);
    return Optional.of(
        new ResolvedIdentity(
            chainId,
            null,
            null,
            ValidatorIdentity.consensusBech32((prefix != null ? prefix : DEFAULT_PREFIX) + "valcons", hex.get()),
            hex.get(),
            key == null ? null : key.type(),
            key == null ? null : key.base64(),
            minterForm(key),
            null,
            null,
            null,
            signing.tombstoned(),
            null,
            signing.missedBlocksCounter()));
  }

  /** The bech32 prefix before {@code valoper}, when {@code operatorAddress} is a Cosmos operator address. */
  private static Optional<String> accountPrefixOf(String operatorAddress) {
    try {
      String hrp = Bech32.decode(operatorAddress).hrp();
      return hrp.endsWith(OPERATOR_SUFFIX)
          ? Optional.of(hrp.substring(0, hrp.length() - OPERATOR_SUFFIX.length()))
          : Optional.empty();
    } catch (IllegalArgumentException notBech32) {
      return Optional.empty();
    }
  }

  private static String accountAddress(String operatorAddress, String prefix) {
    try {
      return Bech32.encode(prefix, Bech32.decode(operatorAddress).data());
    } catch (IllegalArgumentException notBech32) {
      return null;
    }
  }

  private static String minterForm(ConsensusKey key) {
    return key != null && key.type() == KeyType.ED25519 ? "Mp" + HexFormat.of().formatHex(key.bytes()) : null;
  }

  /** The forms and fields in print order, names as JSON keys. */
  List<Field> fields() {
    return List.of(
        new Field("chain_id", chainId),
        new Field("operator_address", operatorAddress),
        new Field("account_address", accountAddress),
        new Field("consensus_address", consensusAddress),
        new Field("consensus_address_hex", consensusAddressHex),
        new Field("consensus_pubkey_type", consensusKeyType == null ? null : consensusKeyType.anyTypeUrl()),
        new Field("consensus_pubkey", consensusKeyBase64),
        new Field("minter_public_key", minterPublicKey),
        new Field("moniker", moniker),
        new Field("status", bondStatus == null ? null : bondStatus.name().toLowerCase(Locale.ROOT)),
        new Field("jailed", jailed),
        new Field("tombstoned", tombstoned),
        new Field("tokens", tokens),
        new Field("missed_blocks_counter", missedBlocksCounter));
  }

  /** One named value; {@code null} when unknown. */
  record Field(String name, Object value) {}
}
