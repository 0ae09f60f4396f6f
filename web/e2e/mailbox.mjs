// A small SMTP server on 127.0.0.1 for the browser tests: it accepts every message the silo sends (plain SMTP,
// no TLS, no auth) and keeps it, so a test can read the link an e-mail carries. Every wait is bounded.
import net from 'node:net';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Decodes a quoted-printable body: soft line breaks go, =XX becomes its byte. */
function quotedPrintable(text) {
  const bytes = Buffer.from(text.replace(/=\r?\n/g, ''), 'latin1').toString('latin1')
    .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The headers and the decoded text of every leaf part of a raw MIME message (enough for what the silo sends). */
export function parseMessage(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
    return { headers, parts: parts.flatMap((p) => parseMessage(p.replace(/^\r?\n/, '')).parts) };
  }
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : encoding === 'quoted-printable' ? quotedPrintable(body) : body;
  return { headers, parts: [{ type, text }] };
}

/** Starts the server: { port, messages, waitFor(to, subjectPattern, timeoutMs), close() }. */
export async function startMailbox() {
  const messages = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let data = null;
    let to = [];
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 e2e-mailbox ready');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data !== null) {
          if (line === '.') {
            const message = parseMessage(Buffer.from(data.join('\r\n'), 'latin1').toString('utf8'));
            messages.push({ to, subject: message.headers.subject ?? '', headers: message.headers, parts: message.parts });
            data = null;
            reply('250 OK: queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 e2e-mailbox');
        else if (verb === 'MAIL') { to = []; reply('250 OK'); }
        else if (verb === 'RCPT') { to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); reply('250 OK'); }
        else if (verb === 'DATA') { data = []; reply('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); }
        else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK');
        else reply('502 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    messages,
    async waitFor(address, subject, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = messages.find((m) => m.to.includes(address) && subject.test(m.subject));
        if (found) return found;
        await sleep(100);
      }
      throw new Error(`no e-mail to ${address} with a subject like ${subject} within ${timeoutMs / 1000} s; got: ${messages.map((m) => `${m.to} "${m.subject}"`).join('; ')}`);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
