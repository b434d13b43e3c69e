// An AI agent for the call-path benchmark (deploy/bench/callpath), in a process of its own: a WebSocket
// server speaking Twilio Media Streams that echoes every `media` frame back to the call at once.
//
// Per stream it appends one JSON line to RECORDS when the socket closes:
//   {"from", "callSid", "connectedAt", "startAt", "firstMediaAt", "stopAt", "closedAt", "mediaIn"}
// (times in ms since the epoch, sub-millisecond, from the same clock as sipp's gettimeofday; null when the
// event did not come). GET /stats answers {"open": streams open now, "streams": streams since start}.
//
// Usage: node echo-agent.js PORT RECORDS      (finds `ws` through NODE_PATH)
'use strict';
const http = require('http');
const fs = require('fs');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8765);
const records = process.argv[3] || 'streams.jsonl';
const now = () => performance.timeOrigin + performance.now();

let open = 0;
let streams = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ open, streams }));
  } else {
    res.writeHead(404);
    res.end();
  }
});
const wss = new WebSocketServer({ server });

wss.on('connection', (ws) => {
  open++;
  streams++;
  const s = { from: null, callSid: null, connectedAt: now(), startAt: null, firstMediaAt: null,
              stopAt: null, closedAt: null, mediaIn: 0 };
  let streamSid = null;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let m;
    try { m = JSON.parse(data.toString()); } catch (e) { return; }
    switch (m.event) {
      case 'start':
        s.startAt = now();
        streamSid = m.streamSid;
        s.callSid = m.start && m.start.callSid;
        s.from = m.start && m.start.customParameters && m.start.customParameters.from;
        break;
      case 'media':
        if (s.firstMediaAt === null) s.firstMediaAt = now();
        s.mediaIn++;
        ws.send(JSON.stringify({ event: 'media', streamSid, media: { payload: m.media.payload } }));
        break;
      case 'stop':
        s.stopAt = now();
        break;
    }
  });
  ws.on('close', () => {
    open--;
    s.closedAt = now();
    fs.appendFileSync(records, JSON.stringify(s) + '\n');
  });
  ws.on('error', () => {});
});

server.listen(port, '127.0.0.1', () => console.log(`echo agent on ws://127.0.0.1:${port}, records in ${records}`));
process.on('SIGTERM', () => process.exit(0));
