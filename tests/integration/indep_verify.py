#!/usr/bin/python3
"""Independent verifier written from DESIGN.md alone (sections 2-6) and the
public C2SP specs (signed-note, tlog-checkpoint, tlog-cosignature, tlog-proof).
It shares no code with the C implementation (lib/, node/, client/), and was
written without reading it, so that each can check the other.

  indep_verify.py RECEIPT_FILE POLICY_FILE  -> "ok index=N time_ms=T author=B64" (exit 0)
                                               or "FAIL: reason" on stderr (exit 1)
  indep_verify.py --selftest                -> known-answer tests from tests/vectors/

Nothing in the receipt is trusted until checked. Deliberately strict choices:
base64 must be canonical (re-encoding gives the same text); every signature
line of a known key is verified (not only the first); a policy may not list
the same key twice; for entry 0 `prev` must be zero, and for an odd index the
first proof hash (leaf index-1) must equal `prev` (section 3 hash chain).
Needs only python3 and python3-nacl (libsodium Ed25519)."""
import base64, hashlib, json, os, re, struct, sys, tempfile
import nacl.exceptions, nacl.signing

class Fail(Exception):
    """Verification failure; the message is printed after 'FAIL: '."""

EM = '\u2014 '                                # signature line prefix: EM DASH, space
ENTRY_HDR = struct.Struct('>BQQ32s32s64sI')   # version index time prev author sig n
MAX_EVENT = 65386                             # DESIGN section 3
MAX_FILE = 1 << 20

def sha256(b): return hashlib.sha256(b).digest()

def b64(s, n=None, what='base64'):
    """Strict, canonical standard base64; optionally of exactly n bytes."""
    try:
        raw = base64.b64decode(s.encode('ascii'), validate=True)
    except ValueError:
        raise Fail(f'{what}: bad base64')
    if base64.b64encode(raw).decode() != s:
        raise Fail(f'{what}: non-canonical base64')
    if n is not None and len(raw) != n:
        raise Fail(f'{what}: want {n} bytes, got {len(raw)}')
    return raw

def u64(s, what):
    """ASCII decimal without leading zeros, < 2^64."""
    if not re.fullmatch(r'0|[1-9][0-9]{0,19}', s) or int(s) >= 1 << 64:
        raise Fail(f'{what}: not a decimal u64 without leading zeros: {s!r}')
    return int(s)

def valid_name(name):
    """Non-empty, no Unicode space, no '+', no control character (DESIGN 2)."""
    return name != '' and '+' not in name and not any(
        c.isspace() or ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0 for c in name)

def key_id(name, typ, pk):
    return sha256(name.encode() + b'\n' + bytes([typ]) + pk)[:4]

def ed25519_ok(pk, msg, sig):
    try:
        nacl.signing.VerifyKey(pk).verify(msg, sig)
        return True
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        return False

def parse_vkey(vk, types):
    """<name>+<hex keyid 8>+<base64(type || pk32)> -> (name, type, pk)."""
    parts = vk.split('+', 2)           # the base64 key may itself contain '+'
    if len(parts) != 3 or not valid_name(parts[0]):
        raise Fail(f'bad verifier key {vk!r}')
    name, hexid, key = parts
    if not re.fullmatch(r'[0-9a-fA-F]{8}', hexid):
        raise Fail(f'verifier key {vk!r}: key id is not 8 hex digits')
    raw = b64(key, 33, 'verifier key')
    if raw[0] not in types:
        raise Fail(f'verifier key {vk!r}: type 0x{raw[0]:02x} not allowed here')
    if key_id(name, raw[0], raw[1:]) != bytes.fromhex(hexid):
        raise Fail(f'verifier key {vk!r}: key id does not match the key')
    return name, raw[0], raw[1:]

class Policy:
    """DESIGN section 5. nodes: {(name, keyid 0x01): pk}; wits: {(name, keyid 0x04): pk}."""

    def __init__(self, text):
        lines = text.split('\n')
        if lines[-1] == '':
            lines.pop()
        if not lines or lines[0] != 'cvdlog-policy/v1':
            raise Fail('policy: first line must be cvdlog-policy/v1')
        self.origin, self.nodes, self.wits, num = None, {}, {}, {}
        for no, line in enumerate(lines[1:], 2):
            if line == '' or line.startswith('#'):
                continue
            try:
                kw, sep, arg = line.partition(' ')
                if not sep or arg == '' or ' ' in arg:
                    raise Fail('want "keyword value"')
                if kw == 'origin':
                    if self.origin is not None or not valid_name(arg):
                        raise Fail('duplicate or invalid origin')
                    self.origin = arg
                elif kw in ('node', 'witness'):      # a witness may be written as 0x04 or 0x01
                    name, _, pk = parse_vkey(arg, (1,) if kw == 'node' else (1, 4))
                    keys = self.nodes if kw == 'node' else self.wits
                    kid = (name, key_id(name, 1 if kw == 'node' else 4, pk))
                    if kid in keys:
                        raise Fail(f'duplicate {kw} key')
                    keys[kid] = pk
                elif kw in ('quorum', 'witnesses'):
                    if kw in num:
                        raise Fail(f'duplicate {kw}')
                    num[kw] = u64(arg, kw)
                else:
                    raise Fail(f'unknown keyword {kw!r}')
            except Fail as e:
                raise Fail(f'policy line {no}: {e}')
        if self.origin is None or not self.nodes:
            raise Fail('policy: needs an origin line and at least one node line')
        self.quorum = num.get('quorum', len(self.nodes) // 2 + 1)   # default: majority
        self.witnesses = num.get('witnesses', 0)
        if not 1 <= self.quorum <= len(self.nodes):
            raise Fail(f'policy: quorum {self.quorum} not in 1..{len(self.nodes)}')
        if self.witnesses > len(self.wits):
            raise Fail(f'policy: witnesses {self.witnesses} > {len(self.wits)} witness keys')

def check_sig_line(line, body, nodes, wits):
    """One signed-note signature line (without its newline) over body (bytes).
    Returns ('node', key, None), ('witness', key, timestamp) or (None, None, None)
    for an unknown key; raises Fail if a known key's signature does not verify."""
    if not line.startswith(EM):
        raise Fail(f'note: bad signature line {line!r}')
    name, sep, sig_s = line[len(EM):].partition(' ')
    if not sep or not valid_name(name):
        raise Fail(f'note: bad signature line {line!r}')
    sig = b64(sig_s, None, 'note signature')
    if len(sig) < 5:
        raise Fail('note: signature too short')
    key = (name, sig[:4])
    if key in nodes:                               # Ed25519 note signature, type 0x01
        if len(sig) != 4 + 64 or not ed25519_ok(nodes[key], body, sig[4:]):
            raise Fail(f'note: signature by node key {name}+{sig[:4].hex()} does not verify')
        return 'node', key, None
    if key in wits:                                # C2SP tlog-cosignature, cosignature/v1
        ts = int.from_bytes(sig[4:12], 'big')
        msg = b'cosignature/v1\ntime %d\n' % ts + body
        if len(sig) != 4 + 8 + 64 or not ed25519_ok(wits[key], msg, sig[12:]):
            raise Fail(f'note: cosignature by witness {name}+{sig[:4].hex()} does not verify')
        return 'witness', key, ts
    return None, None, None

def verify_checkpoint(note, pol):
    """C2SP tlog-checkpoint with exactly three body lines. Returns (size, root, cosig times)."""
    if not note.endswith('\n'):
        raise Fail('checkpoint: does not end with a newline')
    lines = note[:-1].split('\n')
    if len(lines) < 5 or lines[3] != '':
        raise Fail('checkpoint: want 3 body lines, an empty line, then signature lines')
    if len(lines) - 4 > 100:
        raise Fail('checkpoint: too many signature lines')
    origin, size_s, root_s = lines[:3]
    if origin != pol.origin:
        raise Fail(f'checkpoint: origin {origin!r} is not the policy origin {pol.origin!r}')
    size = u64(size_s, 'checkpoint size')
    root = b64(root_s, 32, 'checkpoint root')
    body = (note[:len(origin) + len(size_s) + len(root_s) + 3]).encode()
    good_nodes, good_wits = set(), {}
    for line in lines[4:]:
        kind, key, ts = check_sig_line(line, body, pol.nodes, pol.wits)
        if kind == 'node':
            good_nodes.add(key)
        elif kind == 'witness':
            good_wits[key] = ts
    if len(good_nodes) < pol.quorum:
        raise Fail(f'checkpoint: {len(good_nodes)} node signatures, quorum is {pol.quorum}')
    if len(good_wits) < pol.witnesses:
        raise Fail(f'checkpoint: {len(good_wits)} witness cosignatures, need {pol.witnesses}')
    return size, root, sorted(good_wits.values())

def inclusion_ok(leaf, index, size, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = sha256(b'\x01' + p + r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = sha256(b'\x01' + r + p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root

def verify(receipt, pol):
    """receipt: bytes of a tlog-proof@v1 file. Returns (index, time_ms, author pk)."""
    if len(receipt) > MAX_FILE:
        raise Fail('receipt: too large')
    lines = receipt.decode('utf-8').split('\n')      # UnicodeDecodeError: see run_files
    if lines[0] != 'c2sp.org/tlog-proof@v1':
        raise Fail('receipt: first line is not c2sp.org/tlog-proof@v1')
    if len(lines) < 4 or not lines[1].startswith('extra ') or not lines[2].startswith('index '):
        raise Fail('receipt: want "extra <base64>" then "index <n>" lines')
    entry = b64(lines[1][6:], None, 'extra')
    index = u64(lines[2][6:], 'index')
    i, proof = 3, []
    while i < len(lines) and lines[i] != '':
        if len(proof) == 64:
            raise Fail('receipt: too many proof lines')
        proof.append(b64(lines[i], 32, f'receipt line {i + 1} (proof hash)'))
        i += 1
    if i >= len(lines):
        raise Fail('receipt: no empty line before the checkpoint')
    size, root, _ = verify_checkpoint('\n'.join(lines[i + 1:]), pol)

    # Entry (DESIGN 3): fixed header, then exactly n event bytes.
    if len(entry) < ENTRY_HDR.size:
        raise Fail('entry: too short')
    ver, eidx, t_ms, prev, author, sig, n = ENTRY_HDR.unpack_from(entry)
    if ver != 1:
        raise Fail(f'entry: version {ver}, want 1')
    if n > MAX_EVENT or len(entry) != ENTRY_HDR.size + n:
        raise Fail(f'entry: event length {n} does not match the {len(entry)}-byte entry')
    if eidx != index:
        raise Fail(f'entry: index field {eidx} != index line {index}')
    event = entry[ENTRY_HDR.size:]
    msg = b'cvdlog/event/v1\n' + pol.origin.encode() + b'\n' + event
    if not ed25519_ok(author, msg, sig):
        raise Fail('entry: event signature does not verify')
    if index == 0 and prev != bytes(32):
        raise Fail('entry: entry 0 must have an all-zero prev')
    if index % 2 == 1 and proof and proof[0] != prev:
        raise Fail('entry: prev is not the leaf hash of entry index-1 (first proof hash)')
    if not inclusion_ok(sha256(b'\x00' + entry), index, size, proof, root):
        raise Fail(f'inclusion proof for index {index} does not reach the root of size {size}')
    return index, t_ms, author

def run_files(receipt_path, policy_path):
    try:
        with open(policy_path, 'rb') as f:
            text = f.read(MAX_FILE + 1)
        if len(text) > MAX_FILE:
            raise Fail('policy: too large')
        pol = Policy(text.decode('utf-8'))
        with open(receipt_path, 'rb') as f:
            return verify(f.read(MAX_FILE + 1), pol)
    except (OSError, UnicodeDecodeError) as e:
        raise Fail(f'cannot read input (or not UTF-8): {e}')

def selftest():
    """Known-answer tests from tests/vectors/ (copied byte for byte from the shared vectors)."""
    vdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'vectors')
    cv, nv, mv = (json.load(open(os.path.join(vdir, f), encoding='utf-8'))
                  for f in ('cvdlog.json', 'note.json', 'merkle.json'))
    tmpdir, count = tempfile.TemporaryDirectory(), [0]      # removed at exit
    tmp = tmpdir.name

    def ok(name, cond):
        if not cond:
            raise Fail(f'selftest failed: {name}')
        count[0] += 1
        print('pass:', name)

    def run(receipt, policy):       # through real files, like the CLI; the Fail text if rejected
        for fn, data in (('r', receipt), ('p', policy)):
            with open(os.path.join(tmp, fn), 'wb') as f:
                f.write(data.encode() if isinstance(data, str) else data)
        try:
            return run_files(os.path.join(tmp, 'r'), os.path.join(tmp, 'p'))
        except Fail as e:
            return str(e)

    def rejects(name, receipt, policy, why=''):
        r = run(receipt, policy)
        ok(f'{name} rejected: {r}', isinstance(r, str) and why in r)

    H = bytes.fromhex
    # Merkle tree (merkle.json).
    lh, roots = [[H(h) for h in mv[k]] for k in ('leaf_hashes_hex', 'roots_hex')]
    ok('merkle leaf hashes', all(sha256(b'\0' + H(l)) == h for l, h in zip(mv['leaves_hex'], lh)))
    inc = [(v['index'], v['size'], [H(p) for p in v['proof_hex']]) for v in mv['inclusion']]
    ok(f'merkle inclusion, all {len(inc)} (index, size) pairs',
       all(inclusion_ok(lh[i], i, n, pr, roots[n]) for i, n, pr in inc))
    ok('merkle inclusion rejects a wrong index',
       not any(inclusion_ok(lh[i], i ^ 1, n, pr, roots[n]) for i, n, pr in inc if n > 1))
    lg = mv['large']
    ok(f'merkle inclusion, {lg["size"]}-leaf tree', all(inclusion_ok(
        sha256(b'\0' + v['index'].to_bytes(8, 'big')), v['index'], v['size'],
        [H(p) for p in v['proof_hex']], H(lg['root_hex'])) for v in lg['inclusion'] if v['size'] == lg['size']))

    # Signed note and cosignature (note.json).
    name, _, pk = parse_vkey(nv['vkey'], (1,))
    body, sigs = nv['signed'].split('\n\n')
    ok('note.json signed note verifies', check_sig_line(
        sigs.rstrip('\n'), (body + '\n').encode(), {(name, key_id(name, 1, pk)): pk}, {})[0] == 'node')
    co = nv['cosignature']
    for vk in ('witness_vkey_cosigner', 'witness_vkey'):
        name, _, pk = parse_vkey(co[vk], (1, 4))
        wits = {(name, key_id(name, 4, pk)): pk}
        kind, _, ts = check_sig_line(co['line'].rstrip('\n'), co['body'].encode(), {}, wits)
        ok(f'cosignature line verifies with {vk}, time {ts}', kind == 'witness' and ts == co['time'])
        try:
            check_sig_line(co['line'].rstrip('\n'), co['body'].replace('8', '9').encode(), {}, wits)
            ok(f'cosignature over another body rejected ({vk})', False)
        except Fail as e:
            ok(f'cosignature over another body rejected ({vk}): {e}', True)

    # Entries and receipts (cvdlog.json).
    rc, pol, ckpt = cv['receipt_index_3'], cv['policy'], cv['checkpoint']
    one = cv['checkpoint_one_node_fails_quorum_2']
    entries = [H(e) for e in cv['entries_hex']]
    prevs = [bytes(32)] + [sha256(b'\0' + e) for e in entries[:-1]]
    ok('entry leaf hashes and prev chain', all(sha256(b'\0' + e).hex() == h and e[17:49] == p
                                               for e, h, p in zip(entries, cv['leaf_hashes_hex'], prevs)))
    r = run(rc, pol)
    ok(f'receipt_index_3 accepted: index={r[0]} time_ms={r[1]}', isinstance(r, tuple) and r[0] == 3)
    lines = rc.split('\n')
    ok('receipt extra is entries_hex[3]', b64(lines[1][6:]) == entries[3])
    bad = 0
    for pos in range(len(entries[3])):
        e = bytearray(entries[3])
        e[pos] ^= 0x01
        lines[1] = 'extra ' + base64.b64encode(bytes(e)).decode()
        bad += isinstance(run('\n'.join(lines), pol), str)
    ok(f'every one-byte change of extra rejected ({bad}/{len(entries[3])})', bad == len(entries[3]))
    nq = pol.replace('quorum 2\n', '')
    rejects('checkpoint_one_node_fails_quorum_2', rc.replace(ckpt, one), pol, 'quorum is 2')
    rejects('one node signature, default quorum (majority of 2)', rc.replace(ckpt, one), nq, 'quorum is 2')
    ok('one node signature accepted under quorum 1', isinstance(run(rc.replace(ckpt, one), nq + 'quorum 1\n'), tuple))
    for idx in ('2', '4', '03', '-3', '3 '):
        rejects(f'index line {idx!r}', rc.replace('\nindex 3\n', f'\nindex {idx}\n'), pol)
    rejects('policy with another origin', rc, pol.replace('origin psirt.', 'origin other.'), 'origin')
    rejects('receipt missing a proof line', rc.replace(rc.split('\n')[5] + '\n', '', 1), pol, 'inclusion')
    rejects('bad node signature (quorum 1)', rc.replace('vS4H3VHCG', 'vS4H3VHCH'), nq + 'quorum 1\n', 'does not verify')
    rejects('policy with an unknown keyword', rc, pol + 'frobnicate 1\n', 'unknown keyword')
    rejects('policy with a wrong node key id', rc, pol.replace('+bd2e07dd+', '+bd2e07de+'), 'key id')

    # Witnesses end to end: cosign the cvdlog checkpoint with note.json's test witness key.
    sk = nacl.signing.SigningKey(b64(co['witness_skey'].split('+', 4)[4])[1:])
    ts, cbody = 1700000000, ckpt.split('\n\n')[0].encode() + b'\n'
    csig = sk.sign(b'cosignature/v1\ntime %d\n' % ts + cbody).signature

    def wline(t):
        return EM + 'witness.example ' + base64.b64encode(H('7e81f231') + t.to_bytes(8, 'big') + csig).decode() + '\n'
    wpol = pol + f'witness {co["witness_vkey_cosigner"]}\nwitnesses 1\n'
    rejects('witnesses 1 without a cosignature', rc, wpol, 'witness cosignatures')
    ok('witnesses 1 with a cosignature accepted (0x04 vkey)', isinstance(run(rc + wline(ts), wpol), tuple))
    ok('witnesses 1 with a cosignature accepted (0x01 vkey)', isinstance(
        run(rc + wline(ts), wpol.replace(co['witness_vkey_cosigner'], co['witness_vkey'])), tuple))
    rejects('cosignature with a changed timestamp (witnesses 0)', rc + wline(ts + 1),
            pol + f'witness {co["witness_vkey"]}\n', 'does not verify')
    print(f'selftest: all {count[0]} checks passed')
    return 0

def main(argv):
    try:
        if argv[1:] == ['--selftest']:
            return selftest()
        if len(argv) != 3:
            raise Fail('usage: indep_verify.py RECEIPT_FILE POLICY_FILE | --selftest')
        index, t_ms, author = run_files(argv[1], argv[2])
    except Fail as e:
        print(f'FAIL: {e}', file=sys.stderr)
        return 1
    print(f'ok index={index} time_ms={t_ms} author={base64.b64encode(author).decode()}')
    return 0

if __name__ == '__main__':
    sys.exit(main(sys.argv))
