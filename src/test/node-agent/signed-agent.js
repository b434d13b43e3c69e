// A Twilio Media Streams bot that checks the upgrade request's X-Twilio-Signature with the official
// twilio helper, exactly as a bot behind Twilio does, and refuses the handshake with 403 when it fails.
//   node signed-agent.js AUTH_TOKEN
// Listens on a free loopback port and prints "listening PORT". Once a stream has started it asks for a
// mark and, when the mark comes back, closes the stream with 1000 "signature valid".
const http = require('http');
const { WebSocketServer } = require('ws');
const twilio = require('twilio');

const authToken = process.argv[2];
const server = http.createServer((req, res) => { res.writeHead(426); res.end(); });
const wss = new WebSocketServer({ noServer: true });

server.on('upgrade', (req, socket, head) => {
  const url = `ws://${req.headers.host}${req.url}`;
  const signature = req.headers['x-twilio-signature'] || '';
  // For a WebSocket there are no form parameters: the signature covers the URL alone.
  if (!twilio.validateRequest(authToken, signature, url, {})) {
    console.log(`refused ${url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  console.log(`accepted ${url}`);
  wss.handleUpgrade(req, socket, head, (ws) => {
    let streamSid;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.event === 'start') {
        streamSid = message.start.streamSid;
        ws.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: 'signed' } }));
      } else if (message.event === 'mark' && message.mark.name === 'signed') {
        ws.close(1000, 'signature valid');
      }
    });
  });
});

server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
