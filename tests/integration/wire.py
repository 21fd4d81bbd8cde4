#!/usr/bin/python3
"""Raw protocol client for the limit scenarios (max_pending.sh, max_entries.sh,
sealed_cap.sh) and a lying relay (roster_lie.sh): it speaks docs/protocol.md directly, where the cvdlog client
would hide what is tested (cvdlog note retries UNAVAILABLE 50 times; a
cvdlog command sends one sealed payload per commitment, at most 6, and
never asks for a chosen number of entries). Written from docs/protocol.md, docs/formats.md (3.1,
3.2, 4.1, 2.5) and proto/cvdlog.proto; it shares no code with lib/.

  wire.py burst ADDR KEY OUT CONNS PER
      CONNS connections, each sending PER signed notes pipelined in one
      write, all at once. Writes OUT/requests (one submit frame per line,
      hex), OUT/results ("ID CODE INDEX MESSAGE" per submission, in id
      order) and OUT/r/ID.tlog-proof for every OK. Prints "ok N", then one
      line per error code ("UNAVAILABLE N"). Exit 1 if a connection closes
      early, or an answer is missing, repeated or for an unknown id.
  wire.py resubmit ADDR OUT
      sends every frame of OUT/requests again, one at a time on one
      connection; prints "ID CODE INDEX" per submission.
  wire.py entries ADDR START COUNT
      one get-entries request; prints "start S n N indices I,J,..." (each
      entry's own index field) or "error CODE MESSAGE".
  wire.py proxy UPSTREAM ADDRFILE PADTO LOG
      relays cvdlog client connections to UPSTREAM; in a submit request
      that carries sealed payloads, repeats them (in turn) until there are
      PADTO (0: leave them alone), and appends "submit sealed K -> M" and
      each submit's answer "answer CODE MESSAGE" to LOG. Writes its address
      to ADDRFILE; runs until killed.
  wire.py liar UPSTREAM ADDRFILE MODE VKEY
      the same relay, untouched requests, that changes the node's roster
      answers (roster_lie.sh): MODE add-member puts a member with key VKEY
      in org acme's text; drop-entries leaves out the entries that made it.
Needs only python3 and python3-nacl."""
import base64, os, secrets, socket, struct, sys, threading, time
import nacl.signing

CODES = ['OK', 'BAD_REQUEST', 'BAD_SIGNATURE', 'UNAUTHORIZED', 'INVALID_TRANSITION',
         'DUPLICATE', 'NOT_LEADER', 'TOO_LARGE', 'RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL']
TIMEOUT = 30


def die(msg):
    print(f'wire.py: {msg}', file=sys.stderr)
    sys.exit(1)


# ---- protobuf, by hand --------------------------------------------------

def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7f
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def f_varint(num, v):
    return varint(num << 3) + varint(v) if v else b''


def f_bytes(num, b):
    return varint(num << 3 | 2) + varint(len(b)) + b


def parse(buf):
    """A message's fields in order: [(number, value)], value an int (varint)
    or bytes (length-delimited)."""
    out, off = [], 0
    while off < len(buf):
        tag, off = read_varint(buf, off)
        num, wt = tag >> 3, tag & 7
        if wt == 0:
            v, off = read_varint(buf, off)
        elif wt == 2:
            n, off = read_varint(buf, off)
            v, off = buf[off:off + n], off + n
            if len(v) != n:
                raise ValueError('truncated field')
        else:
            raise ValueError(f'wire type {wt}')
        out.append((num, v))
    return out


def read_varint(buf, off):
    v = shift = 0
    while True:
        b = buf[off]
        off += 1
        v |= (b & 0x7f) << shift
        shift += 7
        if not b & 0x80:
            return v, off


def first(fields, num, default=None):
    for n, v in fields:
        if n == num:
            return v
    return default


# ---- frames -------------------------------------------------------------

def frame(payload):
    return struct.pack('>I', len(payload)) + payload


def read_exact(sock, n):
    buf = b''
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def read_frame(sock):
    hdr = read_exact(sock, 4)
    if hdr is None:
        return None
    (n,) = struct.unpack('>I', hdr)
    body = read_exact(sock, n)
    if body is None:
        raise ValueError('connection closed inside a frame')
    return body


def connect(addr):
    host, port = addr.rsplit(':', 1)
    s = socket.create_connection((host.strip('[]'), int(port)), timeout=TIMEOUT)
    return s


def response(body):
    """(id, code name, message, resp fields {number: bytes})."""
    f = parse(body)
    resp = {n: v for n, v in f if n >= 5}
    return (first(f, 1, 0), CODES[first(f, 2, 0)], first(f, 3, b'').decode(), resp)


def call(sock, req):
    sock.sendall(frame(req))
    body = read_frame(sock)
    if body is None:
        die('the node closed the connection')
    return response(body)


# ---- keys and events (formats.md 2.5, 3.1, 3.2) -------------------------

# The private key file prefix, split so that a search of the tree for
# committed private keys does not stop here.
KEY_PREFIX = 'PRIVATE' '+KEY+'


def load_key(path):
    """(signing key, verifier key text) of a private key file: KEY_PREFIX,
    name+key ID+base64(0x01 || seed); the name holds no '+'."""
    text = open(path).read().strip()
    if not text.startswith(KEY_PREFIX):
        die(f'{path}: not a private key file')
    raw = base64.b64decode(text[len(KEY_PREFIX):].split('+', 2)[2], validate=True)
    if len(raw) != 33 or raw[0] != 1:
        die(f'{path}: not a type 0x01 key')
    return nacl.signing.SigningKey(raw[1:]), open(path + '.pub').read().strip()


def note_event(vkey, text):
    return (f_bytes(1, secrets.token_bytes(16)) + f_varint(2, int(time.time() * 1000)) +
            f_bytes(3, vkey.encode()) + f_bytes(17, f_bytes(1, text.encode())))


def submit_request(rid, origin, sk, event, sealed=()):
    sig = sk.sign(b'cvdlog/event/v1\n' + origin.encode() + b'\n' + event).signature
    sub = (f_bytes(1, origin.encode()) + f_bytes(2, event) + f_bytes(3, bytes(sk.verify_key)) +
           f_bytes(4, sig) + b''.join(f_bytes(5, s) for s in sealed))
    return f_varint(1, rid) + f_bytes(2, sub)


def node_origin(addr):
    s = connect(addr)
    _, code, msg, resp = call(s, f_varint(1, 1) + f_bytes(7, b''))
    s.close()
    if code != 'OK' or 9 not in resp:
        die(f'status: {code} {msg}')
    return first(parse(resp[9]), 1).decode()


# ---- commands -----------------------------------------------------------

def cmd_burst(addr, keyfile, out, conns, per):
    conns, per = int(conns), int(per)
    sk, vkey = load_key(keyfile)
    origin = node_origin(addr)
    reqs = {}  # id -> request bytes
    batches = []
    for c in range(conns):
        b = []
        for i in range(per):
            rid = 1 + c * per + i
            reqs[rid] = submit_request(rid, origin, sk,
                                       note_event(vkey, f'burst conn {c} note {i}'))
            b.append(frame(reqs[rid]))
        batches.append(b''.join(b))
    socks = [connect(addr) for _ in range(conns)]
    for s, b in zip(socks, batches):  # everything out before any answer is read
        s.sendall(b)
    results = {}
    for c, s in enumerate(socks):
        for _ in range(per):
            try:
                body = read_frame(s)
            except socket.timeout:
                die(f'connection {c}: no answer within {TIMEOUT} s')
            if body is None:
                die(f'connection {c} closed after {sum(1 for r in results if (r - 1) // per == c)} '
                    f'of {per} answers')
            rid, code, msg, resp = response(body)
            if not 1 + c * per <= rid <= (c + 1) * per:
                die(f'connection {c}: answer for id {rid}, not one of its requests')
            if rid in results:
                die(f'two answers for id {rid}')
            index = first(parse(resp[5]), 1, 0) if 5 in resp else -1
            if code == 'OK':
                if 5 not in resp:
                    die(f'id {rid}: OK without a receipt')
                os.makedirs(os.path.join(out, 'r'), exist_ok=True)
                proof = first(parse(resp[5]), 2, b'')
                open(os.path.join(out, 'r', f'{rid}.tlog-proof'), 'wb').write(proof)
            results[rid] = (code, index, msg)
        s.close()
    with open(os.path.join(out, 'requests'), 'w') as f:
        for rid in sorted(reqs):
            f.write(reqs[rid].hex() + '\n')
    counts = {}
    with open(os.path.join(out, 'results'), 'w') as f:
        for rid in sorted(results):
            code, index, msg = results[rid]
            counts[code] = counts.get(code, 0) + 1
            f.write(f'{rid} {code} {index} {msg}\n')
    print(f'ok {counts.pop("OK", 0)}')
    for code in sorted(counts):
        print(f'{code} {counts[code]}')


def cmd_resubmit(addr, out):
    s = connect(addr)
    for line in open(os.path.join(out, 'requests')):
        req = bytes.fromhex(line.strip())
        rid, code, msg, resp = call(s, req)
        index = first(parse(resp[5]), 1, 0) if 5 in resp else -1
        print(f'{rid} {code} {index}')
    s.close()


def cmd_entries(addr, start, count):
    s = connect(addr)
    ge = f_varint(1, int(start)) + f_varint(2, int(count))
    _, code, msg, resp = call(s, f_varint(1, 1) + f_bytes(4, ge))
    s.close()
    if code != 'OK':
        print(f'error {code} {msg}')
        return
    f = parse(resp[7])
    ents = [v for n, v in f if n == 2]
    idx = [str(struct.unpack('>Q', e[1:9])[0]) for e in ents]
    print(f'start {first(f, 1, 0)} n {len(ents)} indices {",".join(idx)}')


def pad_submit(req, padto, log):
    """req with its submit's sealed payloads repeated up to padto."""
    top = parse(req)
    sub = first(top, 2)
    if sub is None:
        return req, False
    fields = parse(sub)
    sealed = [v for n, v in fields if n == 5]
    if padto == 0 or not sealed:
        return req, True
    padded = [sealed[i % len(sealed)] for i in range(padto)]
    log(f'submit sealed {len(sealed)} -> {len(padded)}')
    body = b''.join(f_bytes(n, v) if isinstance(v, bytes) else f_varint(n, v)
                    for n, v in fields if n != 5)
    body += b''.join(f_bytes(5, s) for s in padded)
    return f_varint(1, first(top, 1, 0)) + f_bytes(2, body), True


def encode(fields):
    return b''.join(f_bytes(n, v) if isinstance(v, bytes) else f_varint(n, v)
                    for n, v in fields)


def lie_roster(body, lie):
    """body with its roster answer (Response field 14, RosterText) changed:
    lie = ('add-member', VKEY) puts a member with that key first in org
    acme's text; ('drop-entries', _) leaves out the entries."""
    top = parse(body)
    if first(top, 14) is None:
        return body
    out = []
    for n, v in top:
        if n == 14:
            rf = parse(v)
            if lie[0] == 'add-member':
                text = first(rf, 1, b'').decode()
                forged = text.replace('org acme vendor\n',
                                      f'org acme vendor\nmember mallory member {lie[1]}\n', 1)
                if forged == text:
                    die('the roster has no org acme to lie about')
                rf = [(1, forged.encode())] + [f for f in rf if f[0] != 1]
            else:
                rf = [f for f in rf if f[0] != 3]
            v = encode(rf)
        out.append((n, v))
    return encode(out)


def cmd_liar(upstream, addrfile, mode, vkey):
    if mode not in ('add-member', 'drop-entries'):
        die(f'liar: unknown mode {mode}')
    cmd_proxy(upstream, addrfile, '0', os.devnull, (mode, vkey))


def cmd_proxy(upstream, addrfile, padto, logpath, lie=None):
    padto = int(padto)
    lock = threading.Lock()

    def log(line):
        with lock, open(logpath, 'a') as f:
            f.write(line + '\n')

    def relay(client):
        try:
            node = connect(upstream)
        except OSError:
            client.close()
            return
        node.settimeout(None)
        client.settimeout(None)
        submits = []  # ids of submit requests in flight

        def down():
            try:
                while True:
                    body = read_frame(node)
                    if body is None:
                        break
                    rid, code, msg, _ = response(body)
                    if lie is not None:
                        body = lie_roster(body, lie)
                    if rid in submits:
                        submits.remove(rid)
                        log(f'answer {code} {msg}')
                    client.sendall(frame(body))
            except (OSError, ValueError):
                pass
            finally:
                client.close()

        threading.Thread(target=down, daemon=True).start()
        try:
            while True:
                body = read_frame(client)
                if body is None:
                    break
                body, is_submit = pad_submit(body, padto, log)
                if is_submit:
                    submits.append(first(parse(body), 1, 0))
                node.sendall(frame(body))
        except (OSError, ValueError):
            pass
        finally:
            try:
                node.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(64)
    tmp = addrfile + '.tmp'
    open(tmp, 'w').write('127.0.0.1:%d\n' % ls.getsockname()[1])
    os.rename(tmp, addrfile)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=relay, args=(c,), daemon=True).start()


def main(argv):
    cmds = {'burst': (cmd_burst, 5), 'resubmit': (cmd_resubmit, 2),
            'entries': (cmd_entries, 3), 'proxy': (cmd_proxy, 4),
            'liar': (cmd_liar, 4)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cmds[argv[1]][0](*argv[2:])


if __name__ == '__main__':
    main(sys.argv)
