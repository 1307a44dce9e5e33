// A real SMTP server on a socket for the end-to-end tests: it accepts every
// message and serves what it received as JSON over HTTP, where the tests
// read codes and links. Usage: node smtp-sink.mjs <smtp port> <http port>
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
const messages = [];

// Escapes are bytes of UTF-8: runs of them decode together, so "=C3=A4" is "ä".
function decodeQuotedPrintable(text) {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replaceAll('=', ''), 'hex').toString('utf8'));
}

createServer((socket) => {
  let buffer = '';
  let inData = false;
  let data = [];
  let recipients = [];
  socket.write('220 sink ESMTP\r\n');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let end;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) {
        if (line === '.') {
          inData = false;
          messages.push({ recipients, raw: decodeQuotedPrintable(data.join('\n')) });
          recipients = [];
          data = [];
          socket.write('250 queued\r\n');
        } else {
          data.push(line.startsWith('.') ? line.slice(1) : line);
        }
        continue;
      }
      const command = line.toUpperCase();
      if (command.startsWith('EHLO')) socket.write('250-sink\r\n250 8BITMIME\r\n');
      else if (command.startsWith('RCPT TO:')) {
        recipients.push(line.slice(8).trim().replace(/^</, '').replace(/>.*$/, ''));
        socket.write('250 OK\r\n');
      } else if (command === 'DATA') {
        inData = true;
        socket.write('354 go ahead\r\n');
      } else if (command === 'QUIT') {
        socket.end('221 bye\r\n');
      } else socket.write('250 OK\r\n');
    }
  });
  socket.on('error', () => {});
}).listen(smtpPort, '127.0.0.1');

createHttpServer((request, response) => {
  const url = new URL(request.url, 'http://sink');
  if (url.pathname === '/health') return response.end('ok');
  const to = url.searchParams.get('to');
  const found = messages.filter((message) => !to || message.recipients.includes(to));
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify(found));
}).listen(httpPort, '127.0.0.1');
