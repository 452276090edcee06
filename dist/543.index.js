export const id = 543;
export const ids = [543];
export const modules = {

/***/ 703:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GE: () => (/* binding */ expandGlobs),
/* harmony export */   tL: () => (/* binding */ globToRegExp)
/* harmony export */ });
/* unused harmony exports MAX_SCANNED, parseSubjectPaths, expandBraces, patternRe */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * `subject-path` as actions/attest-build-provenance reads it (actions/attest `subject.ts`: the
 * input is a CSV list — lines, and commas outside quotes — handed to `@actions/glob` with its
 * default options, then only files are kept; "Could not find subject at path …" when none).
 * `@actions/glob` semantics: minimatch with `dot`, no extglob, no comments inside a pattern;
 * `*`, `?`, `[…]` within a segment, `**` as a whole segment across directories; a line
 * starting with `#` is a comment; `!` excludes what earlier lines matched (later lines may
 * add it back); a pattern that matches a directory takes everything under it (implicit
 * descendants); symbolic links are followed. One extension: `{a,b}` braces are expanded
 * (`@actions/glob` sets `nobrace`, and attest would split `{whl,tar.gz}` at its comma; here a
 * comma inside braces does not split), so every list attest accepts means the same here, and
 * `dist/*.{whl,tar.gz}` matches what it says. Patterns stay inside the workspace. Bounded: at
 * most MAX_SCANNED entries are looked at.
 */


const MAX_SCANNED = 50_000;
/**
 * A glob as a RegExp for paths relative to a root (used for `.gitattributes` patterns): `*`
 * and `?` within a segment, `**` across segments, `[abc]` classes.
 */
function globToRegExp(glob) {
    let re = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*') {
            if (glob[i + 1] === '*') {
                const slash = glob[i + 2] === '/';
                re += slash ? '(?:.*/)?' : '.*';
                i += slash ? 2 : 1;
            }
            else
                re += '[^/]*';
        }
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const j = glob.indexOf(']', i + 1);
            if (j < 0)
                re += '\\[';
            else {
                re += `[${glob.slice(i + 1, j).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
                i = j;
            }
        }
        else
            re += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return new RegExp(`^${re}$`);
}
/** The items of a `subject-path` input: lines, then commas outside quotes and braces; trimmed, unquoted, empty ones dropped. */
function parseSubjectPaths(lines) {
    const out = [];
    for (const line of lines) {
        let cur = '';
        let quoted = false;
        let depth = 0;
        for (const c of line) {
            if (c === '"')
                quoted = !quoted;
            else if (!quoted && c === '{')
                depth++;
            else if (!quoted && c === '}' && depth > 0)
                depth--;
            if (c === ',' && !quoted && depth === 0) {
                out.push(cur);
                cur = '';
            }
            else
                cur += c;
        }
        out.push(cur);
    }
    return out.map((x) => x.trim().replace(/^"(.*)"$/, '$1').trim()).filter((x) => x !== '');
}
/** Brace expansion of one pattern: `a.{b,c}` -> `a.b`, `a.c` (nested; a brace without a comma stays literal). */
function expandBraces(p, limit = 1000) {
    let depth = 0;
    let open = -1;
    for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c === '\\') {
            i++;
            continue;
        }
        if (c === '{') {
            if (depth++ === 0)
                open = i;
        }
        else if (c === '}' && depth > 0 && --depth === 0) {
            const body = p.slice(open + 1, i);
            const parts = [];
            let d = 0;
            let cur = '';
            for (let j = 0; j < body.length; j++) {
                const b = body[j];
                if (b === '\\') {
                    cur += b + (body[j + 1] ?? '');
                    j++;
                    continue;
                }
                if (b === '{')
                    d++;
                if (b === '}')
                    d--;
                if (b === ',' && d === 0) {
                    parts.push(cur);
                    cur = '';
                }
                else
                    cur += b;
            }
            parts.push(cur);
            if (parts.length < 2)
                continue; // `{x}` is literal, as in minimatch
            const out = [];
            for (const part of parts) {
                for (const x of expandBraces(p.slice(0, open) + part + p.slice(i + 1), limit)) {
                    out.push(x);
                    if (out.length > limit)
                        throw new Error(`subject-path '${p}' expands to more than ${limit} patterns`);
                }
            }
            return [...new Set(out)];
        }
    }
    return [p];
}
/** One path segment of a glob as a RegExp source (minimatch, `dot: true`, `noext`). */
function segmentRe(seg) {
    let re = '';
    for (let i = 0; i < seg.length; i++) {
        const c = seg[i];
        if (c === '\\' && i + 1 < seg.length) {
            re += seg[++i].replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        }
        else if (c === '*') {
            while (seg[i + 1] === '*')
                i++;
            re += '[^/]*';
        }
        else if (c === '?')
            re += '[^/]';
        else if (c === '[') {
            const j = seg.indexOf(']', i + 2);
            if (j < 0)
                re += '\\[';
            else {
                let body = seg.slice(i + 1, j);
                if (body.startsWith('!'))
                    body = `^${body.slice(1)}`;
                re += `[${body.replace(/\\/g, '\\\\').replace(/\[/g, '\\[')}]`;
                i = j;
            }
        }
        else
            re += c.replace(/[.+^${}()|\\/-]/g, '\\$&');
    }
    return re;
}
/** A glob (already brace-expanded, relative, `/`-separated) as a RegExp over relative paths. */
function patternRe(glob) {
    const segs = glob.split('/').filter((s, i, a) => s !== '' || i === a.length - 1);
    let re = '';
    segs.forEach((s, i) => {
        const last = i === segs.length - 1;
        if (s === '**')
            re += last ? '.*' : '(?:[^/]+/)*';
        else
            re += segmentRe(s) + (last ? '' : '/');
    });
    return new RegExp(`^${re}$`);
}
function compile(raw) {
    let p = raw.trim();
    let negate = false;
    while (p.startsWith('!')) {
        negate = !negate;
        p = p.slice(1).trim();
    }
    p = p.replace(/^(\.\/)+/, '');
    if (p === '' || p === '.')
        p = '**';
    if (p.startsWith('/') || p.startsWith('~') || p.split('/').includes('..'))
        throw new Error(`subject-path '${raw.trim()}' leaves the workspace; write it relative to the workspace`);
    const dirOnly = p.endsWith('/');
    return expandBraces(p.replace(/\/+$/, '')).map((x) => {
        const self = patternRe(x);
        return { negate, self, under: new RegExp(`${self.source.slice(0, -1)}/.+$`), dirOnly };
    });
}
/**
 * Files under `root` that the patterns select, `/`-separated and sorted, read as
 * actions/attest does (see the module comment). `#` lines are comments.
 */
async function expandGlobs(root, patterns) {
    const items = parseSubjectPaths(patterns).filter((p) => !p.startsWith('#'));
    const compiled = items.flatMap(compile);
    const selected = (rel, isDir) => {
        let inc = false;
        for (const c of compiled) {
            const hit = ((!c.dirOnly || isDir) && c.self.test(rel)) || c.under.test(rel);
            if (hit)
                inc = !c.negate;
        }
        return inc;
    };
    const out = [];
    let scanned = 0;
    let truncated = false;
    const seen = new Set();
    const walk = async (abs, rel) => {
        let real;
        try {
            real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(abs);
        }
        catch {
            return;
        }
        if (seen.has(real))
            return; // a symbolic link back up the tree
        seen.add(real);
        let entries;
        try {
            entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(abs, { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            if (++scanned > MAX_SCANNED) {
                truncated = true;
                return;
            }
            const childAbs = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(abs, e.name);
            const childRel = rel ? `${rel}/${e.name}` : e.name;
            let isDir = e.isDirectory();
            let isFile = e.isFile();
            if (e.isSymbolicLink()) {
                // followed, as @actions/glob does; a broken link is left out
                const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(childAbs).catch(() => undefined);
                isDir = !!st?.isDirectory();
                isFile = !!st?.isFile();
            }
            if (isDir) {
                if (e.name === '.git')
                    continue;
                await walk(childAbs, childRel);
            }
            else if (isFile && selected(childRel, false))
                out.push(childRel);
        }
        seen.delete(real);
    };
    await walk(root, '');
    return { files: out.sort(), truncated };
}


/***/ }),

/***/ 3543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAttest: () => (/* binding */ runAttest)
});

// UNUSED EXPORTS: ARTIFACT_MAX_BYTES, SLSA_PROVENANCE_V1, downloadArtifact

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/attest/glob.ts
var glob = __webpack_require__(703);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(1260);
;// CONCATENATED MODULE: ./src/attest/gh.ts
/**
 * Running `gh`: its version, and `gh attestation verify` with the flags that make the
 * verification mean something. gh before 2.67.0 exited 0 when no attestation matched the
 * predicate type (cli/cli#10418, GO-2025-3467), so older versions are refused.
 */

const MIN_GH = '2.67.0';
/** The exit code the watchdog reports when it stopped the command (timeout, output over the cap). */
const STOPPED = 124;
/**
 * The watchdog @actions/exec runs (`node -e`), which runs the command: @actions/exec has no
 * time limit and does not hand out the child process, so the bound lives one process down,
 * where the child can be reached. It passes stdout and stderr through, ends the command
 * (SIGTERM, then SIGKILL) when it runs past the time limit or writes more than the output cap,
 * and says so on its last stderr line; a command not on PATH is exit 127 with `missing`.
 */
const WATCHDOG = [
    "const { spawn } = require('child_process')",
    'const [ms, max, cmd, ...args] = process.argv.slice(1)',
    "let out = 0, why = '', failed = false",
    "const say = (m) => process.stderr.write('\\nrelease-gate-exec: ' + m + '\\n')",
    "const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })",
    "const stop = (w) => { if (why) return; why = w; c.kill('SIGTERM'); setTimeout(() => c.kill('SIGKILL'), 2000).unref() }",
    "const pass = (from, to) => from.on('data', (d) => { out += d.length; if (out > Number(max)) return stop('its output passed ' + max + ' bytes'); to.write(d) })",
    'pass(c.stdout, process.stdout)',
    'pass(c.stderr, process.stderr)',
    "const t = setTimeout(() => stop('it did not finish within ' + ms + ' ms'), Number(ms))",
    "c.on('error', (e) => { failed = true; clearTimeout(t); say(e.code === 'ENOENT' ? 'missing' : 'could not start: ' + e.message); process.exitCode = e.code === 'ENOENT' ? 127 : 126 })",
    "c.on('exit', (code) => { clearTimeout(t); if (why) { say('stopped: ' + why); process.exit(" + STOPPED + ') } })',
    "c.on('close', (code) => { if (!why && !failed) process.exitCode = code === null ? 1 : code })",
].join('\n');
/**
 * Run `cmd` through @actions/exec (`getExecOutput`, silent, any exit code), bounded in time
 * and output by the watchdog above; a missing binary is `code: 'missing'`, a stopped one exits
 * STOPPED with an `Error:` line saying why.
 */
function execWith(limits) {
    return async (cmd, args, env) => {
        const clean = {};
        for (const [k, v] of Object.entries(env))
            if (v !== undefined)
                clean[k] = v;
        const r = await (0,exec/* getExecOutput */.H)(process.execPath, ['-e', WATCHDOG, String(limits.timeoutMs), String(limits.maxOutput), cmd, ...args], {
            env: clean,
            silent: true,
            ignoreReturnCode: true,
        });
        const lines = r.stderr.split('\n');
        const last = lines.map((l) => /^release-gate-exec: (.*)$/.exec(l)?.[1]).filter(Boolean).pop();
        const stderr = lines.filter((l) => !l.startsWith('release-gate-exec: ')).join('\n').replace(/\n+$/, '\n');
        if (r.exitCode === 127 && last === 'missing')
            return { code: 'missing', stdout: '', stderr: '' };
        if (r.exitCode === STOPPED && last?.startsWith('stopped: '))
            return { code: STOPPED, stdout: r.stdout, stderr: `${stderr}Error: ${cmd} was stopped: ${last.slice('stopped: '.length)}\n` };
        if (r.exitCode === 126 && last)
            return { code: 126, stdout: r.stdout, stderr: `${stderr}Error: ${last}\n` };
        return { code: r.exitCode, stdout: r.stdout, stderr };
    };
}
/** `gh`, bounded: two minutes, 64 MiB of output. */
const gh_exec = execWith({ timeoutMs: 120_000, maxOutput: 64 * 1024 * 1024 });
function parseGhVersion(out) {
    return /gh version (\d+\.\d+\.\d+)/.exec(out)?.[1];
}
function versionAtLeast(v, min) {
    const a = v.split('.').map(Number);
    const b = min.split('.').map(Number);
    for (let i = 0; i < 3; i++)
        if (a[i] !== b[i])
            return a[i] > b[i];
    return true;
}
/** The line of gh's stderr that says what went wrong. */
function ghError(stderr) {
    const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    const err = lines.find((l) => /^Error:/.test(l));
    const cross = lines.filter((l) => l.startsWith('✗'));
    return [cross[cross.length - 1], err].filter(Boolean).join(' — ') || lines[lines.length - 1] || 'no output';
}
function verifyArgs(a) {
    return [
        'attestation',
        'verify',
        a.file,
        '--repo',
        a.repo,
        '--signer-workflow',
        a.signerWorkflow,
        ...(a.sourceRef ? ['--source-ref', a.sourceRef] : []),
        ...(a.sourceDigest ? ['--source-digest', a.sourceDigest] : []),
        '--deny-self-hosted-runners',
        '--predicate-type',
        a.predicateType,
        ...(a.bundle ? ['--bundle', a.bundle] : []),
        ...(a.customTrustedRoot ? ['--custom-trusted-root', a.customTrustedRoot] : []),
        ...(a.hostname ? ['--hostname', a.hostname] : []),
        '--format',
        'json',
    ];
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/attest/zip.ts
/**
 * Unpacking the ZIP archives GitHub serves artifacts as, from a file on disk without loading it
 * whole: the end record and central directory are read from the tail, then each entry streams
 * from its offset through inflate to its destination file. Stored and deflated entries, ZIP64
 * sizes and offsets. Bounded against bombs and escapes: entry count, total unpacked size,
 * per-entry ratio, the size each entry claims, and paths that would leave the destination.
 */






const ZIP_LIMITS = { entries: 10_000, totalBytes: 4 * 1024 * 1024 * 1024, ratio: 200 };
async function readAt(fh, pos, len) {
    const b = Buffer.alloc(len);
    const { bytesRead } = await fh.read(b, 0, len, pos);
    if (bytesRead !== len)
        throw new Error('truncated ZIP archive');
    return b;
}
/** The central directory of the archive in `file`. */
async function listZip(file, limits = ZIP_LIMITS) {
    const fh = await (0,promises_.open)(file, 'r');
    try {
        const size = (await fh.stat()).size;
        const tailLen = Math.min(size, 22 + 65_535);
        const tail = await readAt(fh, size - tailLen, tailLen);
        let eocd = -1;
        for (let i = tail.length - 22; i >= 0; i--) {
            if (tail.readUInt32LE(i) === 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0)
            throw new Error('not a ZIP archive (no end of central directory)');
        let count = tail.readUInt16LE(eocd + 10);
        let cdSize = tail.readUInt32LE(eocd + 12);
        let cdOffset = tail.readUInt32LE(eocd + 16);
        if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
            // ZIP64: the locator sits just before the end record
            const locAt = size - tailLen + eocd - 20;
            const loc = locAt >= 0 ? await readAt(fh, locAt, 20) : undefined;
            if (!loc || loc.readUInt32LE(0) !== 0x07064b50)
                throw new Error('corrupt ZIP64 archive (no locator)');
            const rec = await readAt(fh, Number(loc.readBigUInt64LE(8)), 56);
            if (rec.readUInt32LE(0) !== 0x06064b50)
                throw new Error('corrupt ZIP64 end of central directory');
            count = Number(rec.readBigUInt64LE(32));
            cdSize = Number(rec.readBigUInt64LE(40));
            cdOffset = Number(rec.readBigUInt64LE(48));
        }
        if (count > limits.entries)
            throw new Error(`the archive has ${count} entries, more than ${limits.entries}`);
        if (cdOffset + cdSize > size || cdSize > count * (46 + 3 * 65_535))
            throw new Error('corrupt ZIP central directory');
        const cd = await readAt(fh, cdOffset, cdSize);
        const out = [];
        let p = 0;
        for (let n = 0; n < count; n++) {
            if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50)
                throw new Error('corrupt ZIP central directory');
            const method = cd.readUInt16LE(p + 10);
            let csize = cd.readUInt32LE(p + 20);
            let usize = cd.readUInt32LE(p + 24);
            const nlen = cd.readUInt16LE(p + 28);
            const xlen = cd.readUInt16LE(p + 30);
            const clen = cd.readUInt16LE(p + 32);
            let local = cd.readUInt32LE(p + 42);
            const name = cd.toString('utf8', p + 46, p + 46 + nlen);
            // ZIP64 extended information: the 8-byte values of the fields that are 0xFFFFFFFF, in order
            let x = p + 46 + nlen;
            const xend = x + xlen;
            while (x + 4 <= xend) {
                const id = cd.readUInt16LE(x);
                const len = cd.readUInt16LE(x + 2);
                if (id === 0x0001) {
                    let q = x + 4;
                    const take = () => {
                        if (q + 8 > x + 4 + len)
                            throw new Error(`corrupt ZIP64 field in entry '${name}'`);
                        const v = Number(cd.readBigUInt64LE(q));
                        q += 8;
                        return v;
                    };
                    if (usize === 0xffffffff)
                        usize = take();
                    if (csize === 0xffffffff)
                        csize = take();
                    if (local === 0xffffffff)
                        local = take();
                }
                x += 4 + len;
            }
            p = xend + clen;
            out.push({ name, method, csize, usize, local });
        }
        return out;
    }
    finally {
        await fh.close();
    }
}
/** Counts bytes through a stream and stops at a limit. */
function counter(limit, what) {
    let n = 0;
    const t = new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            n += chunk.length;
            if (n > limit)
                cb(new Error(what));
            else
                cb(null, chunk);
        },
    });
    t.seen = () => n;
    return t;
}
/**
 * Unpack every file entry of the archive `file` under `dest`; returns the entry names written.
 * Refuses, before writing anything, entries that would leave `dest` and archives whose claimed
 * sizes pass the limits; while writing, entries that inflate past the size they claim.
 */
async function extractZip(file, dest, limits = ZIP_LIMITS) {
    const entries = (await listZip(file, limits)).filter((e) => !e.name.endsWith('/'));
    const root = (0,external_node_path_.resolve)(dest);
    let total = 0;
    for (const e of entries) {
        const name = e.name;
        if (name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '..' || s === '') || /^[A-Za-z]:/.test(name))
            throw new Error(`the archive entry '${name}' would leave the destination`);
        if (!(0,external_node_path_.resolve)(root, name).startsWith(root + external_node_path_.sep))
            throw new Error(`the archive entry '${name}' would leave the destination`);
        if (e.method !== 0 && e.method !== 8)
            throw new Error(`the archive entry '${name}' uses compression method ${e.method}`);
        total += e.usize;
        if (total > limits.totalBytes)
            throw new Error(`the archive unpacks to more than ${limits.totalBytes} bytes (entry '${name}')`);
        if (e.csize > 0 && e.usize / e.csize > limits.ratio)
            throw new Error(`the archive entry '${name}' expands more than ${limits.ratio} times`);
    }
    const fh = await (0,promises_.open)(file, 'r');
    const written = [];
    try {
        for (const e of entries) {
            const head = await readAt(fh, e.local, 30);
            if (head.readUInt32LE(0) !== 0x04034b50)
                throw new Error(`corrupt ZIP local header for '${e.name}'`);
            const start = e.local + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
            const out = (0,external_node_path_.resolve)(root, e.name);
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(out), { recursive: true });
            const count = counter(e.usize, `the archive entry '${e.name}' is larger than it claims`);
            const src = e.csize > 0 ? fh.createReadStream({ autoClose: false, start, end: start + e.csize - 1 }) : undefined;
            const sink = (0,external_node_fs_.createWriteStream)(out);
            if (!src)
                await (0,external_node_stream_promises_.pipeline)(async function* () { }, count, sink);
            else if (e.method === 0)
                await (0,external_node_stream_promises_.pipeline)(src, count, sink);
            else
                await (0,external_node_stream_promises_.pipeline)(src, (0,external_node_zlib_.createInflateRaw)(), count, sink);
            if (count.seen() !== e.usize)
                throw new Error(`the archive entry '${e.name}' is not the size it claims`);
            written.push(e.name);
        }
    }
    finally {
        await fh.close();
    }
    return written;
}

;// CONCATENATED MODULE: ./src/attest/index.ts
/**
 * Verifying what is about to be published: each file matching `subject-path` (optionally
 * downloaded from an artifact of this run first) must carry an attestation signed by this
 * repository's release workflow, for this ref and commit, built on a GitHub-hosted runner, and
 * the attested digest must be the file's own.
 */









/** Default limit of an artifact download: 2 GiB. */
const ARTIFACT_MAX_BYTES = 2 * 1024 * 1024 * 1024;
async function sha256(file) {
    const h = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        h.update(chunk);
    return h.digest('hex');
}
/**
 * Download an artifact of this run through the REST API and unpack it under `dest`. The list
 * is read page by page; the ZIP streams to a temporary file (never into memory) with its own
 * size limit, and is unpacked from there.
 */
async function downloadArtifact(api, repository, runId, name, dest, maxBytes = ARTIFACT_MAX_BYTES, tmp = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()) {
    const list = await api.getPaged(`/repos/${repository}/actions/runs/${runId}/artifacts?name=${encodeURIComponent(name)}&per_page=100`, { key: 'artifacts' });
    const found = (list?.items ?? []).filter((a) => a.name === name && !a.expired).sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')) || b.id - a.id);
    const art = found[0];
    if (!art)
        throw new Error(`this run has no artifact named '${name}'${list && !list.complete ? ` among the first ${list.items.length} artifacts listed` : ''}`);
    if (typeof art.size_in_bytes === 'number' && art.size_in_bytes > maxBytes)
        throw new Error(`artifact '${name}' is ${art.size_in_bytes} bytes, over the ${maxBytes}-byte limit (raise artifact-max-size)`);
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(tmp, 'release-gate-artifact-'));
    try {
        const zip = (0,external_node_path_.join)(dir, 'artifact.zip');
        await api.download(`/repos/${repository}/actions/artifacts/${art.id}/zip`, zip, maxBytes);
        return await extractZip(zip, dest, { ...ZIP_LIMITS, totalBytes: Math.max(ZIP_LIMITS.totalBytes, 2 * maxBytes) });
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/** Does `target` (or, when it does not exist yet, its nearest existing parent) resolve inside the workspace? */
async function insideWorkspace(workspace, target) {
    const root = await (0,promises_.realpath)(workspace).catch(() => workspace);
    let p = target;
    for (;;) {
        const real = await (0,promises_.realpath)(p).catch(() => undefined);
        if (real !== undefined)
            return real === root || real.startsWith(root.endsWith(external_node_path_.sep) ? root : root + external_node_path_.sep);
        const up = (0,external_node_path_.dirname)(p);
        if (up === p)
            return false;
        p = up;
    }
}
async function runAttest(s, ctx, deps = {}) {
    const exec = deps.exec ?? gh_exec;
    const r = { mode: s.mode, patterns: s.subjectPath, files: [], noMatch: false, failures: [] };
    if (s.mode === 'off')
        return r;
    const fail = (check, reason, fix) => r.failures.push({ check, reason, fix });
    if (s.artifactName) {
        if (!deps.api || !ctx.runId) {
            fail(`download artifact '${s.artifactName}'`, deps.api ? 'GITHUB_RUN_ID is not set' : 'offline: the artifact cannot be downloaded', 'Run inside the workflow that uploaded the artifact, with `offline: false`.');
            return r;
        }
        try {
            const target = (0,external_node_path_.join)(ctx.workspace, s.artifactPath);
            if (!(await insideWorkspace(ctx.workspace, target)))
                throw new Error(`'${s.artifactPath}' leads outside the workspace through a symbolic link; the gate writes only inside it`);
            await downloadArtifact(deps.api, ctx.repository, ctx.runId, s.artifactName, target, s.artifactMaxBytes ?? ARTIFACT_MAX_BYTES);
        }
        catch (e) {
            fail(`download artifact '${s.artifactName}'`, e instanceof Error ? e.message : String(e), 'Upload the artifact in a job this one `needs:`, and give this job `actions: read`.');
            return r;
        }
    }
    const env = { ...process.env, ...(ctx.token ? { GH_TOKEN: ctx.token } : {}), GH_PROMPT_DISABLED: '1', NO_COLOR: '1' };
    const v = await exec('gh', ['--version'], env);
    if (v.code === 'missing') {
        fail('verify attestations', 'the GitHub CLI (gh) is not installed on this runner', `Use a GitHub-hosted runner (they ship gh), or install gh ${MIN_GH} or later before release-gate.`);
        return r;
    }
    if (v.code !== 0) {
        fail('verify attestations', `gh --version exited ${v.code}: ${ghError(v.stderr)}`, `Install gh ${MIN_GH} or later before release-gate, and check that it runs (gh --version).`);
        return r;
    }
    const version = parseGhVersion(v.stdout);
    r.ghVersion = version;
    if (!version || !versionAtLeast(version, MIN_GH)) {
        fail('verify attestations', `gh ${version ?? '(unknown version)'} is older than ${MIN_GH}; earlier versions exit 0 when no attestation matches (GO-2025-3467)`, `Install gh ${MIN_GH} or later before release-gate (GitHub-hosted runners ship a recent one).`);
        return r;
    }
    const patterns = s.artifactName && s.subjectPath.length === 0 ? [`${s.artifactPath.replace(/\/+$/, '')}/**`] : s.subjectPath;
    r.patterns = patterns;
    let files;
    try {
        const g = await (0,glob/* expandGlobs */.GE)(ctx.workspace, patterns);
        files = g.files;
        if (g.truncated)
            fail('match subject-path', `more than the workspace entries release-gate scans; the match may be incomplete`, 'Narrow `subject-path` to the folder the artifacts are in.');
    }
    catch (e) {
        fail('match subject-path', e instanceof Error ? e.message : String(e), 'Write `subject-path` relative to the workspace.');
        return r;
    }
    if (files.length === 0) {
        r.noMatch = true;
        return r;
    }
    for (const file of files) {
        const abs = (0,external_node_path_.join)(ctx.workspace, file);
        const digest = await sha256(abs);
        const res = { file, sha256: digest, verdict: 'failed' };
        r.files.push(res);
        const out = await exec('gh', verifyArgs({
            file: abs,
            repo: ctx.repository,
            signerWorkflow: s.signerWorkflow ?? ctx.workflow,
            ...(ctx.ref ? { sourceRef: ctx.ref } : {}),
            ...(ctx.sha ? { sourceDigest: ctx.sha } : {}),
            predicateType: s.predicateType,
            ...(s.bundle ? { bundle: s.bundle } : {}),
            ...(s.customTrustedRoot ? { customTrustedRoot: s.customTrustedRoot } : {}),
            ...(ctx.hostname ? { hostname: ctx.hostname } : {}),
        }), env);
        if (out.code !== 0) {
            res.reason = out.code === 'missing' ? 'gh disappeared' : `gh exited ${out.code}: ${ghError(out.stderr)}`;
            continue;
        }
        let parsed;
        try {
            parsed = JSON.parse(out.stdout);
            if (!Array.isArray(parsed))
                throw new Error('not an array');
        }
        catch {
            res.reason = 'gh printed no JSON verification result';
            continue;
        }
        const ok = parsed.find((x) => x.verificationResult?.statement?.subject?.some((sub) => sub.digest?.sha256?.toLowerCase() === digest));
        if (!parsed.some((x) => x.verificationResult)) {
            res.reason = 'gh returned no verification result';
            continue;
        }
        if (!ok) {
            const got = parsed.flatMap((x) => x.verificationResult?.statement?.subject?.map((sub) => sub.digest?.sha256) ?? []).filter(Boolean);
            res.reason = `the verified statement is for ${got.map((g) => `sha256:${String(g).slice(0, 12)}`).join(', ') || 'no digest'}, not this file (sha256:${digest.slice(0, 12)})`;
            continue;
        }
        const cert = ok.verificationResult.signature?.certificate;
        res.verdict = 'verified';
        res.signer = cert?.buildSignerURI ?? cert?.subjectAlternativeName;
        res.sourceRef = cert?.sourceRepositoryRef;
        res.runner = cert?.runnerEnvironment;
        res.builder = ok.verificationResult.statement?.predicate?.runDetails?.builder?.id;
    }
    return r;
}


/***/ })

};
