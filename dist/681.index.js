export const id = 681;
export const ids = [681];
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

/***/ 5681:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkJobIntegrity: () => (/* binding */ checkJobIntegrity)
});

// UNUSED EXPORTS: actionDir, actionsRoot, checkGhaSum, checkGitTree, commitTree

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/attest/glob.ts
var glob = __webpack_require__(703);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/resolve/dirhash.ts
/**
 * Go's dirhash "h1" (golang.org/x/mod/sumdb/dirhash.Hash1): for every file, relative `/` paths
 * sorted by their UTF-8 bytes (Go's sort.Strings), a line `<hex sha256>  <path>\n`; the SHA-256
 * of those lines, base64, prefixed `h1:`. ghasum records it in gha.sum **without** the prefix
 * (chains-project/ghasum internal/ghasum/atoms.go: `strings.Replace(checksum, "h1:", "", 1)`),
 * so the functions here return the bare base64 that gha.sum holds. Also git's blob SHA-1, to
 * compare files with a commit's tree.
 */




/** Go's string order: by UTF-8 bytes (JS `<` compares UTF-16 units, which differs above U+FFFF). */
function byUtf8(a, b) {
    return Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'));
}
/** ghasum's checksum of a set of files: dirhash Hash1 without `h1:` (bare base64). */
function ghasumSum(files) {
    return ghasumSumFromDigests(files.map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.data).digest('hex') })));
}
/** Go's dirhash.Hash1 string, `h1:` included (what go.sum holds). */
function h1(files) {
    return `h1:${ghasumSum(files)}`;
}
function gitBlobSha(data) {
    return (0,external_node_crypto_.createHash)('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
}
/**
 * Every file under `dir` (no directories), with `/` paths relative to it and the digests asked
 * for: git blob SHA-1 (comparing with a commit's tree) and/or SHA-256 (dirhash h1). Files are
 * read one at a time and not kept. Bounded.
 */
async function readTree(dir, want = { git: true, sha256: true }, limits = { files: 100_000, bytes: 4 * 1024 * 1024 * 1024 }) {
    const out = [];
    let bytes = 0;
    const stack = [{ abs: dir, rel: '' }];
    // a symlink is followed only to a file inside `dir`: never to the runner's other files
    // (`/proc/self/environ`, another action's directory, a FIFO that never ends)
    const root = (0,external_node_fs_.realpathSync)(dir);
    const inside = (p) => p === root || p.startsWith(root.endsWith(external_node_path_.sep) ? root : root + external_node_path_.sep);
    while (stack.length) {
        const { abs, rel } = stack.pop();
        for (const e of (0,external_node_fs_.readdirSync)(abs, { withFileTypes: true })) {
            const path = rel ? `${rel}/${e.name}` : e.name;
            const full = (0,external_node_path_.join)(abs, e.name);
            if (e.isDirectory()) {
                stack.push({ abs: full, rel: path });
                continue;
            }
            if (!e.isFile() && !e.isSymbolicLink())
                continue;
            if (out.length >= limits.files)
                throw new Error(`more than ${limits.files} files under ${dir}`);
            if (e.isSymbolicLink()) {
                const target = Buffer.from((0,external_node_fs_.readlinkSync)(full));
                let sha256;
                if (want.sha256) {
                    try {
                        const real = (0,external_node_fs_.realpathSync)(full);
                        if (inside(real) && (0,external_node_fs_.statSync)(real).isFile())
                            sha256 = (0,external_node_crypto_.createHash)('sha256').update((0,external_node_fs_.readFileSync)(real)).digest('hex');
                    }
                    catch {
                        sha256 = undefined;
                    }
                }
                out.push({ path, mode: '120000', ...(want.git ? { gitSha: gitBlobSha(target) } : {}), ...(sha256 ? { sha256 } : {}) });
                continue;
            }
            const data = (0,external_node_fs_.readFileSync)(full);
            bytes += data.length;
            if (bytes > limits.bytes)
                throw new Error(`more than ${limits.bytes} bytes under ${dir}`);
            const mode = want.git && (0,external_node_fs_.statSync)(full).mode & 0o111 ? '100755' : '100644';
            out.push({ path, mode, ...(want.git ? { gitSha: gitBlobSha(data) } : {}), ...(want.sha256 ? { sha256: (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex') } : {}) });
        }
    }
    return out.sort(byUtf8);
}
/** ghasum's checksum from files already hashed (path and SHA-256 hex). */
function ghasumSumFromDigests(files) {
    const sorted = [...files].sort(byUtf8);
    const h = (0,external_node_crypto_.createHash)('sha256');
    for (const f of sorted) {
        if (f.path.includes('\n'))
            throw new Error(`dirhash: file name with newline: ${JSON.stringify(f.path)}`);
        h.update(`${f.sha256}  ${f.path}\n`);
    }
    return h.digest('base64');
}
/** ghasum's checksum of a directory on disk (bare base64), as `ghasum verify -cache` computes it over the runner's download. */
async function hashDir(dir) {
    const files = await readTree(dir, { sha256: true });
    const dangling = files.find((f) => f.sha256 === undefined);
    if (dangling)
        throw new Error(`${dangling.path} is a symbolic link to nothing readable`);
    return ghasumSumFromDigests(files);
}

// EXTERNAL MODULE: ./src/resolve/actions-root.ts
var actions_root = __webpack_require__(1420);
;// CONCATENATED MODULE: ./src/resolve/integrity.ts
/**
 * Is what the runner downloaded the locked code? The runner unpacks each repository action of
 * the job, before the first step, into `$RUNNER_WORKSPACE/../_actions/{owner}/{repo}/{ref}`
 * with a `{ref}.completed` marker beside it. Two ways to know it is the locked content:
 * (1) ghasum's h1 over the directory equals `gha.sum`; (2) every file's git blob SHA-1, path
 * and kind equal the locked commit's tree, allowing for `export-ignore`/`export-subst`
 * (.gitattributes), submodules, LFS files, symlinks, and truncated tree listings.
 */





function actionDir(root, owner, repo, ref) {
    for (const [o, r] of [
        [owner, repo],
        [owner.toLowerCase(), repo.toLowerCase()],
    ]) {
        const dir = (0,external_node_path_.join)(root, o, r, ref);
        if ((0,external_node_fs_.existsSync)(dir))
            return { dir, completed: (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, o, r, `${ref}.completed`)) };
    }
    return undefined;
}
async function checkGhaSum(id, dir, expected) {
    const base = { id, dir, method: 'gha.sum', ok: false, expected, extra: [], missing: [], changed: [], notes: [] };
    try {
        const actual = await hashDir(dir);
        return { ...base, actual, ok: actual === expected };
    }
    catch (e) {
        return { ...base, error: e instanceof Error ? e.message : String(e) };
    }
}
/** A commit's full tree; falls back to walking sub-trees when the recursive listing is truncated. */
async function commitTree(api, owner, repo, commit, maxRequests = 200) {
    const r = await api.getJson(`/repos/${owner}/${repo}/git/trees/${commit}?recursive=1`);
    if (!r)
        throw new Error(`${owner}/${repo} has no commit ${commit}`);
    if (!r.data.truncated)
        return r.data.tree;
    const out = [];
    let requests = 0;
    const walk = async (sha, prefix) => {
        if (++requests > maxRequests)
            throw new Error(`the tree of ${owner}/${repo}@${commit.slice(0, 12)} needs more than ${maxRequests} listings`);
        const t = await api.getJson(`/repos/${owner}/${repo}/git/trees/${sha}`);
        if (!t)
            throw new Error(`tree ${sha} of ${owner}/${repo} is missing`);
        for (const e of t.data.tree) {
            const path = prefix ? `${prefix}/${e.path}` : e.path;
            if (e.type === 'tree')
                await walk(e.sha, path);
            else
                out.push({ ...e, path });
        }
    };
    await walk(commit, '');
    return out;
}
/** Paths matched by a .gitattributes line's pattern (git's rules, as far as archives need). */
function attrMatcher(pattern, dir) {
    let p = pattern;
    const dirOnly = p.endsWith('/');
    if (dirOnly)
        p = p.slice(0, -1);
    const anchored = p.startsWith('/') || p.includes('/');
    p = p.replace(/^\//, '');
    const re = (0,glob/* globToRegExp */.tL)(p);
    return (path) => {
        const rel = dir ? (path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined) : path;
        if (rel === undefined)
            return false;
        const segs = rel.split('/');
        if (anchored)
            return re.test(rel) || segs.some((_, i) => i < segs.length - 1 && re.test(segs.slice(0, i + 1).join('/')));
        return segs.some((s, i) => re.test(s) && (!dirOnly || i < segs.length - 1));
    };
}
async function checkGitTree(api, id, dir, owner, repo, commit) {
    const res = { id, dir, method: 'git-tree', commit, ok: false, extra: [], missing: [], changed: [], notes: [] };
    try {
        const tree = await commitTree(api, owner, repo, commit);
        const ignore = [];
        const noCompare = [];
        for (const ga of tree.filter((e) => e.type === 'blob' && (e.path === '.gitattributes' || e.path.endsWith('/.gitattributes')))) {
            const text = await api.getFile(owner, repo, ga.path, commit);
            const base = ga.path.includes('/') ? ga.path.slice(0, ga.path.lastIndexOf('/')) : '';
            for (const line of (text ?? '').split('\n')) {
                const [pat, ...attrs] = line.trim().split(/\s+/);
                if (!pat || pat.startsWith('#'))
                    continue;
                if (attrs.includes('export-ignore'))
                    ignore.push(attrMatcher(pat, base));
                if (attrs.includes('export-subst') || attrs.some((a) => a === 'filter=lfs'))
                    noCompare.push(attrMatcher(pat, base));
            }
        }
        const disk = new Map((await readTree(dir, { git: true })).map((f) => [f.path, f]));
        const expected = new Map();
        for (const e of tree) {
            if (e.type === 'commit') {
                res.notes.push(`submodule ${e.path} is not in the download`);
                continue;
            }
            if (e.type !== 'blob' || ignore.some((m) => m(e.path)))
                continue;
            expected.set(e.path, e);
        }
        for (const [path, e] of expected) {
            const f = disk.get(path);
            if (!f) {
                res.missing.push(path);
                continue;
            }
            if (noCompare.some((m) => m(path)))
                continue;
            const isLink = e.mode === '120000';
            if (isLink !== (f.mode === '120000') || f.gitSha !== e.sha)
                res.changed.push(path);
        }
        for (const path of disk.keys())
            if (!expected.has(path) && !ignore.some((m) => m(path)))
                res.extra.push(path);
        res.ok = res.extra.length + res.missing.length + res.changed.length === 0;
    }
    catch (e) {
        res.error = e instanceof Error ? e.message : String(e);
    }
    return res;
}
/**
 * Compare every repository action of the running job (what the runner downloaded before the
 * first step: the job's own `uses:` and, transitively, composite children) with its lock.
 */
async function checkJobIntegrity(res, job, root, lock, api) {
    const results = [];
    const failures = [];
    const seen = new Set();
    const todo = [];
    const visit = (n) => {
        if (!n || seen.has(n.id))
            return;
        seen.add(n.id);
        if (!n.uses.reusableWorkflow)
            todo.push({ owner: n.uses.owner, repo: n.uses.repo, ref: n.uses.ref, ...(n.sha ? { sha: n.sha } : {}) });
        for (const e of n.children)
            visit(e.node);
    };
    // local composites are prepared mid-job and reusable workflows run elsewhere: only the job's own remote uses
    for (const r of res.roots)
        if (r.job === job && r.chain.length === 0)
            visit(r.node);
    const done = new Set();
    for (const a of todo) {
        const id = `${a.owner}/${a.repo}@${a.ref}`;
        if (done.has(id.toLowerCase()))
            continue; // sub-path actions share one download
        done.add(id.toLowerCase());
        const d = actionDir(root, a.owner, a.repo, a.ref);
        const fix = 'Re-run the job; if it repeats, do not publish from this runner.';
        if (!d) {
            failures.push({ check: `check the runner's download of ${id}`, reason: `it is not in ${root}`, fix });
            continue;
        }
        if (!d.completed) {
            failures.push({ check: `check the runner's download of ${id}`, reason: `${a.ref}.completed is missing: the download did not finish`, fix });
            continue;
        }
        const sum = lock?.ghaSum ? [...lock.ghaSum.entries].find(([k]) => k.toLowerCase() === id.toLowerCase())?.[1].sum : undefined;
        const locked = lock?.onboarded ? lock.actionsLock?.dependencies.get(`${a.owner.toLowerCase()}/${a.repo.toLowerCase()}@${a.ref}`)?.commit.hex : undefined;
        let r;
        if (sum)
            r = await checkGhaSum(id, d.dir, sum);
        else if (api && (locked ?? a.sha))
            r = await checkGitTree(api, id, d.dir, a.owner, a.repo, (locked ?? a.sha));
        else {
            failures.push({ check: `check the runner's download of ${id}`, reason: 'neither gha.sum nor the API (offline) can say what its content should be', fix: 'Record it in gha.sum (`release-gate lock`) or run online.' });
            continue;
        }
        if (r.error)
            failures.push({ check: `check the runner's download of ${id}`, reason: r.error, fix });
        results.push(r);
    }
    return { results, failures };
}


/***/ })

};
