package io.valwatch.plugins.minter;

import io.valwatch.action.Occurrence;
import io.valwatch.action.Trigger;
import io.valwatch.alert.Severity;
import io.valwatch.event.BlockProcessed;
import io.valwatch.event.MissedBlock;
import io.valwatch.event.WatcherListener;
import java.time.Instant;
import java.util.Map;

/**
 * An episode begins when a validator has missed {@code missed} of the last {@code of} heights the watcher
 * processed, and ends when it has missed fewer. Heights are counted from the watcher's own attribution of
 * each block, as they are processed; the episode is named by the chain, the validator and the height at
 * which the rule was first met, so the same episode keeps its name when reported again.
 */
final class MissedBlocksTrigger implements Trigger {
  static final String KIND = "guard_missed_blocks";

  private final String chainId;
  private final String consensusAddressHex;
  private final String subject;
  private final int missed;
  private final int of;

  MissedBlocksTrigger(String chainId, String consensusAddressHex, String subject, int missed, int of) {
    if (missed < 1 || of < missed) {
      throw new IllegalArgumentException("a missed-blocks rule needs 1 <= missed <= of, got " + missed + " of " + of);
    }
    this.chainId = chainId;
    this.consensusAddressHex = consensusAddressHex;
    this.subject = subject;
    this.missed = missed;
    this.of = of;
  }

  @Override
  public String describe() {
    return subject + " missed " + missed + " of the last " + of + " blocks";
  }

  @Override
  public WatcherListener listen(Episodes episodes) {
    return new Window(episodes);
  }

  /** The last {@code of} heights: for each slot the height it holds and whether it was missed. */
  private final class Window implements WatcherListener {
    private final Episodes episodes;
    private final long[] heights = new long[of];
    private final boolean[] absent = new boolean[of];
    private String episode;
    private Instant lastTime = Instant.EPOCH;

    Window(Episodes episodes) {
      this.episodes = episodes;
    }

    @Override
    public synchronized void onBlockProcessed(BlockProcessed event) {
      if (!event.chainId().equals(chainId)) {
        return;
      }
      int slot = (int) (event.height() % of);
      heights[slot] = event.height();
      absent[slot] = false;
      lastTime = event.time();
      if (episode != null && count(event.height()) < missed) {
        episodes.ended(episode);
        episode = null;
      }
    }

    @Override
    public synchronized void onMissedBlock(MissedBlock event) {
      if (!event.chainId().equals(chainId) || !event.consensusAddressHex().equalsIgnoreCase(consensusAddressHex)) {
        return;
      }
      int slot = (int) (event.height() % of);
      heights[slot] = event.height();
      absent[slot] = true;
      int count = count(event.height());
      if (count >= missed) {
        if (episode == null) {
          episode = chainId + "/" + subject + "/" + KIND + "@" + event.height();
        }
        String summary = subject + " missed " + count + " of the last " + of + " blocks";
        episodes.began(new Occurrence(episode, chainId, subject, KIND, Severity.CRITICAL, summary,
            summary + " (the guard's rule: " + missed + " of " + of + "), up to height " + event.height() + ".",
            lastTime, Map.of("identity", subject)));
      }
    }

    private int count(long newest) {
      int count = 0;
      for (int i = 0; i < of; i++) {
        if (absent[i] && heights[i] > newest - of) {
          count++;
        }
      }
      return count;
    }
  }
}
