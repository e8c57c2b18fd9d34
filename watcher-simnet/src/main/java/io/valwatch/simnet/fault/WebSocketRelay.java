package io.valwatch.simnet.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Relays one websocket between a client and the upstream: the upgrade request goes up without
 * {@code Sec-WebSocket-Extensions} (so frames are not compressed), client frames are copied byte for byte, and
 * upstream frames are read one by one so that rules can delay, drop, rewrite or replace pushed blocks.
 */
final class WebSocketRelay {
  private static final int OP_TEXT = 1;
  private static final String NEW_BLOCK_TYPE = "\"tendermint/event/NewBlock\"";
  private static final int MAX_UPSTREAM_FRAME = 64 * 1024 * 1024;

  private final ObjectMapper mapper = new ObjectMapper();
  private final FaultProxy proxy;
  private final Socket client;
  private final InputStream clientIn;
  private final OutputStream clientOut;

  WebSocketRelay(FaultProxy proxy, Socket client, InputStream clientIn, OutputStream clientOut) {
    this.proxy = proxy;
    this.client = client;
    this.clientIn = clientIn;
    this.clientOut = clientOut;
  }

  void relay(HttpRequest request, String target) throws IOException {
    try (Socket upstream = new Socket()) {
      upstream.setTcpNoDelay(true);
      upstream.connect(new InetSocketAddress(proxy.upstream().host(), proxy.upstream().port()), 5_000);
      proxy.track(upstream);
      try {
        OutputStream upOut = new BufferedOutputStream(upstream.getOutputStream());
        DataInputStream upIn = new DataInputStream(new BufferedInputStream(upstream.getInputStream(), 64 * 1024));
        StringBuilder head = new StringBuilder().append("GET ").append(target).append(" HTTP/1.1\r\n")
            .append("Host: ").append(proxy.upstream().host()).append(':').append(proxy.upstream().port()).append("\r\n");
        for (String[] h : request.headers()) {
          String name = h[0].toLowerCase(Locale.ROOT);
          if (!name.equals("host") && !name.equals("sec-websocket-extensions")) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
          }
        }
        upOut.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        upOut.flush();
        String status = copyResponseHead(upIn);
        if (!status.contains(" 101 ")) {
          return;
        }
        proxy.execute(() -> copyClientFrames(upstream, upOut));
        relayUpstreamFrames(upIn, upstream);
      } finally {
        proxy.untrack(upstream);
      }
    }
  }

  /** Copies the upstream's response head to the client and returns its status line. */
  private String copyResponseHead(InputStream upIn) throws IOException {
    String status = HttpRequest.readLine(upIn);
    if (status == null) {
      throw new ProtocolException("the upstream closed before answering the upgrade");
    }
    StringBuilder head = new StringBuilder(status).append("\r\n");
    for (String h = HttpRequest.readLine(upIn); h != null && !h.isEmpty(); h = HttpRequest.readLine(upIn)) {
      head.append(h).append("\r\n");
    }
    clientOut.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    clientOut.flush();
    return status;
  }

  private void copyClientFrames(Socket upstream, OutputStream upOut) {
    byte[] buffer = new byte[16 * 1024];
    try {
      for (int n; (n = clientIn.read(buffer)) != -1; ) {
        upOut.write(buffer, 0, n);
        upOut.flush();
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      FaultProxy.closeQuietly(upstream);
      FaultProxy.closeQuietly(client);
    }
  }

  private void relayUpstreamFrames(DataInputStream upIn, Socket upstream) throws IOException {
    try {
      while (true) {
        int b0 = upIn.read();
        if (b0 == -1) {
          return;
        }
        int b1 = upIn.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
          length = upIn.readUnsignedShort();
        } else if (length == 127) {
          length = upIn.readLong();
        }
        byte[] mask = null;
        if ((b1 & 0x80) != 0) {
          mask = new byte[4];
          upIn.readFully(mask);
        }
        if (length < 0 || length > MAX_UPSTREAM_FRAME) {
          throw new ProtocolException("upstream frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        upIn.readFully(payload);
        if (mask != null) {
          for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
          }
        }
        boolean newBlock = (b0 & 0x0f) == OP_TEXT && (b0 & 0x80) != 0
            && new String(payload, StandardCharsets.UTF_8).contains(NEW_BLOCK_TYPE);
        if (!newBlock) {
          writeFrame(b0, payload);
          continue;
        }
        FaultProxy.Verdict verdict = proxy.judge(FaultRule.NEW_BLOCK);
        ProxyConnection.sleepNanos(verdict.delayNanos());
        Fault.Kind kind = verdict.kind();
        if (kind == null) {
          writeFrame(b0, payload);
          continue;
        }
        Fault fault = verdict.decision().fault();
        switch (kind) {
          case DROP -> {
            // the client sees nothing; the connection stays open
          }
          case RESET -> {
            client.setSoLinger(true, 0);
            return;
          }
          case REWRITE -> writeFrame(b0, JsonRewrite.apply(mapper, payload, fault));
          case HUGE_FRAME -> writeHugeFrame(fault.size);
          default -> writeFrame(b0, payload);
        }
      }
    } finally {
      FaultProxy.closeQuietly(upstream);
      FaultProxy.closeQuietly(client);
    }
  }

  private void writeFrame(int b0, byte[] payload) throws IOException {
    writeFrameHeader(b0, payload.length);
    clientOut.write(payload);
    clientOut.flush();
  }

  private void writeHugeFrame(long size) throws IOException {
    HugeJson json = HugeJson.objects("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"query\":\"tm.event='NewBlock'\","
        + "\"data\":{\"type\":\"tendermint/event/NewBlock\",\"value\":{\"block\":{\"data\":{\"txs\":", "}}}}}}");
    writeFrameHeader(0x80 | OP_TEXT, json.size(size));
    json.writeTo(clientOut, size);
    clientOut.flush();
  }

  private void writeFrameHeader(int b0, long length) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream(10);
    header.write(b0);
    if (length < 126) {
      header.write((int) length);
    } else if (length <= 0xffff) {
      header.write(126);
      header.write((int) (length >>> 8));
      header.write((int) length);
    } else {
      header.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        header.write((int) (length >>> shift));
      }
    }
    header.writeTo(clientOut);
  }
}
