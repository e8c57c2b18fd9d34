package io.valwatch.exporter.config;

import io.valwatch.identity.ValidatorIdentity;
import io.valwatch.plugins.minter.MinterGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A validator's {@code guard:} key: {@code {tx: ${MINTER_OFF_TX}, missed: 4, of: 24}}, or {@code tx_file:}
 * naming a file that holds the transaction. Problems are reported without the transaction.
 */
final class GuardSection {
  private static final Set<String> KEYS = ConfigLoader.orderedSet("tx", "tx_file", "missed", "of", "check_interval");
  static final int DEFAULT_MISSED = 4;
  static final int DEFAULT_OF = 24;
  static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(5);
  private static final String MINTER = "minter";

  private GuardSection() {}

  /**
   * The guard of the validator {@code address} on chain {@code chainId}; empty when there is none or a
   * problem was recorded.
   *
   * @param plugin the chain's {@code plugin:} when it names one
   */
  static Optional<GuardConfig> read(
      ConfigNode node, String chainId, Optional<String> plugin, ConfigNode address, Path baseDirectory,
      ConfigErrors errors) {
    if (node.isAbsent()) {
      return Optional.empty();
    }
    int before = errors.count();
    if (!node.checkMapping(KEYS, errors)) {
      return Optional.empty();
    }
    if (plugin.isPresent() && !plugin.get().equals(MINTER)) {
      errors.add(node.error("is for Minter validators (plugin: minter); this chain uses '" + plugin.get() + "'"));
    }
    String validator = address.isAbsent() ? "" : address.text().strip();
    boolean minterKey;
    try {
      minterKey = ValidatorIdentity.parse(validator).kind() == ValidatorIdentity.Kind.MINTER_PUBLIC_KEY;
    } catch (IllegalArgumentException e) {
      minterKey = false;
    }
    if (!minterKey) {
      errors.add(node.error("needs the validator's address to be its Minter public key (Mp and 64 hex digits)"));
    }
    ConfigNode tx = node.get("tx");
    ConfigNode txFile = node.get("tx_file");
    String transaction = null;
    if (tx.isAbsent() == txFile.isAbsent()) {
      errors.add(node.error("give the pre-signed transaction as 'tx' or as 'tx_file', one of them"));
    } else if (!tx.isAbsent() && !tx.isString()) {
      // Never through text(): its message would show the value, and YAML reads an unquoted 0x… as a number.
      errors.add(tx.error("must be a string: write the transaction in quotes, or as \"${VARIABLE}\""));
    } else if (!tx.isAbsent()) {
      transaction = errors.read(tx::text).map(String::strip).orElse(null);
    } else {
      transaction = errors.read(() -> fromFile(txFile, baseDirectory)).orElse(null);
    }
    if (transaction != null) {
      ConfigNode source = tx.isAbsent() ? txFile : tx;
      MinterGuard.problem(transaction).ifPresent(problem -> errors.add(source.error("is not usable: " + problem)));
    }
    int missed = (int) number(node.get("missed"), 1, 12, DEFAULT_MISSED, errors);
    int of = (int) number(node.get("of"), 1, 24, DEFAULT_OF, errors);
    if (of < missed) {
      errors.add(node.get("of").error("must be at least 'missed' (" + missed + ")"));
    }
    ConfigNode interval = node.get("check_interval");
    Duration checkInterval = interval.isAbsent()
        ? DEFAULT_CHECK_INTERVAL : errors.read(interval::positiveDuration).orElse(DEFAULT_CHECK_INTERVAL);
    if (errors.count() > before) {
      return Optional.empty();
    }
    return Optional.of(new GuardConfig(chainId, validator, transaction, missed, of, checkInterval));
  }

  private static long number(ConfigNode node, long min, long max, long absent, ConfigErrors errors) {
    return node.isAbsent() ? absent : errors.read(() -> node.wholeNumber(min, max)).orElse(absent);
  }

  private static String fromFile(ConfigNode node, Path baseDirectory) {
    Path file = baseDirectory.resolve(node.text().strip());
    try {
      if (Files.size(file) > 64 * 1024) {
        throw node.error("names " + file + ", which is too large to hold a transaction");
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw node.error("names " + file + ", which cannot be read: " + e.getClass().getSimpleName());
    }
  }
}
