package io.valwatch.exporter.telegram;

import io.valwatch.alert.Alert;
import io.valwatch.exporter.alerts.ChatMutes;
import io.valwatch.exporter.config.Durations;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.StakingStatus;
import io.valwatch.model.ValidatorStatus;
import io.valwatch.tracker.SigningStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The answers to chat commands, as plain text: {@code /status}, {@code /validator <label|address>},
 * {@code /alerts}, {@code /mute <duration>} and {@code /help}. Text that is not a command gets no answer.
 * {@code /status} lists validators worst first: highest risk, then fewest misses left before the penalty.
 */
final class BotCommands {
  /** Telegram's limit on a message's text. */
  static final int MAX_TEXT = 4096;

  static final String HELP =
      """
      /status: every chain and tracked validator
      /validator <label|address>: one validator in detail
      /alerts: the alerts firing now
      /mute <duration>: no notifications to this chat for that long (/mute 2h; /mute off ends it)""";

  private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
  /** Worst first, so that what a long answer cuts is what matters least. */
  private static final Comparator<ValidatorStatus> WORST_FIRST =
      Comparator.comparing((ValidatorStatus v) -> v.risk().level()).reversed()
          .thenComparingLong(v -> v.risk().blocksUntilPenalty().orElse(Long.MAX_VALUE));

  private final Supplier<List<ChainStatus>> status;
  private final ChatMutes mutes;
  private final Clock clock;

  BotCommands(Supplier<List<ChainStatus>> status, ChatMutes mutes, Clock clock) {
    this.status = status;
    this.mutes = mutes;
    this.clock = clock;
  }

  /** The answer to {@code text} sent in {@code chatId}; empty when it is not a command. */
  Optional<String> answer(String chatId, String text) {
    String trimmed = text == null ? "" : text.strip();
    if (!trimmed.startsWith("/")) {
      return Optional.empty();
    }
    String[] words = trimmed.split("\\s+", 2);
    // In groups a command may name the bot: /status@valwatch_bot.
    String command = words[0].replaceFirst("@.*$", "").toLowerCase(Locale.ROOT);
    String argument = words.length > 1 ? words[1].strip() : "";
    String answer =
        switch (command) {
          case "/status" -> status();
          case "/validator" -> validator(argument);
          case "/alerts" -> alerts();
          case "/mute" -> mute(chatId, argument);
          case "/help", "/start" -> HELP;
          default -> "Unknown command " + command + ".\n" + HELP;
        };
    return Optional.of(fit(answer));
  }

  private String status() {
    List<ChainStatus> chains = status.get();
    if (chains.isEmpty()) {
      return "No chain is watched.";
    }
    StringBuilder out = new StringBuilder();
    for (ChainStatus chain : chains) {
      out.append(chain.chainId()).append(": ");
      out.append(chain.latestHeight().isEmpty()
          ? "no height processed yet"
          : "height " + chain.latestHeight().getAsLong());
      if (chain.activeValidators().isPresent()) {
        out.append(", ").append(chain.activeValidators().getAsInt()).append(" validators in the set");
      }
      out.append(chain.hasSyncedEndpoint() ? "" : ", no synced RPC endpoint");
      out.append(", ").append(firing(chain)).append(" alert(s) firing\n");
      for (ValidatorStatus v : chain.validators().stream().sorted(WORST_FIRST).toList()) {
        out.append("  ").append(name(v)).append(": ").append(v.staking().map(StakingStatus::summary).orElse("no staking data"));
        if (v.signing() != null && v.signing().windowSlots() > 0) {
          out.append(String.format(Locale.ROOT, ", uptime %.1f%%", 100 * v.signing().uptimeRatio()));
        }
        if (v.risk().blocksUntilPenalty().isPresent()) {
          out.append(", ").append(v.risk().blocksUntilPenalty().getAsLong()).append(" misses to the penalty");
        }
        out.append(", risk ").append(riskLevel(v)).append('\n');
      }
    }
    return out.toString().stripTrailing();
  }

  private String validator(String query) {
    if (query.isEmpty()) {
      return "Usage: /validator <label|address>";
    }
    StringBuilder out = new StringBuilder();
    for (ChainStatus chain : status.get()) {
      for (ValidatorStatus v : chain.validators()) {
        if (matches(v, query)) {
          out.append(detail(chain, v)).append("\n\n");
        }
      }
    }
    return out.isEmpty()
        ? "No tracked validator matches '" + query + "'; /status lists them."
        : out.toString().stripTrailing();
  }

  private static boolean matches(ValidatorStatus v, String query) {
    StakingStatus staking = v.staking().orElse(null);
    return query.equalsIgnoreCase(v.label())
        || query.equalsIgnoreCase(v.identity())
        || query.equalsIgnoreCase(v.displayAddress())
        || query.equalsIgnoreCase(v.consensusAddressHex().orElse(null))
        || (staking != null && query.equalsIgnoreCase(staking.moniker().orElse(null)));
  }

  private static String detail(ChainStatus chain, ValidatorStatus v) {
    StringBuilder out = new StringBuilder(name(v)).append(" on ").append(chain.chainId()).append('\n');
    out.append("address: ").append(v.displayAddress()).append('\n');
    v.consensusAddressHex().ifPresent(hex -> out.append("consensus address: ").append(hex).append('\n'));
    StakingStatus staking = v.staking().orElse(null);
    if (staking != null) {
      out.append("status: ").append(staking.summary());
      if (staking.rank().isPresent()) {
        out.append(", rank ").append(staking.rank().getAsInt());
      }
      if (staking.tokens().isPresent()) {
        out.append(", ").append(staking.tokens().get()).append(" tokens");
      }
      out.append('\n');
    }
    SigningStats s = v.signing();
    if (s != null && v.consensusAddressHex().isPresent()) {
      out.append("since start: signed ").append(s.signedBlocks()).append(", nil ").append(s.nilVotes())
          .append(", missed ").append(s.missedBlocks()).append(" (solo ").append(s.soloMissedBlocks())
          .append("), proposed ").append(s.proposedBlocks()).append('\n');
      out.append("missed in a row: ").append(s.consecutiveMissedBlocks());
      if (s.windowSlots() > 0) {
        out.append(String.format(Locale.ROOT, "; uptime %.1f%% over the last %d heights", 100 * s.uptimeRatio(),
            s.windowSlots()));
      }
      out.append('\n');
    }
    if (staking != null && staking.chainMissedBlocksCounter().isPresent()) {
      out.append("chain's missed counter: ").append(staking.chainMissedBlocksCounter().getAsLong()).append('\n');
    }
    if (v.risk().blocksUntilPenalty().isPresent()) {
      out.append("misses left before the penalty: ").append(v.risk().blocksUntilPenalty().getAsLong()).append('\n');
    }
    out.append("risk: ").append(riskLevel(v));
    v.risk().reasons().forEach(reason -> out.append("; ").append(reason));
    return out.toString();
  }

  /** The risk level in lower case, {@code unknown} before the validator is resolved. */
  private static String riskLevel(ValidatorStatus v) {
    return v.knownRisk().map(r -> r.level().name().toLowerCase(Locale.ROOT)).orElse("unknown");
  }

  private String alerts() {
    List<String> lines = new ArrayList<>();
    for (ChainStatus chain : status.get()) {
      for (Alert alert : chain.activeAlerts()) {
        lines.add(alert.severity() + " " + alert.summary() + " (since "
            + UNTIL.format(alert.firingSince().atOffset(ZoneOffset.UTC)) + ")");
      }
    }
    return lines.isEmpty() ? "No alert is firing." : String.join("\n", lines);
  }

  private String mute(String chatId, String argument) {
    Instant now = clock.instant();
    if (argument.equalsIgnoreCase("off")) {
      mutes.mute(chatId, now, now);
      return "Notifications to this chat are on again.";
    }
    Duration duration;
    try {
      duration = Durations.parse(argument);
    } catch (IllegalArgumentException e) {
      return "Usage: /mute <duration>, such as /mute 30m or /mute 2h; /mute off ends it.";
    }
    Instant end = now.plus(duration);
    mutes.mute(chatId, end, now);
    if (!end.isAfter(now)) {
      return "Notifications to this chat are on again.";
    }
    return "Notifications to this chat are muted until " + UNTIL.format(end.atOffset(ZoneOffset.UTC))
        + ", critical ones too; /mute off ends it.";
  }

  private static long firing(ChainStatus chain) {
    return chain.activeAlerts().stream().filter(a -> a.state() == Alert.State.FIRING).count();
  }

  private static String name(ValidatorStatus v) {
    String moniker = v.staking().flatMap(StakingStatus::moniker).orElse(null);
    if (v.label().isEmpty()) {
      return moniker != null ? moniker : v.displayAddress();
    }
    return moniker != null && !moniker.equals(v.label()) ? v.label() + " (" + moniker + ")" : v.label();
  }

  /** Cut to Telegram's limit, saying so. */
  private static String fit(String text) {
    if (text.length() <= MAX_TEXT) {
      return text;
    }
    String more = "\n… (cut: ask /validator for one)";
    return text.substring(0, MAX_TEXT - more.length()) + more;
  }
}
