package io.valwatch.event;

/**
 * An endpoint failed a request. The watcher goes on with its other endpoints.
 *
 * @param chainId the chain
 * @param endpoint the endpoint, redacted
 * @param message what went wrong, naming the method and height
 */
public record EndpointError(String chainId, String endpoint, String message) {}
