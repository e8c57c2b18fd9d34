package io.valwatch.model;

import io.valwatch.rpc.RequestOutcome;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Health of one RPC endpoint of a chain. What it has not said yet is empty; the builder takes plain values, a
 * field not set (or set to {@code null}) is empty.
 *
 * <p>Build one with {@link #builder()}; derive one with {@link #toBuilder()}.
 */
public final class EndpointStatus {
  private final String endpoint;
  private final boolean up;
  private final Long height;
  private final boolean catchingUp;
  private final Map<RequestOutcome, Long> requests;
  private final String lastError;

  private EndpointStatus(
      String endpoint,
      boolean up,
      Long height,
      boolean catchingUp,
      Map<RequestOutcome, Long> requests,
      String lastError) {
    requests = Map.copyOf(requests);
    this.endpoint = endpoint;
    this.up = up;
    this.height = height;
    this.catchingUp = catchingUp;
    this.requests = requests;
    this.lastError = lastError;
  }

  /** The endpoint with credentials and keys redacted. */
  public String endpoint() {
    return endpoint;
  }

  /** Whether its last status check succeeded, on the right chain. */
  public boolean up() {
    return up;
  }

  /** The latest height it reported; empty before the first answer. */
  public OptionalLong height() {
    return height == null ? OptionalLong.empty() : OptionalLong.of(height);
  }

  /** Whether it said it is still syncing. */
  public boolean catchingUp() {
    return catchingUp;
  }

  /** Requests sent to it so far, by outcome. */
  public Map<RequestOutcome, Long> requests() {
    return requests;
  }

  /** The last error it gave, empty when none. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof EndpointStatus that
        && Objects.equals(endpoint, that.endpoint)
        && Objects.equals(up, that.up)
        && Objects.equals(height, that.height)
        && Objects.equals(catchingUp, that.catchingUp)
        && Objects.equals(requests, that.requests)
        && Objects.equals(lastError, that.lastError));
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, up, height, catchingUp, requests, lastError);
  }

  @Override
  public String toString() {
    return "EndpointStatus[endpoint=" + endpoint
        + ", up=" + up
        + ", height=" + height
        + ", catchingUp=" + catchingUp
        + ", requests=" + requests
        + ", lastError=" + lastError
        + "]";
  }

  /** A builder with nothing set: lists and maps empty, numbers 0, everything else absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this EndpointStatus's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link EndpointStatus}. */
  public static final class Builder {
    private String endpoint;
    private boolean up;
    private Long height;
    private boolean catchingUp;
    private Map<RequestOutcome, Long> requests = Map.of();
    private String lastError;

    private Builder() {}

    private Builder(EndpointStatus source) {
      this.endpoint = source.endpoint;
      this.up = source.up;
      this.height = source.height;
      this.catchingUp = source.catchingUp;
      this.requests = source.requests;
      this.lastError = source.lastError;
    }

    /** Sets the endpoint with credentials and keys redacted. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Sets whether its last status check succeeded, on the right chain. */
    public Builder up(boolean up) {
      this.up = up;
      return this;
    }

    /** Sets the latest height it reported. */
    public Builder height(Long height) {
      this.height = height;
      return this;
    }

    /** Sets whether it said it is still syncing. */
    public Builder catchingUp(boolean catchingUp) {
      this.catchingUp = catchingUp;
      return this;
    }

    /** Sets requests sent to it so far, by outcome. */
    public Builder requests(Map<RequestOutcome, Long> requests) {
      this.requests = requests;
      return this;
    }

    /** Sets the last error it gave; {@code null} when none. */
    public Builder lastError(String lastError) {
      this.lastError = lastError;
      return this;
    }

    public EndpointStatus build() {
      return new EndpointStatus(endpoint, up, height, catchingUp, requests, lastError);
    }
  }
}
