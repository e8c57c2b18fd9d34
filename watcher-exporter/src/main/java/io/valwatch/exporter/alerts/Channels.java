package io.valwatch.exporter.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Connects configured channels: one notifier per {@link ChannelSpec}, sharing one HTTP client. */
public final class Channels {
  /** Where Telegram's Bot API is, unless {@code api_url} says otherwise. */
  static final HttpUrl TELEGRAM_API = HttpUrl.get("https://api.telegram.org");
  /** PagerDuty's Events API v2, unless {@code url} says otherwise. */
  static final HttpUrl PAGERDUTY_EVENTS = HttpUrl.get("https://events.pagerduty.com/v2/enqueue");

  private final OkHttpClient client;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Clock clock;
  private final ChatMutes mutes;

  /**
   * @param client the HTTP client to derive each channel's client from (each gets its own timeout)
   * @param clock the time for {@code Retry-After} dates and Alertmanager's {@code endsAt}
   */
  public Channels(OkHttpClient client, Clock clock) {
    this(client, clock, new ChatMutes());
  }

  /** Like {@link #Channels(OkHttpClient, Clock)}, with Telegram chats muted by {@code mutes}. */
  public Channels(OkHttpClient client, Clock clock, ChatMutes mutes) {
    this.client = client;
    this.clock = clock;
    this.mutes = mutes;
  }

  /**
   * A channel for {@code spec}.
   *
   * @throws IllegalArgumentException when a URL setting is not an http or https URL; the message does not show it
   */
  public Channel create(ChannelSpec spec) {
    OkHttpClient timed = client.newBuilder().callTimeout(spec.policy().timeout()).build();
    HttpUrl url;
    Secrets secrets;
    switch (spec.type()) {
      case TELEGRAM -> {
        url = telegramMethod(spec, "sendMessage");
        secrets = Secrets.of(url, spec.settings().get("token"));
      }
      case PAGERDUTY -> {
        url = optionalUrl(spec, "url").orElse(PAGERDUTY_EVENTS);
        secrets = Secrets.of(url, spec.settings().get("routing_key"));
      }
      case ALERTMANAGER -> {
        url = requiredUrl(spec, "url").newBuilder().addPathSegments("api/v2/alerts").build();
        secrets = Secrets.of(url);
      }
      default -> {
        url = requiredUrl(spec, "url");
        secrets = Secrets.of(url);
      }
    }
    String description = spec.type().configName() + " " + Secrets.endpoint(url);
    JsonPoster poster = new JsonPoster(timed, url, secrets, mapper, clock);
    Notifier notifier =
        switch (spec.type()) {
          case WEBHOOK -> new WebhookNotifier(poster);
          case SLACK -> new SlackNotifier(poster);
          case DISCORD -> new DiscordNotifier(poster);
          case TELEGRAM -> new TelegramNotifier(poster, spec.settings().get("chat_id"), mutes, clock);
          case PAGERDUTY -> new PagerDutyNotifier(poster, spec.settings().get("routing_key"));
          case ALERTMANAGER ->
              new AlertmanagerNotifier(
                  poster,
                  Optional.ofNullable(spec.settings().get("generator_url")),
                  clock,
                  "alert channel '" + spec.name() + "' (" + description + ")");
        };
    return new Channel(spec.name(), description, notifier, spec.policy());
  }

  /** The URL of Bot API method {@code method} for a telegram channel: {@code <api_url>/bot<token>/<method>}. */
  public static HttpUrl telegramMethod(ChannelSpec spec, String method) {
    return optionalUrl(spec, "api_url").orElse(TELEGRAM_API).newBuilder()
        .addPathSegment("bot" + spec.settings().get("token"))
        .addPathSegment(method)
        .build();
  }

  private static HttpUrl requiredUrl(ChannelSpec spec, String setting) {
    return optionalUrl(spec, setting).orElseThrow();
  }

  private static Optional<HttpUrl> optionalUrl(ChannelSpec spec, String setting) {
    String text = spec.settings().get(setting);
    if (text == null) {
      return Optional.empty();
    }
    return Optional.of(parseUrl(text, spec.type().configName() + " channel '" + spec.name() + "': " + setting));
  }

  /**
   * Parses an http or https URL.
   *
   * @throws IllegalArgumentException naming {@code what} but not showing the URL, which may be a secret
   */
  public static HttpUrl parseUrl(String text, String what) {
    HttpUrl url = HttpUrl.parse(text.strip());
    if (url == null) {
      throw new IllegalArgumentException(what + " is not an http:// or https:// URL (not shown: it may be secret)");
    }
    return url;
  }
}
