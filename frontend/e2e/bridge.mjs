// What an outsider does with the app's Go bridge (the dev server's WebSocket on /wails/ipc): open it from a local
// process with the headers it chooses, or from a web page elsewhere, and call a desk method as the signed-in user.
// The messages are Wails' own: "C" + {name, args, callbackID} out, "c" + {result, error, callbackid} back.
import { randomBytes } from "node:crypto";
import http from "node:http";

// callFromProcess opens the bridge as a local process would, sending exactly `headers` (Origin, Cookie) with the
// handshake, calls `name` with `args` and resolves to {refused: status} when the handshake is refused,
// {answer: {result, error}} when the call is answered, or {silent: true} when nothing comes back in time.
export function callFromProcess(app, headers, name, args = [], ms = 5000) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.origin}/wails/ipc`, {
      headers: {
        ...headers,
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
      },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      res.resume();
      resolve({ refused: res.statusCode });
    });
    req.on("upgrade", (_res, socket) => {
      const callbackID = `outside-${randomBytes(4).toString("hex")}`;
      const done = (r) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(r);
      };
      const timer = setTimeout(() => done({ silent: true }), ms);
      let buf = Buffer.alloc(0);
      socket.on("data", (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          const [msg, rest] = readFrame(buf);
          if (msg === null) break;
          buf = rest;
          if (!msg.startsWith("c")) continue; // events and reloads go to every socket
          const answer = JSON.parse(msg.slice(1));
          if (answer.callbackid === callbackID) done({ answer });
        }
      });
      socket.on("error", () => done({ silent: true }));
      socket.write(textFrame("C" + JSON.stringify({ name, args, callbackID })));
    });
    req.end();
  });
}

// callFromPage does the same from a page: the browser adds Origin and cookies as it does for any page.
export function callFromPage(page, wsURL, name, args = [], ms = 5000) {
  return page.evaluate(({ wsURL, name, args, ms }) => new Promise((resolve) => {
    const callbackID = `outside-${Math.random().toString(16).slice(2)}`;
    const ws = new WebSocket(wsURL);
    const done = (r) => {
      clearTimeout(timer);
      ws.onclose = null;
      ws.close();
      resolve(r);
    };
    const timer = setTimeout(() => done({ silent: true }), ms);
    ws.onopen = () => ws.send("C" + JSON.stringify({ name, args, callbackID }));
    ws.onmessage = (e) => {
      if (typeof e.data !== "string" || !e.data.startsWith("c")) return;
      const answer = JSON.parse(e.data.slice(1));
      if (answer.callbackid === callbackID) done({ answer });
    };
    ws.onclose = () => done({ closed: true }); // a refused handshake: the page learns nothing more
  }), { wsURL, name, args, ms });
}

// textFrame is one masked text frame, as a client sends it (RFC 6455, 5.2).
function textFrame(text) {
  const payload = Buffer.from(text, "utf8");
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x81, 0x80 | n])
    : n < 65536 ? Buffer.from([0x81, 0x80 | 126, n >> 8, n & 0xff])
      : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), bigLength(n)]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([head, mask, body]);
}

function bigLength(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

// readFrame takes one unmasked frame (the server's) off buf: [text or "" for a non-text frame, rest], or
// [null, buf] when buf does not hold a whole frame yet.
function readFrame(buf) {
  if (buf.length < 2) return [null, buf];
  const opcode = buf[0] & 0x0f;
  let n = buf[1] & 0x7f;
  let at = 2;
  if (n === 126) {
    if (buf.length < 4) return [null, buf];
    n = buf.readUInt16BE(2);
    at = 4;
  } else if (n === 127) {
    if (buf.length < 10) return [null, buf];
    n = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  if (buf.length < at + n) return [null, buf];
  const text = opcode === 0x1 ? buf.subarray(at, at + n).toString("utf8") : "";
  return [text, buf.subarray(at + n)];
}
