package io.valwatch.exporter.http;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One {@code /metrics} request as the Prometheus client library's scrape handler sees it. The exposition is
 * written to memory and sent by the caller, so writing it never waits for the client.
 */
final class ScrapeExchange implements PrometheusHttpExchange {
  private final Request request;
  private final Response response;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status = 200;
  private Exception failure;

  ScrapeExchange(Request request, Response response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public PrometheusHttpRequest getRequest() {
    return new PrometheusHttpRequest() {
      @Override
      public String getQueryString() {
        return request.getHttpURI().getQuery();
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(request.getHeaders().getValuesList(name));
      }

      @Override
      public String getMethod() {
        return request.getMethod();
      }

      @Override
      public String getRequestPath() {
        return Request.getPathInContext(request);
      }
    };
  }

  @Override
  public PrometheusHttpResponse getResponse() {
    return new PrometheusHttpResponse() {
      @Override
      public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
      }

      @Override
      public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
        status = statusCode;
        return body;
      }
    };
  }

  @Override
  public void handleException(IOException e) {
    failed(e);
  }

  @Override
  public void handleException(RuntimeException e) {
    failed(e);
  }

  @Override
  public void close() {}

  void failed(Exception e) {
    if (failure == null) {
      failure = e;
    }
  }

  Exception failure() {
    return failure;
  }

  int status() {
    return status;
  }

  byte[] body() {
    return body.toByteArray();
  }
}
