#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 8084:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2473);
/* harmony import */ var _parallel_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8368);
// Entry point of the CLI (bundled to dist/cli.js). In a worker thread the same bundle audits
// its share of the files instead (see parallel.ts).


if (!(await (0,_parallel_js__WEBPACK_IMPORTED_MODULE_1__/* .workerMain */ .ip)(_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .auditShare */ .Vp))) {
    (0,_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .setWorkerEntry */ .HU)(new URL(import.meta.url));
    process.exitCode = await (0,_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .iW)(process.argv.slice(2));
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 2473:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Vp: () => (/* binding */ auditShare),
  iW: () => (/* binding */ main),
  HU: () => (/* binding */ setWorkerEntry)
});

// UNUSED EXPORTS: USAGE, UsageError, collectFiles, parseArgs, parseShard, repoRoot, runCli, textWidth, useColor

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/audits/finding.ts
const SEVERITY_RANK = { error: 3, warning: 2, note: 1 };
function stepRef(step) {
    return { index: step.index, ...(step.id ? { id: step.id } : {}), ...(step.name ? { name: step.name } : {}) };
}
/**
 * A value from the workflow as an inline code span, safe in Markdown: the fence is longer
 * than any run of backticks inside, and line breaks are shown, not kept.
 */
function code(value) {
    const v = value.replace(/\r?\n/g, '⏎').replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
    let fence = '`';
    while (v.includes(fence))
        fence += '`';
    const pad = v.startsWith('`') || v.endsWith('`') || v === '' ? ' ' : '';
    return `${fence}${pad}${v}${pad}${fence}`;
}

;// CONCATENATED MODULE: ./src/audits/where.ts
/** Finding locations for sites: the file the thing is written in, and how it was reached. */

function atStep(s, pos) {
    return { file: s.wf.file, at: pos, job: s.top.job.id, step: stepRef(s.top.step), ...(s.chain.length ? { chain: s.chain } : {}) };
}
function atJob(s, pos) {
    return { file: s.wf.file, at: pos, job: s.job.id, ...(s.chain.length ? { chain: s.chain } : {}) };
}
/** A pin found by resolution: reported at the top-level `uses:` it was reached from, with the hops to it. */
function atPin(pin) {
    const r = pin.root;
    return { file: r.file, at: r.uses.pos, job: r.job, ...(r.step ? { step: r.step } : {}), ...(pin.hops.length > 1 ? { chain: pin.hops } : {}), subject: pin.value };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __nccwpck_require__(8815);
;// CONCATENATED MODULE: ./src/workflow/yaml.ts
/**
 * YAML -> a small tree of nodes that keep their source positions.
 *
 * Built on `yaml`'s CST parser and composer, parsed once. Aliases are resolved while the
 * tree is built, under a budget, so an alias bomb ("billion laughs") is an input error
 * and not a hang. Comments are collected from the CST with their offsets, so inline
 * ignores can be matched to lines without being fooled by a `#` inside a block scalar.
 */

/** Limits on what a YAML file may cost; documented in the README ("Limits"). */
const YAML_LIMITS = {
    /** Largest file accepted, in bytes. GitHub's own limit for a workflow is far below. */
    maxBytes: 1024 * 1024,
    /** Alias expansions allowed in one file (each `*ref` resolved counts its whole subtree). */
    maxAliasNodes: 10_000,
    /** Deepest nesting of collections. */
    maxDepth: 64,
    /** Nodes in the resolved tree. */
    maxNodes: 200_000,
};
/** An input problem with a location: reported to the user, never a stack trace. */
class InputError extends Error {
    file;
    line;
    column;
    constructor(message, file, line, column) {
        super(line ? `${file}:${line}${column ? `:${column}` : ''}: ${message}` : `${file}: ${message}`);
        this.file = file;
        this.line = line;
        this.column = column;
        this.name = 'InputError';
    }
}
/**
 * Decode bytes as UTF-8, strictly: a file that is not UTF-8 (UTF-16, Latin-1, binary) is an
 * input error naming the line of the first bad byte, not text full of U+FFFD.
 */
function decodeUtf8(buf, file) {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(buf);
    }
    catch {
        const at = firstBadByte(buf);
        let line = 1;
        for (let k = 0; k < at; k++)
            if (buf[k] === 10)
                line++;
        throw new InputError(buf[0] === 0xff || buf[0] === 0xfe ? 'file is UTF-16, not UTF-8' : 'file is not valid UTF-8', file, line);
    }
}
/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstBadByte(b) {
    let i = 0;
    while (i < b.length) {
        const c = b[i];
        const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
        if (n < 0)
            return i;
        for (let k = 1; k <= n; k++)
            if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80)
                return i;
        i += n + 1;
    }
    return b.length;
}
/** Cheap pre-scan: the deepest bracket/indent nesting, before the recursive parser sees it. */
function nestingTooDeep(src, max) {
    // Fast path: without `max` brackets nor deep indentation nor long `- - -` runs, nothing can nest that deep.
    let brackets = 0;
    for (let i = src.indexOf('['); i >= 0 && brackets <= max; i = src.indexOf('[', i + 1))
        brackets++;
    for (let i = src.indexOf('{'); i >= 0 && brackets <= max; i = src.indexOf('{', i + 1))
        brackets++;
    if (brackets <= max && !new RegExp(`^[ \\t]{${max},}\\S`, 'm').test(src) && !/(?:- ){16,}/.test(src))
        return undefined;
    let depth = 0;
    let line = 1;
    let inQuote;
    for (let i = 0; i < src.length; i++) {
        const c = src.charCodeAt(i);
        if (c === 10) {
            line++;
            continue;
        }
        const ch = src[i];
        if (inQuote) {
            if (ch === inQuote)
                inQuote = undefined;
            continue;
        }
        if (ch === '#' && (i === 0 || src[i - 1] === ' ' || src[i - 1] === '\n')) {
            while (i < src.length && src.charCodeAt(i) !== 10)
                i++;
            i--;
            continue;
        }
        if (ch === '[' || ch === '{') {
            if (++depth > max)
                return line;
        }
        else if (ch === ']' || ch === '}')
            depth = Math.max(0, depth - 1);
    }
    // indentation depth: a line indented more than max*2+... columns of nested blocks
    const lines = src.split('\n');
    let indentLevels = 0;
    const stack = [];
    for (let n = 0; n < lines.length; n++) {
        const l = lines[n];
        const t = l.trimStart();
        if (t === '' || t.startsWith('#'))
            continue;
        let ind = l.length - t.length;
        // "- - - x" sequences nest without indentation
        let k = 0;
        while (t[k] === '-' && t[k + 1] === ' ') {
            k += 2;
            ind += 2;
        }
        while (stack.length && stack[stack.length - 1] >= ind)
            stack.pop();
        stack.push(ind);
        indentLevels = stack.length;
        if (indentLevels > max)
            return n + 1;
    }
    return undefined;
}
function styleOf(type) {
    switch (type) {
        case 'QUOTE_SINGLE':
            return 'single';
        case 'QUOTE_DOUBLE':
            return 'double';
        case 'BLOCK_LITERAL':
        case 'BLOCK_FOLDED':
            return 'block';
        default:
            return 'plain';
    }
}
/** Fields of CST tokens that hold child tokens (yaml's CST: document, block and flow collections, scalars). */
const CST_CHILDREN = ['start', 'sep', 'end', 'props', 'items', 'key', 'value'];
/** Collect CST comment tokens without recursion (deep files must not blow the stack). */
function collectComments(tokens, lc) {
    const out = [];
    const stack = [...tokens];
    while (stack.length) {
        const t = stack.pop();
        if (!t || typeof t !== 'object')
            continue;
        if (Array.isArray(t)) {
            for (const x of t)
                stack.push(x);
            continue;
        }
        const o = t;
        if (o.type === 'comment') {
            if (typeof o.source === 'string' && typeof o.offset === 'number') {
                const p = lc.linePos(o.offset);
                out.push({ text: o.source, pos: { line: p.line, column: p.col } });
            }
            continue;
        }
        for (const k of CST_CHILDREN) {
            const v = o[k];
            if (v && typeof v === 'object')
                stack.push(v);
        }
    }
    return out.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
}
/** The comment at the end of a line, if any (`uses: x@sha # v1.2.3`): read from the text itself. */
function trailingComment(source, lineStarts, line) {
    const start = lineStarts[line - 1];
    if (start === undefined)
        return undefined;
    const end = source.indexOf('\n', start);
    const text = source.slice(start, end < 0 ? undefined : end);
    const m = /\s#(.*)$/.exec(text);
    return m ? `#${m[1]}` : undefined;
}
/**
 * yaml's Parser reads `process.env.LOG_TOKENS` for every token (and its Composer
 * `LOG_STREAM` for every document); each read of `process.env` crosses into the runtime.
 * Parsing is synchronous, so the library is handed a plain copy while it runs (measured: about
 * 4% of an offline audit of 1,000 workflows).
 */
function withPlainEnv(f) {
    const real = process.env;
    process.env = { ...(real.LOG_TOKENS ? { LOG_TOKENS: real.LOG_TOKENS } : {}), ...(real.LOG_STREAM ? { LOG_STREAM: real.LOG_STREAM } : {}) };
    try {
        return f();
    }
    finally {
        process.env = real;
    }
}
/**
 * Parse one YAML document. Throws {@link InputError} (with file, line and column) for
 * syntax errors, several documents, limits exceeded and non-text input.
 */
function parseYaml(source, file) {
    const bytes = Buffer.byteLength(source, 'utf8');
    if (bytes > YAML_LIMITS.maxBytes) {
        throw new InputError(`file is ${bytes} bytes; release-gate reads YAML files of at most ${YAML_LIMITS.maxBytes} bytes`, file);
    }
    if (source.includes('\u0000'))
        throw new InputError('file contains NUL bytes; it is not a YAML text file', file);
    if (source.includes('\uFFFD')) {
        const i = source.indexOf('\uFFFD');
        const line = source.slice(0, i).split('\n').length;
        throw new InputError('file is not valid UTF-8', file, line);
    }
    const deep = nestingTooDeep(source, YAML_LIMITS.maxDepth);
    if (deep !== undefined) {
        throw new InputError(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`, file, deep);
    }
    const lc = new dist/* LineCounter */.HN();
    let docs;
    try {
        docs = withPlainEnv(() => {
            const toks = new dist/* Parser */.iX(lc.addNewLine).parse(source);
            return [...new dist/* Composer */.Dk({ version: '1.2', uniqueKeys: true, prettyErrors: false }).compose(toks)];
        });
    }
    catch (e) {
        throw new InputError(`YAML could not be parsed: ${e instanceof Error ? e.message : String(e)}`, file);
    }
    const pos = (offset) => {
        const p = lc.linePos(offset);
        return { line: p.line, column: p.col };
    };
    if (docs.length > 1) {
        const p = pos(docs[1].range?.[0] ?? 0);
        throw new InputError(`file holds ${docs.length} YAML documents; a workflow or action file is exactly one`, file, p.line, p.column);
    }
    const doc = docs[0];
    if (doc) {
        const err = doc.errors[0];
        if (err) {
            const p = pos(err.pos[0]);
            const msg = err.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
            throw new InputError(`invalid YAML: ${msg}`, file, p.line, p.column);
        }
    }
    let nodes = 0;
    let aliasNodes = 0;
    const build = (n, depth, viaAlias, seen) => {
        if (++nodes > YAML_LIMITS.maxNodes) {
            throw new InputError(`more than ${YAML_LIMITS.maxNodes} YAML nodes`, file);
        }
        if (viaAlias && ++aliasNodes > YAML_LIMITS.maxAliasNodes) {
            throw new InputError(`aliases expand to more than ${YAML_LIMITS.maxAliasNodes} nodes (an alias bomb?)`, file);
        }
        if (depth > YAML_LIMITS.maxDepth)
            throw new InputError(`nesting deeper than ${YAML_LIMITS.maxDepth} levels`, file);
        if ((0,dist/* isAlias */.Vj)(n)) {
            const target = n.resolve(doc);
            const p = pos(n.range?.[0] ?? 0);
            if (!target)
                throw new InputError(`unresolved alias ${n.source}`, file, p.line, p.column);
            if (seen.has(target))
                throw new InputError(`recursive alias ${n.source}`, file, p.line, p.column);
            const s = new Set(seen).add(target);
            return build(target, depth + 1, true, s);
        }
        const node = n;
        const [start, valueEnd] = node.range ?? [0, 0];
        const base = { pos: pos(start), offset: start, end: valueEnd };
        if ((0,dist/* isMap */.jh)(n)) {
            const pairs = [];
            for (const it of n.items) {
                if (!(0,dist/* isPair */.tO)(it))
                    continue;
                const k = it.key;
                let key;
                if ((0,dist/* isScalar */.jn)(k)) {
                    const [ks, ke] = k.range ?? [0, 0];
                    key = { kind: 'scalar', value: k.value === null ? '' : String(k.value), style: styleOf(k.type), pos: pos(ks), offset: ks, end: ke };
                }
                else if ((0,dist/* isAlias */.Vj)(k)) {
                    const t = build(k, depth + 1, true, seen);
                    if (t.kind !== 'scalar')
                        throw new InputError('a mapping key must be a plain value', file, t.pos.line, t.pos.column);
                    key = { ...t, value: t.value === null ? '' : String(t.value) };
                }
                else {
                    const p = pos(k?.range?.[0] ?? start);
                    throw new InputError('a mapping key must be a plain value, not a collection', file, p.line, p.column);
                }
                const value = it.value === null || it.value === undefined
                    ? { kind: 'scalar', value: null, style: 'plain', pos: key.pos, offset: key.end, end: key.end }
                    : build(it.value, depth + 1, viaAlias, seen);
                // YAML merge keys (`<<: *base`) are not part of GitHub's workflow syntax; keep them as a key.
                pairs.push({ key, value });
            }
            return { kind: 'map', pairs, ...base };
        }
        if ((0,dist/* isSeq */.oP)(n)) {
            const items = [];
            for (const it of n.items) {
                if (it === null || it === undefined) {
                    items.push({ kind: 'scalar', value: null, style: 'plain', ...base });
                }
                else
                    items.push(build(it, depth + 1, viaAlias, seen));
            }
            return { kind: 'seq', items, ...base };
        }
        if ((0,dist/* isScalar */.jn)(n)) {
            const v = n.value;
            const value = v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
                ? (v ?? null)
                : typeof v === 'bigint'
                    ? Number(v)
                    : String(v);
            return { kind: 'scalar', value, style: styleOf(n.type), ...base };
        }
        return { kind: 'scalar', value: null, style: 'plain', ...base };
    };
    let root;
    try {
        root = doc?.contents ? build(doc.contents, 0, false, new Set()) : undefined;
    }
    catch (e) {
        if (e instanceof InputError)
            throw e;
        if (e instanceof RangeError)
            throw new InputError('YAML nesting too deep to read', file);
        throw e;
    }
    // The CST is not kept: comments are rarely needed (inline ignores), so they are re-lexed on demand.
    let comments;
    return {
        root,
        get comments() {
            if (comments)
                return comments;
            const lc2 = new dist/* LineCounter */.HN();
            comments = collectComments(withPlainEnv(() => [...new dist/* Parser */.iX(lc2.addNewLine).parse(source)]), lc2);
            return comments;
        },
        source,
        lineCounter: lc,
    };
}
/** Helpers for reading the tree. */
function get(node, key) {
    if (!node || node.kind !== 'map')
        return undefined;
    for (const p of node.pairs)
        if (p.key.value === key)
            return p.value;
    return undefined;
}
function getPair(node, key) {
    if (!node || node.kind !== 'map')
        return undefined;
    return node.pairs.find((p) => p.key.value === key);
}
function str(node) {
    if (!node || node.kind !== 'scalar' || node.value === null)
        return undefined;
    return String(node.value);
}
/** Plain JS value of a node (for matrices and `with:` blocks); the tree is already bounded. */
function toJS(node) {
    if (!node)
        return undefined;
    if (node.kind === 'scalar')
        return node.value;
    if (node.kind === 'seq')
        return node.items.map(toJS);
    const o = {};
    for (const p of node.pairs)
        o[String(p.key.value)] = toJS(p.value);
    return o;
}

;// CONCATENATED MODULE: ./src/workflow/actions.ts

const names = new WeakMap();
function nameOf(step) {
    let n = names.get(step);
    if (!n) {
        const u = step.uses?.parsed;
        n = u && u.kind === 'repo' ? { action: (u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`).toLowerCase(), repo: `${u.owner}/${u.repo}`.toLowerCase() } : {};
        names.set(step, n);
    }
    return n;
}
/** `owner/repo[/path]` of a step's action, lower case; undefined for run steps and local actions. */
function actionOf(step) {
    return nameOf(step).action;
}
/** True when the step uses exactly one of `names` (`owner/repo`, or `owner/repo/path`). */
function isAction(step, ...candidates) {
    const a = nameOf(step).action;
    return a !== undefined && candidates.includes(a);
}
/** The repository part only: `actions/cache/restore` -> `actions/cache`. */
function actionRepo(step) {
    return nameOf(step).repo;
}
/** A `with:` input as text (undefined when absent). */
function input(step, name) {
    const n = step.with.get(name);
    if (!n)
        return undefined;
    if (n.kind !== 'scalar')
        return '';
    return n.value === null ? '' : String(n.value);
}
function isFalse(v) {
    return v !== undefined && /^(false|0|no|off)$/i.test(v.trim());
}
function isTrue(v) {
    return v !== undefined && /^(true|1|yes|on)$/i.test(v.trim());
}
/** The version a step's action is at: its tag, or the `# vX` comment beside a SHA pin. */
function versionOf(step, wf) {
    const u = step.uses?.parsed;
    if (!u || u.kind !== 'repo')
        return undefined;
    let v = u.refKind === 'tag' ? u.ref : undefined;
    if (!v) {
        const c = trailingComment(wf.source, wf.yaml.lineCounter.lineStarts, step.uses.pos.line);
        v = c ? /\bv?(\d+)(?:\.\d+)*/.exec(c)?.[0] : undefined;
    }
    const m = v ? /^v?(\d+)/.exec(v.replace(/^refs\/tags\//, '')) : null;
    return m ? Number(m[1]) : undefined;
}
function runText(step) {
    return step.run && step.run.value !== null ? String(step.run.value) : undefined;
}
/** Steps that sign or attest what was built: consumers of `id-token: write` in a build job. */
function isSigningStep(step) {
    if (isAction(step, 'actions/attest-build-provenance', 'actions/attest', 'actions/attest-sbom', 'sigstore/gh-action-sigstore-python', 'sigstore/cosign-installer'))
        return true;
    if (isAction(step, 'hynek/build-and-inspect-python-package') && mayBeTrue(input(step, 'attest-build-provenance-github')))
        return true;
    const run = runText(step);
    return !!run && /\b(cosign\s+(sign|attest)|sigstore\s+sign|gh\s+attestation\s+|slsa-verifier)/.test(run);
}
/** Steps that attest through GitHub's attestations API (need `attestations: write`). */
function isAttestStep(step) {
    if (isAction(step, 'actions/attest-build-provenance', 'actions/attest', 'actions/attest-sbom'))
        return true;
    return isAction(step, 'hynek/build-and-inspect-python-package') && mayBeTrue(input(step, 'attest-build-provenance-github'));
}
/** True, or an expression that may be true at run time. */
function mayBeTrue(v) {
    return isTrue(v) || (v !== undefined && v.includes('${{'));
}
/** Actions that exchange the job's OIDC token with a cloud (they need `id-token: write`). */
const OIDC_CLOUD_ACTIONS = [
    'aws-actions/configure-aws-credentials',
    'google-github-actions/auth',
    'azure/login',
    'hashicorp/vault-action',
    'rust-lang/crates-io-auth-action',
    'octo-sts/action',
];
/** Release bots that open release pull requests from the publishing job. */
const RELEASE_BOTS = {
    'changesets/action': 'changesets',
    'release-plz/action': 'release-plz',
    'googleapis/release-please-action': 'release-please',
    'google-github-actions/release-please-action': 'release-please',
};
function releaseBot(step) {
    const r = actionRepo(step);
    if (r && RELEASE_BOTS[r])
        return RELEASE_BOTS[r];
    const run = runText(step);
    if (run && /\bsemantic-release\b/.test(run))
        return 'semantic-release';
    return undefined;
}
/** Steps that create or change a GitHub release or push to the repository (need `contents: write`). */
function writesContents(step) {
    if (isAction(step, 'softprops/action-gh-release', 'ncipollo/release-action', 'actions/create-release', 'actions/upload-release-asset', 'svenstaro/upload-release-action', 'goreleaser/goreleaser-action', 'marvinpinto/action-automatic-releases', 'mislav/bump-homebrew-formula-action', 'stefanzweifel/git-auto-commit-action', 'ad-m/github-push-action', 'yyx990803/release-tag')) {
        return step.uses.value;
    }
    const run = runText(step);
    if (!run)
        return undefined;
    const m = /\bgh\s+release\s+(create|upload|edit|delete)\b|\bgit\s+push\b|\bgit\s+tag\b[^\n]*&&[^\n]*push|\brake\s+release\b|\bgoreleaser\s+release\b|\bgh\s+api\b[^\n]*(-X|--method)\s*(POST|PATCH|PUT|DELETE)\b[^\n]*\/(releases|git\/refs)/.exec(run);
    return m ? m[0] : undefined;
}
/** Steps that push to GitHub's registries (need `packages: write`). */
function writesPackages(step) {
    const run = runText(step) ?? '';
    const reg = /\b(ghcr\.io|docker\.pkg\.github\.com|npm\.pkg\.github\.com|rubygems\.pkg\.github\.com|nuget\.pkg\.github\.com|maven\.pkg\.github\.com)\b/;
    if (isAction(step, 'docker/build-push-action') && isTrue(input(step, 'push'))) {
        const tags = input(step, 'tags') ?? '';
        // tags from an expression (metadata-action) may be ghcr.io: cannot say otherwise
        return reg.test(tags) || tags.includes('${{') || tags === '' ? step.uses.value : undefined;
    }
    if (isAction(step, 'docker/login-action') && reg.test(input(step, 'registry') ?? ''))
        return step.uses.value;
    if (isAction(step, 'redhat-actions/push-to-registry') && reg.test(input(step, 'registry') ?? ''))
        return step.uses.value;
    if (isAction(step, 'actions/setup-node') && reg.test(input(step, 'registry-url') ?? ''))
        return step.uses.value;
    if (/\b(docker|podman)\s+(push|login)\b/.test(run) && (reg.test(run) || /\$\{?\{?\s*env\.REGISTRY|\$REGISTRY\b/.test(run)))
        return 'docker push';
    if (/\b(npm|gem|dotnet nuget|mvn)\b[^\n]*(publish|push|deploy)/.test(run) && reg.test(run))
        return 'publish to GitHub Packages';
    return undefined;
}
/** Steps that use the job's OIDC token (need `id-token: write`). */
function usesIdToken(step) {
    if (isAction(step, 'pypa/gh-action-pypi-publish') && input(step, 'password') === undefined)
        return step.uses.value;
    if (isAction(step, ...OIDC_CLOUD_ACTIONS, 'release-plz/action', 'js-devtools/npm-publish', 'changesets/action', 'goreleaser/goreleaser-action'))
        return step.uses.value;
    if (isAction(step, 'rubygems/release-gem') && !isFalse(input(step, 'setup-trusted-publisher')))
        return step.uses.value;
    if (isAction(step, 'rubygems/configure-rubygems-credentials') && input(step, 'api-token') === undefined)
        return step.uses.value;
    if (isSigningStep(step))
        return step.uses?.value ?? 'signing';
    const run = runText(step);
    if (!run)
        return undefined;
    const m = /\b(npm|pnpm|yarn|bun)\s+(?:[\w=:-]+\s+)*publish\b|\buv\s+publish\b|\bnx\s+release\b|\blerna\s+publish\b|\bcargo\s+publish\b|\b(npm|pnpm|yarn)\s+(run\s+)?[\w:-]*(publish|release)[\w:-]*\b|\bgh\s+attestation\b|ACTIONS_ID_TOKEN_REQUEST/.exec(run);
    return m ? m[0] : undefined;
}
/** GitHub-hosted runner image labels (docs.github.com, "GitHub-hosted runners"). */
const HOSTED_LABEL = /^(ubuntu-(latest|slim|\d{2}\.\d{2})(-arm)?|windows-(latest|\d{4}|11-arm)(-vs\d{4})?|macos-(latest|\d+)(-(large|xlarge|intel|arm64))?)$/i;
const needsMemo = new WeakMap();
function stepNeeds(step) {
    let n = needsMemo.get(step);
    if (n)
        return n;
    n = {};
    const id = usesIdToken(step);
    if (id)
        n.idToken = id;
    if (isAttestStep(step))
        n.attestations = step.uses?.value ?? 'attestation';
    const c = writesContents(step);
    if (c)
        n.contents = c;
    const p = writesPackages(step);
    if (p)
        n.packages = p;
    const b = releaseBot(step);
    if (b)
        n.bot = b;
    if (actionRepo(step) === 'actions/deploy-pages')
        n.pages = true;
    needsMemo.set(step, n);
    return n;
}

;// CONCATENATED MODULE: ./src/workflow/sites.ts
/** The runner's own limit of nested composite actions. */
const MAX_COMPOSITE_DEPTH = 9;
function localAction(local, path) {
    const p = path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    return local.get(`${p}/action.yml`) ?? local.get(`${p}/action.yaml`);
}
function jobSites(wf, scope, local) {
    const targets = new Set(scope.targets.map((j) => j.id));
    const out = [];
    const visit = (job, file, chain, target, depth) => {
        out.push({ job, wf: file, chain, target });
        const u = job.uses?.parsed;
        if (u && u.kind === 'local' && u.reusableWorkflow && depth < MAX_COMPOSITE_DEPTH) {
            const called = local.get(u.path);
            if (called && called !== file)
                for (const j of called.jobs)
                    visit(j, called, [...chain, job.id, job.uses.value], target, depth + 1);
        }
    };
    for (const j of scope.jobs)
        visit(j, wf, [], targets.has(j.id), 0);
    return out;
}
function stepSites(site, local) {
    const out = [];
    const visit = (steps, file, chain, top, depth) => {
        for (const step of steps) {
            const t = top ?? step;
            out.push({ job: site.job, step, wf: file, chain, target: site.target, top: { job: site.job, step: t } });
            const u = step.uses?.parsed;
            if (u && u.kind === 'local' && !u.reusableWorkflow && depth < MAX_COMPOSITE_DEPTH) {
                const action = localAction(local, u.path);
                if (action && action.runs?.using === 'composite' && action !== file) {
                    visit(action.jobs[0]?.steps ?? [], action, [...chain, ...(chain.length ? [] : [site.job.id]), step.uses.value], t, depth + 1);
                }
            }
        }
    };
    visit(site.job.steps, site.wf, site.chain, undefined, 0);
    return out;
}

;// CONCATENATED MODULE: ./src/audits/artipacked.ts
/**
 * artipacked: `actions/checkout` leaves the job's token in `.git/config` unless told not to.
 * Every later step of the job can read it, and an artifact of the workspace carries it out
 * (Unit 42, "ArtiPACKED", 2024).
 */




/** Does this upload carry the workspace root (and so `.git/`)? */
function uploadsWorkspace(s) {
    const paths = (input(s.step, 'path') ?? '').split('\n').map((p) => p.trim()).filter(Boolean);
    const root = paths.some((p) => /^(\.\/?|\*+|\$\{\{\s*github\.workspace\s*\}\}\/?|\.git(\/.*)?|\$GITHUB_WORKSPACE\/?)$/.test(p));
    if (!root)
        return false;
    // upload-artifact v4.4+ leaves hidden files (.git) out unless include-hidden-files: true
    const v = versionOf(s.step, s.wf);
    return isTrue(input(s.step, 'include-hidden-files')) || v === undefined || v < 4;
}
const rule = {
    id: 'artipacked',
    title: 'checkout leaves the token in the workspace',
    severity: 'warning',
    check(ctx) {
        const out = [];
        for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
            const steps = stepSites(site, ctx.local);
            const packs = steps.filter((s) => isAction(s.step, 'actions/upload-artifact') && uploadsWorkspace(s));
            for (const s of steps) {
                if (!isAction(s.step, 'actions/checkout'))
                    continue;
                const pc = input(s.step, 'persist-credentials');
                if (isFalse(pc))
                    continue;
                const expr = pc !== undefined && pc.includes('${{');
                out.push(ctx.finding({
                    message: packs.length
                        ? `${code(s.step.uses.value)} keeps the token in \`.git/config\`, and ${code(packs[0].step.uses.value)} uploads the workspace with it`
                        : `${code(s.step.uses.value)} keeps the token in \`.git/config\` for every later step of job ${code(site.job.id)}${expr ? ` (persist-credentials is ${code(pc)})` : ''}`,
                    fix: 'Add `with: { persist-credentials: false }` to the checkout; a step that must push can be given the token explicitly.',
                    ...atStep(s, s.step.uses.pos),
                    ...(packs.length ? { severity: 'error' } : {}),
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/workflow/expr.ts
/**
 * GitHub Actions expressions: a parser and a three-valued evaluator.
 *
 * The evaluator runs on what is known before a run — the event, and for some events the
 * shape of `github.ref` — and keeps everything else unknown. Unknown is never taken as false:
 * a condition that cannot be decided counts as "may run".
 */
class ExprError extends Error {
}
function tokenize(src) {
    const out = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (c === "'") {
            let j = i + 1;
            let s = '';
            for (;;) {
                if (j >= src.length)
                    throw new ExprError('unterminated string');
                if (src[j] === "'") {
                    if (src[j + 1] === "'") {
                        s += "'";
                        j += 2;
                        continue;
                    }
                    break;
                }
                s += src[j++];
            }
            out.push({ t: 'str', v: s, pos: i });
            i = j + 1;
            continue;
        }
        const two = src.slice(i, i + 2);
        if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
            out.push({ t: 'op', v: two, pos: i });
            i += 2;
            continue;
        }
        if ('!<>()[],.*'.includes(c)) {
            out.push({ t: 'op', v: c, pos: i });
            i++;
            continue;
        }
        const num = /^(?:0x[0-9a-fA-F]+|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
        if (num && !(out.length && out[out.length - 1].v === '.')) {
            out.push({ t: 'num', v: num[0], pos: i });
            i += num[0].length;
            continue;
        }
        const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
        if (id) {
            out.push({ t: 'id', v: id[0], pos: i });
            i += id[0].length;
            continue;
        }
        throw new ExprError(`unexpected character '${c}'`);
    }
    out.push({ t: 'end', v: '', pos: src.length });
    return out;
}
const PREC = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 };
/** Parse one expression (without `${{ }}`). Throws ExprError on malformed input. */
function parseExpr(src) {
    const toks = tokenize(src);
    let p = 0;
    let depth = 0;
    const peek = () => toks[p];
    const next = () => toks[p++];
    const expect = (v) => {
        const t = next();
        if (t.v !== v || t.t === 'str')
            throw new ExprError(`expected '${v}' at ${t.pos}`);
    };
    const primary = () => {
        if (++depth > 100)
            throw new ExprError('expression nested too deeply');
        try {
            const t = next();
            if (t.t === 'op' && t.v === '!')
                return { k: 'not', e: postfix(primary()) };
            if (t.t === 'op' && t.v === '(') {
                const e = binary(0);
                expect(')');
                return e;
            }
            if (t.t === 'str')
                return { k: 'lit', v: t.v };
            if (t.t === 'num')
                return { k: 'lit', v: Number(t.v) };
            if (t.t === 'id') {
                if (t.v === 'true' || t.v === 'false')
                    return { k: 'lit', v: t.v === 'true' };
                if (t.v === 'null')
                    return { k: 'lit', v: null };
                if (peek().v === '(' && peek().t === 'op') {
                    next();
                    const args = [];
                    if (!(peek().t === 'op' && peek().v === ')')) {
                        for (;;) {
                            args.push(binary(0));
                            if (peek().t === 'op' && peek().v === ',') {
                                next();
                                continue;
                            }
                            break;
                        }
                    }
                    expect(')');
                    return { k: 'call', fn: t.v.toLowerCase(), args };
                }
                return { k: 'ctx', name: t.v };
            }
            throw new ExprError(`unexpected '${t.v || 'end'}' at ${t.pos}`);
        }
        finally {
            depth--;
        }
    };
    const postfix = (e) => {
        for (;;) {
            const t = peek();
            if (t.t === 'op' && t.v === '.') {
                next();
                const k = next();
                if (k.t === 'id')
                    e = { k: 'prop', obj: e, key: k.v };
                else if (k.t === 'op' && k.v === '*')
                    e = { k: 'prop', obj: e, key: '*' };
                else if (k.t === 'num' && /^\d+$/.test(k.v))
                    e = { k: 'index', obj: e, index: { k: 'lit', v: Number(k.v) } };
                else
                    throw new ExprError(`expected a property name at ${k.pos}`);
            }
            else if (t.t === 'op' && t.v === '[') {
                next();
                const idx = peek().t === 'op' && peek().v === '*' ? (next(), null) : binary(0);
                expect(']');
                e = idx === null ? { k: 'prop', obj: e, key: '*' } : { k: 'index', obj: e, index: idx };
            }
            else
                return e;
        }
    };
    const binary = (min) => {
        let left = postfix(primary());
        for (;;) {
            const t = peek();
            const prec = t.t === 'op' ? PREC[t.v] : undefined;
            if (prec === undefined || prec <= min - 1 || prec < min)
                return left;
            next();
            const right = binary(prec + 1);
            left = { k: 'bin', op: t.v, a: left, b: right };
        }
    };
    const e = binary(0);
    if (peek().t !== 'end')
        throw new ExprError(`unexpected '${peek().v}' at ${peek().pos}`);
    return e;
}
/** Every `${{ … }}` in a text, with its offset and inner text. */
function findExpressions(text) {
    const out = [];
    let i = 0;
    for (;;) {
        const s = text.indexOf('${{', i);
        if (s < 0)
            break;
        // find the closing }} outside of string literals
        let j = s + 3;
        let inStr = false;
        let end = -1;
        while (j < text.length) {
            if (text[j] === "'")
                inStr = !inStr;
            else if (!inStr && text.startsWith('}}', j)) {
                end = j;
                break;
            }
            j++;
        }
        if (end < 0)
            break;
        out.push({ offset: s, inner: text.slice(s + 3, end).trim(), full: text.slice(s, end + 2) });
        i = end + 2;
    }
    return out;
}
/**
 * A context path such as `github.event.pull_request.title`: the dotted names of a property
 * chain, `*` for filters, `[]` for a computed index.
 */
function refPath(e) {
    if (e.k === 'ctx')
        return e.name;
    if (e.k === 'prop') {
        const o = refPath(e.obj);
        return o === undefined ? undefined : `${o}.${e.key}`;
    }
    if (e.k === 'index') {
        const o = refPath(e.obj);
        if (o === undefined)
            return undefined;
        return e.index.k === 'lit' && typeof e.index.v === 'string' ? `${o}.${e.index.v}` : e.index.k === 'lit' ? `${o}.${String(e.index.v)}` : `${o}[]`;
    }
    return undefined;
}
/** Walk every node. */
function walk(e, f) {
    f(e);
    switch (e.k) {
        case 'prop':
            walk(e.obj, f);
            break;
        case 'index':
            walk(e.obj, f);
            walk(e.index, f);
            break;
        case 'call':
            e.args.forEach((a) => walk(a, f));
            break;
        case 'not':
            walk(e.e, f);
            break;
        case 'bin':
            walk(e.a, f);
            walk(e.b, f);
            break;
        default:
    }
}
/** The maximal context paths an expression reads (`a.b.c`, not also `a.b`). */
function contextRefs(e) {
    const out = [];
    const visit = (x) => {
        const p = x.k === 'prop' || x.k === 'index' || x.k === 'ctx' ? refPath(x) : undefined;
        if (p !== undefined) {
            out.push(p);
            if (x.k === 'index')
                visit(x.index);
            return;
        }
        switch (x.k) {
            case 'prop':
                visit(x.obj);
                break;
            case 'index':
                visit(x.obj);
                visit(x.index);
                break;
            case 'call':
                x.args.forEach(visit);
                break;
            case 'not':
                visit(x.e);
                break;
            case 'bin':
                visit(x.a);
                visit(x.b);
                break;
            default:
        }
    };
    visit(e);
    return out;
}
const UNKNOWN = { t: 'unknown' };
const known = (v) => ({ t: 'known', v });
function truthy(v) {
    if (v.t === 'prefix')
        return v.p !== '' ? true : 'unknown';
    if (v.t === 'oneOf')
        return v.vs.every((x) => x !== '') ? true : 'unknown';
    if (v.t === 'unknown')
        return 'unknown';
    const x = v.v;
    return !(x === null || x === false || x === 0 || x === '' || (typeof x === 'number' && Number.isNaN(x)));
}
function fromTri(t) {
    return t === 'unknown' ? UNKNOWN : known(t);
}
function eq(a, b) {
    if (a.t === 'known' && b.t === 'known') {
        const x = a.v;
        const y = b.v;
        if (typeof x === 'string' && typeof y === 'string')
            return x.toLowerCase() === y.toLowerCase();
        if (x === null || y === null)
            return x === y;
        if (typeof x === typeof y)
            return x === y;
        // GitHub coerces mismatched types to numbers
        const nx = Number(x === true ? 1 : x === false ? 0 : x);
        const ny = Number(y === true ? 1 : y === false ? 0 : y);
        return nx === ny;
    }
    const [o, ok] = a.t === 'oneOf' ? [a, b] : b.t === 'oneOf' ? [b, a] : [undefined, undefined];
    if (o && o.t === 'oneOf' && ok && ok.t === 'known') {
        if (typeof ok.v !== 'string')
            return false;
        const hit = o.vs.some((x) => x.toLowerCase() === ok.v.toLowerCase());
        return !hit ? false : o.vs.length === 1 ? true : 'unknown';
    }
    const [p, k] = a.t === 'prefix' ? [a, b] : b.t === 'prefix' ? [b, a] : [undefined, undefined];
    if (p && p.t === 'prefix' && k && k.t === 'known') {
        if (typeof k.v !== 'string')
            return false;
        return k.v.toLowerCase().startsWith(p.p.toLowerCase()) ? 'unknown' : false;
    }
    return 'unknown';
}
function expr_str(v) {
    return v.t === 'known' ? (v.v === null ? '' : String(v.v)) : undefined;
}
function call(fn, args) {
    switch (fn) {
        case 'always':
            return known(true);
        case 'success':
        case 'failure':
        case 'cancelled':
            return UNKNOWN;
        case 'startswith':
        case 'endswith':
        case 'contains': {
            const [a, b] = args;
            if (!a || !b)
                return UNKNOWN;
            const sa = expr_str(a);
            const sb = expr_str(b);
            if (sa !== undefined && sb !== undefined) {
                const x = sa.toLowerCase();
                const y = sb.toLowerCase();
                return known(fn === 'startswith' ? x.startsWith(y) : fn === 'endswith' ? x.endsWith(y) : x.includes(y));
            }
            if (fn === 'startswith' && a.t === 'prefix' && sb !== undefined) {
                const p = a.p.toLowerCase();
                const y = sb.toLowerCase();
                if (p.startsWith(y))
                    return known(true);
                if (!y.startsWith(p))
                    return known(false);
                return UNKNOWN;
            }
            if (fn === 'contains' && a.t === 'prefix' && sb !== undefined && a.p.toLowerCase().includes(sb.toLowerCase()))
                return known(true);
            return UNKNOWN;
        }
        case 'format': {
            const [f, ...rest] = args;
            const fs = f ? expr_str(f) : undefined;
            if (fs === undefined || rest.some((r) => expr_str(r) === undefined))
                return UNKNOWN;
            return known(fs.replace(/\{(\d+)\}/g, (_m, n) => expr_str(rest[Number(n)]) ?? ''));
        }
        default:
            return UNKNOWN;
    }
}
function evaluate(e, resolve) {
    switch (e.k) {
        case 'lit':
            return known(e.v);
        case 'ctx':
        case 'prop':
        case 'index': {
            const p = refPath(e);
            return p === undefined ? UNKNOWN : resolve(p);
        }
        case 'call':
            return call(e.fn, e.args.map((a) => evaluate(a, resolve)));
        case 'not': {
            const t = truthy(evaluate(e.e, resolve));
            return fromTri(t === 'unknown' ? 'unknown' : !t);
        }
        case 'bin': {
            // GitHub's && and || return an operand, not a boolean: `a && 'x' || b`.
            if (e.op === '&&') {
                const av = evaluate(e.a, resolve);
                const a = truthy(av);
                if (a === false)
                    return av;
                const bv = evaluate(e.b, resolve);
                if (a === true)
                    return bv;
                return truthy(bv) === false ? known(false) : UNKNOWN;
            }
            if (e.op === '||') {
                const av = evaluate(e.a, resolve);
                const a = truthy(av);
                if (a === true)
                    return av;
                const bv = evaluate(e.b, resolve);
                if (a === false)
                    return bv;
                return truthy(bv) === true ? known(true) : UNKNOWN;
            }
            const a = evaluate(e.a, resolve);
            const b = evaluate(e.b, resolve);
            if (e.op === '==')
                return fromTri(eq(a, b));
            if (e.op === '!=') {
                const r = eq(a, b);
                return fromTri(r === 'unknown' ? 'unknown' : !r);
            }
            if (a.t === 'known' && b.t === 'known') {
                const x = Number(a.v);
                const y = Number(b.v);
                return known(e.op === '<' ? x < y : e.op === '<=' ? x <= y : e.op === '>' ? x > y : x >= y);
            }
            return UNKNOWN;
        }
    }
}
/**
 * Evaluate an `if:` value: a bare expression, or one wrapped in `${{ }}`. Text mixed with
 * `${{ }}` is a non-empty string, which GitHub treats as true.
 */
function evaluateCondition(text, resolve) {
    let src = text.trim();
    const exprs = findExpressions(src);
    if (exprs.length === 1 && exprs[0].full === src)
        src = exprs[0].inner;
    else if (exprs.length > 0)
        return true;
    if (src === '')
        return true;
    try {
        return truthy(evaluate(parseExpr(src), resolve));
    }
    catch {
        return 'unknown';
    }
}
/** Does the condition use a status function other than success()? (then it runs even when needs were skipped) */
function usesStatusFunction(text) {
    return /\b(always|failure|cancelled)\s*\(/i.test(text);
}

;// CONCATENATED MODULE: ./src/workflow/triggers.ts


/** Triggers through which people outside the project can start the workflow, with the base repository's secrets. */
const DANGEROUS_EVENTS = {
    pull_request_target: 'runs for pull requests from forks with the base repository\'s secrets and a write token',
    workflow_run: 'runs with secrets after another workflow, which may have been started by a pull request from a fork',
    issue_comment: 'anyone who can comment on an issue or pull request can start it',
    issues: 'anyone who can open or edit an issue can start it',
    pull_request_review: 'anyone who can review a pull request can start it',
    pull_request_review_comment: 'anyone who can comment on a pull request review can start it',
    discussion: 'anyone who can open a discussion can start it',
    discussion_comment: 'anyone who can comment on a discussion can start it',
};
/** Payload keys per event (docs.github.com, "Webhook events and payloads"); others are null there. */
const PAYLOAD = {
    push: ['ref', 'before', 'after', 'base_ref', 'commits', 'compare', 'created', 'deleted', 'forced', 'head_commit', 'pusher', 'repository', 'sender', 'organization', 'enterprise', 'installation'],
    release: ['action', 'release', 'repository', 'sender', 'organization', 'enterprise', 'installation', 'changes'],
    workflow_dispatch: ['inputs', 'ref', 'repository', 'sender', 'workflow', 'organization', 'enterprise', 'installation'],
    schedule: ['schedule', 'repository', 'organization', 'enterprise', 'sender'],
    pull_request: ['action', 'number', 'pull_request', 'repository', 'sender', 'label', 'assignee', 'requested_reviewer', 'requested_team', 'changes', 'before', 'after', 'organization', 'enterprise', 'installation', 'milestone'],
};
PAYLOAD.pull_request_target = PAYLOAD.pull_request;
/** The `action` values an event can have (docs.github.com, "Events that trigger workflows"). */
const ACTIONS = {
    pull_request: ['assigned', 'unassigned', 'labeled', 'unlabeled', 'opened', 'edited', 'closed', 'reopened', 'synchronize', 'converted_to_draft', 'ready_for_review', 'locked', 'unlocked', 'review_requested', 'review_request_removed', 'auto_merge_enabled', 'auto_merge_disabled', 'milestoned', 'demilestoned', 'enqueued', 'dequeued'],
    release: ['published', 'unpublished', 'created', 'edited', 'deleted', 'prereleased', 'released'],
    workflow_run: ['requested', 'in_progress', 'completed'],
    issue_comment: ['created', 'edited', 'deleted'],
};
ACTIONS.pull_request_target = ACTIONS.pull_request;
const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);
function stringList(node) {
    if (!node)
        return undefined;
    if (node.kind === 'scalar')
        return node.value === null ? [] : [String(node.value)];
    if (node.kind === 'seq')
        return node.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [String(i.value)] : []));
    return undefined;
}
/** Longest literal prefix of glob filters (`v*` -> `v`), or '' when they share none. */
function literalPrefix(globs) {
    const lits = globs.map((g) => g.split(/[*?[!+]/)[0]);
    if (lits.length === 0)
        return '';
    let p = lits[0];
    for (const l of lits)
        while (!l.startsWith(p))
            p = p.slice(0, -1);
    return p;
}
function makeResolver(event, ref, refType, action) {
    const payload = PAYLOAD[event];
    return (path) => {
        switch (path) {
            case 'github.event_name':
                return known(event);
            case 'github.ref':
                return ref;
            case 'github.ref_type':
                return refType;
            case 'github.ref_name':
                return ref.t === 'known' && typeof ref.v === 'string' ? known(ref.v.replace(/^refs\/(heads|tags)\//, '')) : UNKNOWN;
            case 'github.event.action':
                return payload && !payload.includes('action') ? known(null) : action;
            case 'github.head_ref':
            case 'github.base_ref':
                return PR_EVENTS.has(event) ? UNKNOWN : known('');
            default:
        }
        const m = /^github\.event\.([^.]+)/.exec(path);
        if (m && payload && !payload.includes(m[1]))
            return known(null);
        return UNKNOWN;
    };
}
function occasions(wf) {
    const out = [];
    for (const t of wf.triggers) {
        const cfg = t.config;
        const types = stringList(get(cfg, 'types'));
        const all = ACTIONS[t.event];
        const action = types && types.length === 1 ? known(types[0]) : types && types.length ? { t: 'oneOf', vs: types } : all ? { t: 'oneOf', vs: all } : UNKNOWN;
        if (t.event === 'push') {
            const branches = stringList(get(cfg, 'branches'));
            const branchesIgnore = stringList(get(cfg, 'branches-ignore'));
            const tags = stringList(get(cfg, 'tags'));
            const tagsIgnore = stringList(get(cfg, 'tags-ignore'));
            const hasBranchFilter = branches !== undefined || branchesIgnore !== undefined;
            const hasTagFilter = tags !== undefined || tagsIgnore !== undefined;
            // GitHub: with only branch filters, tag pushes do not run the workflow, and vice versa.
            const runsOnBranches = !hasTagFilter || hasBranchFilter;
            const runsOnTags = !hasBranchFilter || hasTagFilter;
            if (runsOnBranches && !(branches && branches.length === 0)) {
                const single = branches && branches.length === 1 && !/[*?[!]/.test(branches[0]) ? branches[0] : undefined;
                const ref = single ? known(`refs/heads/${single}`) : { t: 'prefix', p: `refs/heads/${literalPrefix(branches ?? [])}` };
                out.push({
                    event: 'push',
                    refKind: 'branch',
                    label: `a push to a branch${branches ? ` (${branches.join(', ')})` : ''}`,
                    pos: t.pos,
                    filters: branches ?? [],
                    resolve: makeResolver('push', ref, known('branch'), UNKNOWN),
                });
            }
            if (runsOnTags && !(tags && tags.length === 0)) {
                out.push({
                    event: 'push',
                    refKind: 'tag',
                    label: `a push of a tag${tags ? ` (${tags.join(', ')})` : ''}`,
                    pos: t.pos,
                    filters: tags ?? [],
                    resolve: makeResolver('push', { t: 'prefix', p: `refs/tags/${literalPrefix(tags ?? [])}` }, known('tag'), UNKNOWN),
                });
            }
            continue;
        }
        let ref = UNKNOWN;
        let refType = UNKNOWN;
        if (t.event === 'release') {
            ref = { t: 'prefix', p: 'refs/tags/' };
            refType = known('tag');
        }
        else if (t.event === 'pull_request')
            ref = { t: 'prefix', p: 'refs/pull/' };
        else if (['schedule', 'workflow_run', 'pull_request_target', 'issue_comment', 'issues', 'discussion', 'discussion_comment', 'pull_request_review', 'pull_request_review_comment'].includes(t.event)) {
            ref = { t: 'prefix', p: 'refs/heads/' };
            refType = known('branch');
        }
        out.push({ event: t.event, label: `${t.event === 'pull_request' ? 'a ' : ''}${t.event}`, pos: t.pos, filters: stringList(get(cfg, 'branches')) ?? [], resolve: makeResolver(t.event, ref, refType, action) });
    }
    return out;
}
/** Can the job run on this occasion? Follows its `needs` chain: a skipped need skips it. */
function jobReachable(wf, job, occ, seen = new Map()) {
    const memo = seen.get(job.id);
    if (memo !== undefined)
        return memo;
    seen.set(job.id, 'unknown'); // cycles: undecided
    const c = job.if ? evaluateCondition(job.if.value, occ.resolve) : true;
    let result = c;
    if (c !== false) {
        const runsAfterSkips = !!job.if && usesStatusFunction(job.if.value);
        for (const n of job.needs) {
            const dep = wf.jobs.find((j) => j.id === n.value);
            if (!dep)
                continue;
            const r = jobReachable(wf, dep, occ, seen);
            if (r === false && !runsAfterSkips) {
                result = false;
                break;
            }
            if (r === 'unknown' && result === true)
                result = 'unknown';
        }
    }
    seen.set(job.id, result);
    return result;
}
function stepReachable(wf, job, step, occ) {
    const j = jobReachable(wf, job, occ);
    if (j === false)
        return false;
    const s = step.if ? evaluateCondition(step.if.value, occ.resolve) : true;
    if (s === false)
        return false;
    return j === true && s === true ? true : 'unknown';
}
/** The occasions on which the job may run. */
function reachingOccasions(wf, job) {
    return occasions(wf).filter((o) => jobReachable(wf, job, o) !== false);
}

;// CONCATENATED MODULE: ./src/audits/cache-poisoning.ts
/**
 * cache-poisoning: a cache restored into a release build runs whatever the cache holds. Any
 * workflow on the default branch can write those caches — the Ultralytics releases of
 * December 2024 were built from one.
 */





function withPos(s, key) {
    return s.step.with.get(key)?.pos ?? s.step.uses.pos;
}
/** Events on which setup-uv's `enable-cache: auto` leaves the cache off (its action.yml). */
const UV_AUTO_OFF = (o) => o.event === 'release' || (o.event === 'push' && o.refKind === 'tag') || o.event === 'pull_request_target' || o.event === 'workflow_run';
function judge(s, wf) {
    const a = actionOf(s.step);
    const repo = actionRepo(s.step);
    if (!a || !repo)
        return undefined;
    const set = (k) => {
        const v = input(s.step, k);
        return v !== undefined && v.trim() !== '' && !isFalse(v);
    };
    switch (repo) {
        case 'actions/cache':
            if (a === 'actions/cache/save')
                return undefined;
            return { how: 'certain', why: 'restores a cache', at: s.step.uses.pos, off: 'Remove the cache step from the release jobs.' };
        case 'actions/setup-python':
        case 'actions/setup-java':
        case 'actions/setup-dotnet':
            if (set('cache'))
                return { how: 'certain', why: `restores the ${input(s.step, 'cache')} cache`, at: withPos(s, 'cache'), off: 'Remove `cache:`.' };
            return undefined;
        case 'actions/setup-node': {
            if (set('cache'))
                return { how: 'certain', why: `restores the ${input(s.step, 'cache')} cache`, at: withPos(s, 'cache'), off: 'Remove `cache:` and set `package-manager-cache: false`.' };
            const v = versionOf(s.step, s.wf);
            if ((v === undefined || v >= 5) && !isFalse(input(s.step, 'package-manager-cache'))) {
                return { how: 'conditional', why: 'caches by default (v5+) when package.json names a `packageManager`', at: s.step.uses.pos, off: 'Set `package-manager-cache: false`.' };
            }
            return undefined;
        }
        case 'actions/setup-go':
            if (!isFalse(input(s.step, 'cache')))
                return { how: 'certain', why: 'restores the Go module cache (on by default)', at: withPos(s, 'cache'), off: 'Set `cache: false`.' };
            return undefined;
        case 'ruby/setup-ruby':
            if (isTrue(input(s.step, 'bundler-cache')))
                return { how: 'certain', why: 'restores the bundler cache', at: withPos(s, 'bundler-cache'), off: 'Set `bundler-cache: false`.' };
            return undefined;
        case 'astral-sh/setup-uv': {
            const v = input(s.step, 'enable-cache');
            if (isTrue(v))
                return { how: 'certain', why: 'restores the uv cache', at: withPos(s, 'enable-cache'), off: 'Set `enable-cache: false`.' };
            if (isFalse(v) || (v !== undefined && v !== 'auto' && !v.includes('${{')))
                return undefined;
            const ver = versionOf(s.step, s.wf);
            if (ver !== undefined && ver < 6 && v === undefined)
                return undefined;
            if (wf.kind !== 'workflow')
                return { how: 'conditional', why: 'caches by default on most events', at: s.step.uses.pos, off: 'Set `enable-cache: false`.' };
            const on = occasions(wf).filter((o) => !UV_AUTO_OFF(o) && jobReachable(wf, s.top.job, o) !== false);
            if (on.length)
                return { how: 'certain', why: `caches by default (\`enable-cache: auto\`) on ${on[0].label}`, at: s.step.uses.pos, off: 'Set `enable-cache: false`.' };
            return undefined;
        }
        case 'swatinem/rust-cache':
            return { how: 'certain', why: 'restores the Cargo cache', at: s.step.uses.pos, off: 'Remove the step from the release jobs.' };
        case 'jdx/mise-action':
            if (!isFalse(input(s.step, 'cache')))
                return { how: 'certain', why: 'restores the mise cache (on by default)', at: withPos(s, 'cache'), off: 'Set `cache: false`.' };
            return undefined;
        case 'prefix-dev/setup-pixi': {
            const c = input(s.step, 'cache');
            if (isTrue(c))
                return { how: 'certain', why: 'restores the pixi environment cache', at: withPos(s, 'cache'), off: 'Set `cache: false`.' };
            if (c === undefined)
                return { how: 'conditional', why: 'caches the pixi environment by default when pixi.lock exists', at: s.step.uses.pos, off: 'Set `cache: false`.' };
            return undefined;
        }
        case 'gradle/actions':
        case 'gradle/gradle-build-action':
            if (!isTrue(input(s.step, 'cache-disabled')))
                return { how: 'certain', why: 'restores the Gradle cache (on by default)', at: s.step.uses.pos, off: 'Set `cache-disabled: true`.' };
            return undefined;
        case 'docker/build-push-action':
            if (set('cache-from'))
                return { how: 'certain', why: `builds from the cache ${code(input(s.step, 'cache-from').trim())}`, at: withPos(s, 'cache-from'), off: 'Remove `cache-from:`.' };
            return undefined;
        default:
            return undefined;
    }
}
const cache_poisoning_rule = {
    id: 'cache-poisoning',
    title: 'cache restored into a release build',
    severity: 'error',
    check(ctx) {
        if (ctx.scope.mode === 'all' && ctx.workflow.kind === 'workflow')
            return [];
        const out = [];
        for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
            for (const s of stepSites(site, ctx.local)) {
                const h = judge(s, ctx.workflow);
                if (!h)
                    continue;
                out.push(ctx.finding({
                    message: `${code(s.step.uses.value)} ${h.why} in job ${code(site.job.id)}, which ${site.target ? 'publishes' : 'builds what is published'}`,
                    fix: `${h.off} A release build should start from nothing that another workflow could have written.`,
                    ...atStep(s, h.at),
                    ...(h.how === 'conditional' ? { severity: 'warning' } : {}),
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/check-failed.ts
function failureInput(f) {
    return { message: `could not ${f.check}: ${f.reason}`, fix: f.fix };
}
const check_failed_rule = {
    id: 'check-failed',
    title: 'a check could not be carried out',
    severity: 'error',
    check(ctx) {
        return ctx.failures.map((f) => ctx.finding({ ...failureInput(f), at: { line: f.line ?? 1, column: 1 }, ...(f.file ? { file: f.file } : {}) }));
    },
};

;// CONCATENATED MODULE: ./src/audits/dangerous-triggers.ts
/**
 * dangerous-triggers: triggers through which people outside the project start the workflow
 * with the base repository's secrets (pull_request_target, workflow_run, issue_comment, …)
 * must not reach the publishing job.
 */



const PR_TRIGGERS = ['pull_request', 'pull_request_target', 'issue_comment', 'pull_request_review', 'pull_request_review_comment'];
function upstreamNames(wf) {
    const t = wf.triggers.find((x) => x.event === 'workflow_run');
    const w = get(t?.config, 'workflows');
    if (!w)
        return [];
    if (w.kind === 'scalar')
        return w.value === null ? [] : [String(w.value)];
    if (w.kind === 'seq')
        return w.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [String(i.value)] : []));
    return [];
}
/** Judge a workflow_run trigger by the workflows it follows. */
function workflowRun(ctx) {
    const names = upstreamNames(ctx.workflow);
    if (names.length === 0)
        return { severity: 'error', why: 'it follows any workflow, including ones started by pull requests' };
    const found = names.map((n) => ({ n, wf: ctx.related.find((r) => r.name === n || r.file.endsWith(`/${n}`)) }));
    const risky = found.filter((f) => f.wf?.triggers.some((t) => PR_TRIGGERS.includes(t.event)));
    if (risky.length) {
        return {
            severity: 'error',
            why: risky.map((r) => `${code(r.n)} (${r.wf.file}) runs on ${r.wf.triggers.filter((t) => PR_TRIGGERS.includes(t.event)).map((t) => t.event).join(', ')}, so a pull request from a fork can produce what this job publishes`).join('; '),
        };
    }
    const missing = found.filter((f) => !f.wf).map((f) => code(f.n));
    if (missing.length) {
        return { severity: 'warning', why: `the workflow${missing.length > 1 ? 's' : ''} it follows (${missing.join(', ')}) could not be read, so whether a pull request can start ${missing.length > 1 ? 'them' : 'it'} is unknown` };
    }
    return {
        severity: 'warning',
        why: `${found.map((f) => `${code(f.n)} runs on ${f.wf.triggers.map((t) => t.event).join(', ')}`).join('; ')}: no pull request starts it, but this job cannot tell which push or ref produced what it publishes`,
    };
}
const dangerous_triggers_rule = {
    id: 'dangerous-triggers',
    title: 'untrusted trigger reaches the publishing job',
    severity: 'error',
    check(ctx) {
        if (ctx.workflow.kind !== 'workflow')
            return [];
        const wf = ctx.workflow;
        const guarded = ctx.scope.targets;
        const out = [];
        for (const occ of occasions(wf)) {
            const risk = DANGEROUS_EVENTS[occ.event];
            if (!risk)
                continue;
            const reached = guarded.filter((j) => jobReachable(wf, j, occ) !== false);
            if (reached.length === 0)
                continue;
            const jobs = reached.map((j) => code(j.id)).join(', ');
            const what = ctx.scope.mode === 'all' ? 'job' : 'publishing job';
            let severity = 'error';
            let why = risk;
            if (occ.event === 'workflow_run')
                ({ severity, why } = workflowRun(ctx));
            out.push(ctx.finding({
                message: `\`${occ.event}\` can reach ${what}${reached.length > 1 ? 's' : ''} ${jobs}: ${why}`,
                fix: occ.event === 'workflow_run'
                    ? 'Publish from a workflow triggered by `release: published`, a tag push or `workflow_dispatch`, and build the artifacts in that workflow; or guard the publishing job with an `if:` that excludes `workflow_run`.'
                    : `Move publishing to a workflow triggered by \`release\`, a tag push or \`workflow_dispatch\`, or add \`if: github.event_name != '${occ.event}'\` to ${reached.length > 1 ? 'each publishing job' : `job ${code(reached[0].id)}`}.`,
                at: occ.pos,
                job: reached[0].id,
                severity,
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/excessive-permissions.ts
/**
 * excessive-permissions: read-only `permissions:` at the top of the workflow, and in the jobs
 * that build and publish only the write scopes their steps use.
 */




/**
 * Scopes whose needless grant is a lesser risk: `attestations: write` only lets the job
 * create attestations for this repository. Reported as warnings.
 */
const LOW_RISK = new Set(['attestations']);
function writes(p) {
    return [...p.scopes.entries()].filter(([, v]) => v.value === 'write').map(([k]) => k);
}
/** Why each write scope is needed in a job, from its steps (local composites included). */
function needs(site, ctx) {
    const m = new Map();
    if (site.job.uses) {
        // the called workflow decides; its jobs are judged where they can be read
        for (const s of ['id-token', 'contents', 'packages', 'attestations', 'pull-requests'])
            m.set(s, `the called workflow ${site.job.uses.value}`);
        return m;
    }
    for (const s of stepSites(site, ctx.local)) {
        const n = stepNeeds(s.step);
        if (n.idToken && !m.has('id-token'))
            m.set('id-token', n.idToken);
        if (n.attestations && !m.has('attestations'))
            m.set('attestations', n.attestations);
        if (n.contents && !m.has('contents'))
            m.set('contents', n.contents);
        if (n.packages && !m.has('packages'))
            m.set('packages', n.packages);
        if (n.bot && !m.has('bot'))
            m.set('bot', n.bot);
        if (n.pages)
            m.set('pages', 'actions/deploy-pages');
    }
    return m;
}
const excessive_permissions_rule = {
    id: 'excessive-permissions',
    title: 'token permissions broader than the release needs',
    severity: 'error',
    check(ctx) {
        const wf = ctx.workflow;
        if (wf.kind !== 'workflow')
            return [];
        const out = [];
        const top = wf.permissions;
        if (!top) {
            out.push(ctx.finding({
                message: 'the workflow has no top-level `permissions:`, so every job without its own block gets the repository\'s default token, which may be read-write',
                fix: 'Add `permissions: {}` (or `permissions: { contents: read }`) at the top of the workflow, and grant each job only what it uses.',
                at: { line: 1, column: 1 },
            }));
        }
        else if (top.kind === 'write-all' || top.kind === 'read-all') {
            out.push(ctx.finding({
                message: `top-level \`permissions: ${top.kind}\` gives every job ${top.kind === 'write-all' ? 'write access to every scope' : 'read access to every scope'}`,
                fix: 'Use `permissions: {}` or `permissions: { contents: read }` at the top, and grant write scopes in the jobs that use them.',
                at: top.pos,
            }));
        }
        else if (top.kind === 'map') {
            for (const s of writes(top)) {
                out.push(ctx.finding({
                    message: `top-level \`permissions:\` grants \`${s}: write\` to every job of the workflow`,
                    fix: `Keep the top level read-only and move \`${s}: write\` to the job that uses it.`,
                    at: top.scopes.get(s).pos,
                }));
            }
        }
        for (const site of jobSites(wf, ctx.scope, ctx.local)) {
            const own = site.job.permissions;
            if (own?.kind === 'write-all') {
                out.push(ctx.finding({ message: `job ${code(site.job.id)} has \`permissions: write-all\``, fix: 'List the scopes the job uses, each at the lowest level that works.', ...atJob(site, own.pos) }));
                continue;
            }
            if (!own || own.kind !== 'map')
                continue; // workflow-level grants are reported above
            const need = needs(site, ctx);
            const bot = need.get('bot');
            for (const s of writes(own)) {
                if (need.has(s) && !(bot && (s === 'contents' || s === 'pull-requests')))
                    continue;
                if (!site.target) {
                    if (s !== 'id-token')
                        continue;
                    out.push(ctx.finding({
                        message: `job ${code(site.job.id)} holds \`id-token: write\` but neither publishes nor signs: any step in it can mint an OIDC token that trusted publishing accepts for this repository`,
                        fix: `Remove \`id-token: write\` from job ${code(site.job.id)}; keep it only in the job that publishes or attests.`,
                        ...atJob(site, own.scopes.get(s).pos),
                    }));
                    continue;
                }
                const botScope = !!bot && (s === 'contents' || s === 'pull-requests' || s === 'issues');
                out.push(ctx.finding({
                    message: botScope
                        ? `publishing job ${code(site.job.id)} holds \`${s}: write\` for ${bot}, which opens release pull requests from the publishing job; a compromised dependency in this job could push to the repository`
                        : `publishing job ${code(site.job.id)} holds \`${s}: write\`, which none of its steps uses`,
                    fix: botScope
                        ? `Split ${bot}'s release-PR step into its own job with \`contents\`/\`pull-requests: write\`, and keep the publishing job to \`id-token: write\`.`
                        : `Remove \`${s}: write\` from job ${code(site.job.id)}${s === 'contents' ? ' (it is needed only by steps that create releases or push, such as `gh release create`)' : ''}.`,
                    ...atJob(site, own.scopes.get(s).pos),
                    ...(botScope || LOW_RISK.has(s) ? { severity: 'warning' } : {}),
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/gate-order.ts
/**
 * gate-order: release-gate must be the first step of the job it guards. A step before it
 * runs before the gate has decided, and can change what the gate inspects.
 */

/** Is this step release-gate itself? */
function isGate(step, gateRepository) {
    const u = step.uses?.parsed;
    if (!u)
        return false;
    if (u.kind === 'repo') {
        const name = `${u.owner}/${u.repo}`.toLowerCase();
        if (gateRepository && name === gateRepository.toLowerCase() && u.path === '')
            return true;
        return u.repo.toLowerCase() === 'release-gate' && u.path === '';
    }
    // `uses: ./` runs the action at the root of this repository: release-gate testing itself
    return u.kind === 'local' && u.path === '' && !gateRepository;
}
const gate_order_rule = {
    id: 'gate-order',
    title: 'release-gate is not the first step',
    severity: 'warning',
    check(ctx) {
        if (ctx.scope.mode === 'all' && ctx.workflow.kind === 'action')
            return [];
        const out = [];
        for (const job of ctx.scope.targets) {
            const i = job.steps.findIndex((s) => isGate(s, ctx.runtime?.gateRepository));
            if (i <= 0)
                continue;
            const before = job.steps.slice(0, i).map((s) => code(s.name ?? s.uses?.value ?? (s.run ? 'run' : `step ${s.index + 1}`)));
            out.push(ctx.finding({
                message: `release-gate is step ${i + 1} of job ${code(job.id)}; ${before.join(', ')} run${before.length === 1 ? 's' : ''} before it has decided`,
                fix: `Move the release-gate step to the top of job ${code(job.id)}'s \`steps:\`.`,
                at: job.steps[i].uses.pos,
                job: job.id,
                step: job.steps[i],
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/workflow/uses.ts
/**
 * Parsing `uses:` strings the way the runner reads them.
 *
 *   owner/repo@ref                       an action at the repository root
 *   owner/repo/path/to/dir@ref           an action in a subdirectory
 *   owner/repo/.github/workflows/x.yml@ref   a reusable workflow (job-level `uses:`)
 *   ./path  or  $/path                   an action or workflow in this repository
 *   docker://image[:tag][@sha256:digest] a container image run as a step
 */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const HEX = /^[0-9a-f]{7,39}$/i;
const VERSIONISH = /^v?\d+(?:\.\d+){0,3}(?:[-+][0-9A-Za-z.-]+)?$/;
const BRANCHISH = /^(?:main|master|develop|dev|trunk|next|stable|latest|canary|nightly|gh-pages|(?:release|releases|feature|hotfix|fix)\/.+)$/;
// GitHub: owner names are alphanumeric with single inner hyphens; repo names add `.` and `_`.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const PATH_SEGMENT = /^[A-Za-z0-9._+-]+$/;
function classifyRef(ref) {
    if (ref.includes('${{'))
        return 'expression';
    if (FULL_SHA.test(ref))
        return 'sha';
    if (ref.startsWith('refs/tags/'))
        return 'tag';
    if (ref.startsWith('refs/heads/'))
        return 'branch';
    if (HEX.test(ref) && !VERSIONISH.test(ref))
        return 'short-sha';
    if (VERSIONISH.test(ref))
        return 'tag';
    if (BRANCHISH.test(ref) || ref.includes('/'))
        return 'branch';
    return 'symbolic';
}
function nonAscii(s) {
    for (const ch of s) {
        const cp = ch.codePointAt(0);
        if (cp > 0x7e || cp < 0x20)
            return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    return undefined;
}
function parseDocker(raw) {
    const ref = raw.slice('docker://'.length);
    if (!ref)
        return { kind: 'invalid', raw, reason: 'docker:// with no image' };
    if (/\s/.test(ref))
        return { kind: 'invalid', raw, reason: 'the image reference contains white space' };
    const bad = nonAscii(ref);
    if (bad)
        return { kind: 'invalid', raw, reason: `the image reference contains the character ${bad}` };
    return { kind: 'docker', raw, ...parseImage(ref) };
}
/** Split an image reference (`ghcr.io/o/i:tag@sha256:…`) into name, tag and digest. */
function parseImage(ref) {
    let rest = ref;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.indexOf(':', lastSlash + 1);
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    return { image: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
/** True when an image reference is pinned by a well-formed sha256 digest. */
function imagePinned(ref) {
    return !!ref.digest && /^sha256:[0-9a-f]{64}$/.test(ref.digest);
}
function parseUses(input) {
    const raw = input;
    const s = input.trim();
    if (s === '')
        return { kind: 'invalid', raw, reason: 'empty value' };
    if (s.startsWith('docker://'))
        return parseDocker(s);
    if (s.startsWith('./') || s.startsWith('$/')) {
        const form = s.slice(0, 2);
        const path = s.slice(2).replace(/\/+$/, '');
        if (path.includes('${{'))
            return { kind: 'invalid', raw, reason: 'a local path cannot contain an expression' };
        if (path.split('/').some((seg) => seg === '..'))
            return { kind: 'invalid', raw, reason: "a local path with '..' leaves the repository" };
        return { kind: 'local', raw, form, path, reusableWorkflow: /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) };
    }
    if (s !== input)
        return { kind: 'invalid', raw, reason: 'leading or trailing white space' };
    const bad = nonAscii(s);
    if (bad)
        return { kind: 'invalid', raw, reason: `contains the character ${bad}, which GitHub does not accept in an action reference` };
    const at = s.indexOf('@');
    if (at < 0)
        return { kind: 'invalid', raw, reason: 'no @ref: a repository action needs `owner/repo@ref`' };
    const name = s.slice(0, at);
    const ref = s.slice(at + 1);
    if (ref === '')
        return { kind: 'invalid', raw, reason: 'empty ref after @' };
    if (/\s/.test(ref) && !ref.includes('${{'))
        return { kind: 'invalid', raw, reason: 'the ref contains white space' };
    if (ref.includes('@'))
        return { kind: 'invalid', raw, reason: 'more than one @' };
    if (name.includes('${{')) {
        return { kind: 'invalid', raw, reason: 'the repository is an expression; GitHub does not expand expressions there' };
    }
    const parts = name.split('/');
    if (parts.length < 2)
        return { kind: 'invalid', raw, reason: 'expected owner/repo before @' };
    const [owner, repo, ...rest] = parts;
    if (!OWNER.test(owner))
        return { kind: 'invalid', raw, reason: `'${owner}' is not a valid GitHub owner name` };
    if (!REPO.test(repo) || repo === '.' || repo === '..')
        return { kind: 'invalid', raw, reason: `'${repo}' is not a valid repository name` };
    for (const seg of rest) {
        if (seg === '' || seg === '.' || seg === '..') {
            return { kind: 'invalid', raw, reason: `the path has an empty, '.' or '..' component` };
        }
        if (!PATH_SEGMENT.test(seg))
            return { kind: 'invalid', raw, reason: `the path component '${seg}' is not valid` };
    }
    const path = rest.join('/');
    return {
        kind: 'repo',
        raw,
        owner,
        repo,
        path,
        ref,
        refKind: classifyRef(ref),
        reusableWorkflow: /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path),
    };
}
/** `owner/repo` or `owner/repo/path`, the name a user writes in allow-lists. */
function usesName(u) {
    return u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`;
}

;// CONCATENATED MODULE: ./src/workflow/model.ts
/**
 * The typed model of a workflow or action file, every part with its position.
 *
 * Values of the wrong type do not throw: they become `problems` (reported by the
 * `invalid-workflow` rule) and the rest of the file is still modelled and audited.
 */


const TOP = { line: 1, column: 1 };
function mapEntries(node, what, problems) {
    const m = new Map();
    if (!node || (node.kind === 'scalar' && node.value === null))
        return m;
    if (node.kind !== 'map') {
        if (!(node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${{'))) {
            problems.push({ message: `${what} must be a mapping`, pos: node.pos });
        }
        return m;
    }
    for (const p of node.pairs)
        m.set(String(p.key.value), p.value);
    return m;
}
function stringAt(node, what, problems) {
    if (!node || (node.kind === 'scalar' && node.value === null))
        return undefined;
    if (node.kind !== 'scalar') {
        problems.push({ message: `${what} must be a string, not a ${node.kind === 'map' ? 'mapping' : 'list'}`, pos: node.pos });
        return undefined;
    }
    return { value: String(node.value), pos: node.pos };
}
function readPermissions(node, problems) {
    const scopes = new Map();
    if (node.kind === 'scalar') {
        const v = node.value;
        if (v === 'read-all' || v === 'write-all')
            return { pos: node.pos, kind: v, scopes };
        if (typeof v === 'string' && v.includes('${{'))
            return { pos: node.pos, kind: 'expression', scopes };
        if (v === null)
            return { pos: node.pos, kind: 'map', scopes };
        problems.push({ message: `permissions must be read-all, write-all or a mapping of scopes, not '${String(v)}'`, pos: node.pos });
        return { pos: node.pos, kind: 'invalid', scopes };
    }
    if (node.kind === 'seq') {
        problems.push({ message: 'permissions must be a mapping of scopes, not a list', pos: node.pos });
        return { pos: node.pos, kind: 'invalid', scopes };
    }
    for (const p of node.pairs) {
        const v = p.value.kind === 'scalar' ? p.value.value : undefined;
        if (v !== 'read' && v !== 'write' && v !== 'none') {
            problems.push({ message: `permission '${p.key.value}' must be read, write or none`, pos: p.value.pos });
        }
        scopes.set(String(p.key.value), { value: String(v ?? ''), pos: p.key.pos });
    }
    return { pos: node.pos, kind: 'map', scopes };
}
function readTriggers(node, problems) {
    if (!node)
        return [];
    if (node.kind === 'scalar') {
        if (typeof node.value === 'string')
            return [{ event: node.value, pos: node.pos }];
        problems.push({ message: '`on:` must name events', pos: node.pos });
        return [];
    }
    if (node.kind === 'seq') {
        const out = [];
        for (const it of node.items) {
            if (it.kind === 'scalar' && typeof it.value === 'string')
                out.push({ event: it.value, pos: it.pos });
            else
                problems.push({ message: 'each event in `on:` must be a name', pos: it.pos });
        }
        return out;
    }
    return node.pairs.map((p) => ({ event: String(p.key.value), pos: p.key.pos, config: p.value }));
}
function readStep(node, index, problems) {
    if (node.kind !== 'map') {
        problems.push({ message: `step ${index + 1} must be a mapping with \`uses:\` or \`run:\``, pos: node.pos });
        return undefined;
    }
    const usesNode = get(node, 'uses');
    const usesStr = stringAt(usesNode, '`uses:`', problems);
    const runNode = get(node, 'run');
    let run;
    if (runNode) {
        if (runNode.kind === 'scalar')
            run = runNode;
        else
            problems.push({ message: '`run:` must be a string', pos: runNode.pos });
    }
    if (usesStr && run)
        problems.push({ message: 'a step cannot have both `uses:` and `run:`', pos: node.pos });
    const id = stringAt(get(node, 'id'), 'step `id:`', problems)?.value;
    const name = stringAt(get(node, 'name'), 'step `name:`', problems)?.value;
    const ifv = get(node, 'if');
    return {
        index,
        ...(id !== undefined ? { id } : {}),
        ...(name !== undefined ? { name } : {}),
        pos: node.pos,
        node,
        ...(usesStr ? { uses: { ...usesStr, parsed: parseUses(usesStr.value) } } : {}),
        ...(run ? { run } : {}),
        with: mapEntries(get(node, 'with'), 'step `with:`', problems),
        env: mapEntries(get(node, 'env'), 'step `env:`', problems),
        ...(str(get(node, 'shell')) !== undefined ? { shell: str(get(node, 'shell')) } : {}),
        ...(ifv && ifv.kind === 'scalar' && ifv.value !== null ? { if: { value: String(ifv.value), pos: ifv.pos } } : {}),
    };
}
function readSteps(node, problems) {
    if (!node)
        return [];
    if (node.kind !== 'seq') {
        problems.push({ message: '`steps:` must be a list', pos: node.pos });
        return [];
    }
    const out = [];
    node.items.forEach((it, i) => {
        const s = readStep(it, i, problems);
        if (s)
            out.push(s);
    });
    return out;
}
function readJob(id, keyPos, node, problems) {
    const job = { id, pos: keyPos, node, needs: [], with: new Map(), steps: [], env: new Map() };
    if (node.kind !== 'map') {
        problems.push({ message: `job '${id}' must be a mapping`, pos: node.pos });
        return job;
    }
    const name = stringAt(get(node, 'name'), 'job `name:`', problems);
    if (name)
        job.name = name.value;
    job.runsOn = get(node, 'runs-on');
    const env = get(node, 'environment');
    if (env && !(env.kind === 'scalar' && env.value === null)) {
        const envName = env.kind === 'map' ? str(get(env, 'name')) : env.kind === 'scalar' ? String(env.value) : undefined;
        if (env.kind === 'seq')
            problems.push({ message: '`environment:` must be a name or a mapping with `name:`', pos: env.pos });
        job.environment = { ...(envName !== undefined ? { name: envName } : {}), node: env, pos: env.pos };
    }
    const needs = get(node, 'needs');
    if (needs) {
        if (needs.kind === 'scalar' && needs.value !== null)
            job.needs.push({ value: String(needs.value), pos: needs.pos });
        else if (needs.kind === 'seq') {
            for (const n of needs.items) {
                if (n.kind === 'scalar' && n.value !== null)
                    job.needs.push({ value: String(n.value), pos: n.pos });
                else
                    problems.push({ message: 'each `needs:` entry must be a job id', pos: n.pos });
            }
        }
        else if (needs.kind === 'map')
            problems.push({ message: '`needs:` must be a job id or a list of job ids', pos: needs.pos });
    }
    const ifv = get(node, 'if');
    if (ifv && ifv.kind === 'scalar' && ifv.value !== null)
        job.if = { value: String(ifv.value), pos: ifv.pos };
    const uses = stringAt(get(node, 'uses'), 'job `uses:`', problems);
    if (uses)
        job.uses = { ...uses, parsed: parseUses(uses.value) };
    job.with = mapEntries(get(node, 'with'), 'job `with:`', problems);
    const secrets = get(node, 'secrets');
    if (secrets)
        job.secrets = { inherit: secrets.kind === 'scalar' && secrets.value === 'inherit', node: secrets, pos: secrets.pos };
    const perms = get(node, 'permissions');
    if (perms)
        job.permissions = readPermissions(perms, problems);
    job.steps = readSteps(get(node, 'steps'), problems);
    if (!job.uses && !get(node, 'steps'))
        problems.push({ message: `job '${id}' has neither \`steps:\` nor \`uses:\``, pos: keyPos });
    job.container = get(node, 'container');
    job.services = get(node, 'services');
    job.strategy = get(node, 'strategy');
    job.env = mapEntries(get(node, 'env'), 'job `env:`', problems);
    return job;
}
/** True for a file that looks like an action's metadata (`runs:` at the top, no `jobs:`). */
function looksLikeAction(root, file) {
    if (/(^|\/)action\.ya?ml$/.test(file))
        return true;
    return !!root && root.kind === 'map' && !!get(root, 'runs') && !get(root, 'jobs');
}
function modelFromYaml(yaml, file) {
    const problems = [];
    const root = yaml.root;
    const wf = {
        kind: looksLikeAction(root, file) ? 'action' : 'workflow',
        file,
        source: yaml.source,
        triggers: [],
        env: new Map(),
        jobs: [],
        get comments() {
            return yaml.comments;
        },
        problems,
        yaml,
    };
    if (!root || root.kind !== 'map') {
        problems.push({ message: 'the file must be a YAML mapping (a workflow with `on:` and `jobs:`, or an action with `runs:`)', pos: root?.pos ?? TOP });
        return wf;
    }
    const name = stringAt(get(root, 'name'), '`name:`', problems);
    if (name)
        wf.name = name.value;
    if (wf.kind === 'action') {
        const runs = get(root, 'runs');
        if (!runs || runs.kind !== 'map') {
            problems.push({ message: 'an action needs a `runs:` mapping', pos: runs?.pos ?? TOP });
            return wf;
        }
        const using = str(get(runs, 'using')) ?? '';
        const image = stringAt(get(runs, 'image'), '`runs.image`', problems);
        wf.runs = { using, pos: runs.pos, ...(image ? { image } : {}), ...(str(get(runs, 'main')) ? { main: str(get(runs, 'main')) } : {}) };
        if (using === 'composite') {
            wf.jobs.push({ id: 'runs', pos: runs.pos, node: runs, needs: [], with: new Map(), steps: readSteps(get(runs, 'steps'), problems), env: new Map() });
        }
        return wf;
    }
    const onPair = root.pairs.find((p) => p.key.value === 'on');
    if (!onPair)
        problems.push({ message: 'a workflow needs `on:`', pos: TOP });
    else {
        wf.triggersPos = onPair.key.pos;
        wf.triggers = readTriggers(onPair.value, problems);
    }
    const perms = get(root, 'permissions');
    if (perms)
        wf.permissions = readPermissions(perms, problems);
    wf.env = mapEntries(get(root, 'env'), '`env:`', problems);
    const jobs = get(root, 'jobs');
    if (!jobs)
        problems.push({ message: 'a workflow needs `jobs:`', pos: TOP });
    else if (jobs.kind !== 'map')
        problems.push({ message: '`jobs:` must be a mapping of job ids to jobs', pos: jobs.pos });
    else
        for (const p of jobs.pairs)
            wf.jobs.push(readJob(String(p.key.value), p.key.pos, p.value, problems));
    const ids = new Set(wf.jobs.map((j) => j.id));
    for (const j of wf.jobs) {
        for (const n of j.needs) {
            if (!ids.has(n.value))
                problems.push({ message: `job '${j.id}' needs '${n.value}', which is not a job in this workflow`, pos: n.pos });
        }
    }
    return wf;
}
/** Parse source text into a model; throws InputError for unreadable YAML. */
function parseWorkflow(source, file) {
    return modelFromYaml(parseYaml(source, file), file);
}
function findJob(wf, id) {
    return wf.jobs.find((j) => j.id === id);
}

;// CONCATENATED MODULE: ./src/resolve/pool.ts
/** A bounded pool for concurrent requests, and a memo so each key is fetched once. */
class Pool {
    size;
    active = 0;
    waiting = [];
    seq = 0;
    constructor(size) {
        this.size = size;
    }
    /**
     * Run `f` when a slot is free. Higher `priority` goes first (ties in arrival order): the
     * resolver gives deeper nodes higher priority, so the longest chain is not stuck behind leaves.
     */
    async run(f, priority = 0) {
        if (this.active >= this.size) {
            await new Promise((go) => {
                const w = { go, priority, seq: this.seq++ };
                let i = this.waiting.length;
                while (i > 0 && (this.waiting[i - 1].priority < priority))
                    i--;
                this.waiting.splice(i, 0, w);
            });
        }
        this.active++;
        try {
            return await f();
        }
        finally {
            this.active--;
            this.waiting.shift()?.go();
        }
    }
}
class Memo {
    m = new Map();
    get(key, f) {
        let p = this.m.get(key);
        if (!p) {
            p = f();
            this.m.set(key, p);
        }
        return p;
    }
    get size() {
        return this.m.size;
    }
}

;// CONCATENATED MODULE: ./src/resolve/graph.ts




/** 32 requests in flight: GitHub documents 100 concurrent requests as the secondary-limit ceiling; stay far below it. */
const RESOLVE_LIMITS = { concurrency: 32, maxDepth: 9, maxNodes: 500 };
const graph_FULL_SHA = /^[0-9a-f]{40}$/i;
function nodeId(u) {
    return `${u.owner.toLowerCase()}/${u.repo.toLowerCase()}${u.path ? `/${u.path}` : ''}@${u.ref}`;
}
function kindOf(wf, reusable) {
    if (reusable)
        return 'reusable';
    const using = wf.runs?.using ?? '';
    if (using === 'composite')
        return 'composite';
    if (/^node\d+$/.test(using))
        return 'node';
    if (using === 'docker')
        return 'docker';
    return 'unknown';
}
class Resolver {
    o;
    pool;
    nodes = new Memo();
    shas = new Memo();
    pending = [];
    byId = new Map();
    contentRequests = 0;
    constructor(o) {
        this.o = o;
        this.pool = new Pool(o.concurrency ?? RESOLVE_LIMITS.concurrency);
    }
    /** The commit a ref names (tags are peeled by the commits endpoint). */
    commitOf(owner, repo, ref, depth = 0) {
        if (graph_FULL_SHA.test(ref))
            return Promise.resolve(ref.toLowerCase());
        const locked = this.o.locked?.get(`${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`);
        if (locked)
            return Promise.resolve(locked);
        return this.shas.get(`${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`, async () => {
            const r = await this.pool.run(() => this.o.api.getJson(`/repos/${owner}/${repo}/commits/${encodeURIComponent(ref)}`), depth);
            if (!r || typeof r.data.sha !== 'string')
                throw new Error(`${owner}/${repo} has no branch, tag or commit '${ref}'`);
            return r.data.sha;
        });
    }
    async read(owner, repo, sha, path, depth = 0) {
        const repoKey = `${owner}/${repo}`;
        const cached = await this.o.cache?.get(repoKey, sha, path);
        if (cached !== undefined)
            return cached ?? undefined;
        this.contentRequests++;
        const text = await this.pool.run(() => this.o.api.getFile(owner, repo, path, sha), depth);
        await this.o.cache?.set(repoKey, sha, path, text ?? null);
        return text;
    }
    node(u, depth) {
        const id = nodeId(u);
        return this.nodes.get(id, async () => {
            const n = { id, uses: u, kind: u.reusableWorkflow ? 'reusable' : 'unknown', children: [] };
            this.byId.set(id, n);
            if (this.byId.size > (this.o.maxNodes ?? RESOLVE_LIMITS.maxNodes)) {
                n.error = `more than ${this.o.maxNodes ?? RESOLVE_LIMITS.maxNodes} distinct actions; resolution stopped`;
                return n;
            }
            if (u.refKind === 'expression') {
                n.error = 'the ref is an expression, decided at run time';
                return n;
            }
            try {
                n.sha = await this.commitOf(u.owner, u.repo, u.ref, depth);
                const paths = u.reusableWorkflow ? [u.path] : [u.path ? `${u.path}/action.yml` : 'action.yml', u.path ? `${u.path}/action.yaml` : 'action.yaml'];
                let text;
                let at = '';
                for (const p of paths) {
                    text = await this.read(u.owner, u.repo, n.sha, p, depth);
                    if (text !== undefined) {
                        at = p;
                        break;
                    }
                }
                if (text === undefined) {
                    n.error = `${u.owner}/${u.repo} has no ${paths.join(' or ')} at ${n.sha.slice(0, 12)}`;
                    return n;
                }
                try {
                    n.file = parseWorkflow(text, `${u.owner}/${u.repo}/${at}@${n.sha.slice(0, 12)}`);
                }
                catch (e) {
                    n.error = e instanceof InputError ? e.message : String(e);
                    return n;
                }
                n.kind = kindOf(n.file, u.reusableWorkflow);
                n.using = n.file.runs?.using;
                if (n.kind === 'docker' && n.file.runs?.image)
                    n.image = n.file.runs.image;
                if (n.kind === 'composite' || n.kind === 'reusable')
                    this.expand(n, depth);
            }
            catch (e) {
                n.error = e instanceof Error ? e.message : String(e);
            }
            return n;
        });
    }
    /** Queue a node's children; they are awaited by `settle()`, not by the node (cycles are fine). */
    expand(n, depth) {
        const f = n.file;
        const uses = [];
        for (const j of f.jobs) {
            if (j.uses)
                uses.push(j.uses);
            for (const s of j.steps)
                if (s.uses)
                    uses.push(s.uses);
        }
        for (const u of uses) {
            const p = u.parsed;
            const edge = { uses: u };
            n.children.push(edge);
            if (p.kind === 'docker')
                edge.note = 'container image';
            else if (p.kind === 'invalid')
                edge.note = `invalid reference: ${p.reason}`;
            else if (p.kind === 'local' && p.form === './')
                edge.note = `a local path inside ${n.uses.owner}/${n.uses.repo}: resolved against the calling workflow's workspace, not the action's repository`;
            else {
                const child = p.kind === 'local'
                    ? { kind: 'repo', raw: u.value, owner: n.uses.owner, repo: n.uses.repo, path: p.path, ref: n.sha, refKind: 'sha', reusableWorkflow: p.reusableWorkflow }
                    : p.kind === 'repo'
                        ? p
                        : undefined;
                if (!child)
                    continue;
                if (depth + 1 > (this.o.maxDepth ?? RESOLVE_LIMITS.maxDepth)) {
                    edge.note = `deeper than the runner's limit of ${this.o.maxDepth ?? RESOLVE_LIMITS.maxDepth} nested actions: the run would fail`;
                    continue;
                }
                this.pending.push(this.node(child, depth + 1).then((c) => (edge.node = c)));
            }
        }
    }
    async settle() {
        while (this.pending.length)
            await Promise.all(this.pending.splice(0));
    }
    all() {
        return this.byId;
    }
}
/** Resolve every repository `uses:` in scope (local files included) and what they use. */
async function resolveScope(wf, scope, local, o) {
    const r = new Resolver(o);
    const roots = [];
    for (const site of jobSites(wf, scope, local)) {
        const add = (uses, file, step, chain = site.chain) => {
            if (uses.parsed.kind !== 'repo')
                return;
            const root = { uses, file, job: site.job.id, chain, ...(step ? { step } : {}) };
            roots.push(root);
            r.node(uses.parsed, 1).then((n) => (root.node = n));
        };
        if (site.job.uses)
            add(site.job.uses, site.wf.file);
        for (const s of stepSites(site, local))
            if (s.step.uses)
                add(s.step.uses, s.wf.file, s.top.step, s.chain);
    }
    // roots' own promises are memoised nodes; wait for them, then for everything they queued
    await Promise.all(roots.map((x) => r.node(x.uses.parsed, 1)));
    await r.settle();
    for (const x of roots)
        x.node = await r.node(x.uses.parsed, 1);
    // point each failure at the first top-level `uses:` that leads to it
    const firstRoot = new Map();
    const walk = (n, root, seen) => {
        if (!n || seen.has(n.id))
            return;
        seen.add(n.id);
        if (!firstRoot.has(n.id))
            firstRoot.set(n.id, root);
        for (const e of n.children)
            walk(e.node, root, seen);
    };
    for (const x of roots)
        walk(x.node, x, new Set());
    const failures = [];
    for (const n of r.all().values()) {
        if (!n.error)
            continue;
        const root = firstRoot.get(n.id);
        failures.push({
            check: `resolve ${n.uses.raw}`,
            reason: n.error,
            fix: 'Check that the action exists at that ref and that the job token can read it (`contents: read`); re-run if GitHub was unavailable.',
            ...(root ? { file: root.file, line: root.uses.pos.line } : {}),
        });
    }
    return { roots, nodes: r.all(), failures, contentRequests: r.contentRequests };
}

;// CONCATENATED MODULE: ./src/resolve/online.ts



/** A `# v1.2.3` comment on the line of a `uses:`. */
function versionComment(wf, line) {
    const c = wf ? trailingComment(wf.source, wf.yaml.lineCounter.lineStarts, line) : undefined;
    const m = c ? /^#\s*(?:tag\s*[:=]?\s*)?(v?\d+(?:\.\d+){0,3}(?:[-+][\w.-]+)?)\b/i.exec(c.trim()) : null;
    return m ? m[1] : undefined;
}
class OnlineChecks {
    api;
    resolver;
    pool;
    tagsOf = new Memo();
    branchesOf = new Memo();
    repoInfo = new Memo();
    reachMemo = new Memo();
    advMemo = new Memo();
    advisoriesMemo(owner, repo, version) {
        return this.advMemo.get(`${owner}/${repo}@${version}`.toLowerCase(), () => this.advisories(owner, repo, version));
    }
    constructor(api, resolver, concurrency = RESOLVE_LIMITS.concurrency) {
        this.api = api;
        this.resolver = resolver;
        this.pool = new Pool(concurrency);
    }
    get(path) {
        return this.pool.run(() => this.api.getJson(path));
    }
    listTags(owner, repo) {
        return this.tagsOf.get(`${owner}/${repo}`.toLowerCase(), async () => (await this.get(`/repos/${owner}/${repo}/tags?per_page=100`))?.data ?? []);
    }
    listBranches(owner, repo) {
        return this.branchesOf.get(`${owner}/${repo}`.toLowerCase(), async () => (await this.get(`/repos/${owner}/${repo}/branches?per_page=100`))?.data ?? []);
    }
    /**
     * Is `sha` reachable from a branch or tag of owner/repo? The commits endpoint answers for
     * any commit of the fork network, so: tips first, then `compare/{ref}...{sha}`
     * (`behind`/`identical` = the ref contains it) on the default branch, then tags and branches.
     */
    reach(owner, repo, sha) {
        return this.reachMemo.get(`${owner}/${repo}@${sha}`.toLowerCase(), async () => {
            try {
                const [tags, branches] = await Promise.all([this.listTags(owner, repo), this.listBranches(owner, repo)]);
                const tip = [...tags.map((t) => ({ ...t, kind: 'tag' })), ...branches.map((b) => ({ ...b, kind: 'branch' }))].find((t) => t.commit?.sha?.toLowerCase() === sha.toLowerCase());
                if (tip)
                    return { reachable: true, via: `${tip.kind} ${tip.name}` };
                const info = await this.repoInfo.get(`${owner}/${repo}`.toLowerCase(), async () => (await this.get(`/repos/${owner}/${repo}`))?.data);
                const candidates = [
                    ...(info?.default_branch ? [{ name: info.default_branch, kind: 'branch' }] : []),
                    ...tags.slice(0, 10).map((t) => ({ name: t.name, kind: 'tag' })),
                    ...branches.filter((b) => b.name !== info?.default_branch).slice(0, 10).map((b) => ({ name: b.name, kind: 'branch' })),
                ];
                for (const c of candidates) {
                    const cmp = await this.get(`/repos/${owner}/${repo}/compare/${encodeURIComponent(c.name)}...${sha}`);
                    if (cmp && (cmp.data.status === 'behind' || cmp.data.status === 'identical'))
                        return { reachable: true, via: `${c.kind} ${c.name}` };
                }
                return { reachable: false };
            }
            catch (e) {
                return { error: e instanceof Error ? e.message : String(e) };
            }
        });
    }
    /**
     * The release a commit is: the longest version tag pointing at it (`v4.2.1` over `v4`), or
     * the hint when it is a full version. Undefined when neither says.
     */
    async versionAt(owner, repo, sha, hint) {
        const full = (v) => /^v?\d+\.\d+(\.\d+)?([-+][\w.-]+)?$/.test(v);
        try {
            const tags = await this.listTags(owner, repo);
            const at = tags.filter((t) => t.commit?.sha?.toLowerCase() === sha.toLowerCase() && /^v?\d/.test(t.name)).map((t) => t.name);
            const best = at.filter(full).sort((a, b) => b.length - a.length)[0];
            if (best)
                return best;
        }
        catch {
            // fall back to the hint
        }
        return hint && full(hint) ? hint : undefined;
    }
    async tagCommit(owner, repo, tag) {
        try {
            const tags = await this.listTags(owner, repo);
            const t = tags.find((x) => x.name === tag);
            if (t)
                return { sha: t.commit.sha };
            const sha = this.resolver ? await this.resolver.commitOf(owner, repo, `refs/tags/${tag}`).catch(() => undefined) : undefined;
            return sha ? { sha } : { error: `${owner}/${repo} has no tag ${tag}` };
        }
        catch (e) {
            return { error: e instanceof Error ? e.message : String(e) };
        }
    }
    async environment(owner, repo, name) {
        try {
            const r = await this.get(`/repos/${owner}/${repo}/environments/${encodeURIComponent(name)}`);
            if (!r)
                return { name, exists: false, reviewers: 0, preventSelfReview: false, waitTimer: 0, canAdminsBypass: true, branchPolicy: { kind: 'none', patterns: [] } };
            const rules = r.data.protection_rules ?? [];
            const rev = rules.find((x) => x.type === 'required_reviewers');
            const wait = rules.find((x) => x.type === 'wait_timer');
            const dbp = r.data.deployment_branch_policy;
            let branchPolicy = { kind: 'none', patterns: [] };
            if (dbp?.protected_branches)
                branchPolicy = { kind: 'protected', patterns: [] };
            else if (dbp?.custom_branch_policies) {
                const p = await this.get(`/repos/${owner}/${repo}/environments/${encodeURIComponent(name)}/deployment-branch-policies?per_page=100`);
                branchPolicy = { kind: 'custom', patterns: (p?.data.branch_policies ?? []).map((b) => ({ name: b.name, type: b.type ?? 'branch' })) };
            }
            return {
                name,
                exists: true,
                reviewers: rev?.reviewers?.length ?? 0,
                preventSelfReview: rev?.prevent_self_review === true,
                waitTimer: wait?.wait_timer ?? 0,
                canAdminsBypass: r.data.can_admins_bypass !== false,
                branchPolicy,
            };
        }
        catch (e) {
            return { error: e instanceof Error ? e.message : String(e) };
        }
    }
    async advisories(owner, repo, version) {
        try {
            const pkg = `${owner}/${repo}`;
            const r = await this.get(`/advisories?ecosystem=actions&affects=${encodeURIComponent(`${pkg}@${version.replace(/^v/, '')}`)}&per_page=100`);
            return (r?.data ?? []).map((a) => {
                const v = a.vulnerabilities?.find((x) => x.package?.name?.toLowerCase() === pkg.toLowerCase()) ?? a.vulnerabilities?.[0];
                return { ghsa: a.ghsa_id, summary: a.summary, severity: a.severity, range: v?.vulnerable_version_range ?? '', ...(v?.first_patched_version ? { patched: v.first_patched_version } : {}), ...(a.html_url ? { url: a.html_url } : {}) };
            });
        }
        catch (e) {
            return { error: e instanceof Error ? e.message : String(e) };
        }
    }
}
/** Every repository pin of the graph: the top-level ones and every transitive one, per root. */
function allPins(res, files) {
    const out = [];
    for (const root of res.roots) {
        const p = root.uses.parsed;
        if (p.kind !== 'repo')
            continue;
        const c = versionComment(files.get(root.file), root.uses.pos.line);
        out.push({ owner: p.owner, repo: p.repo, ref: p.ref, ...(root.node?.sha ? { sha: root.node.sha } : {}), ...(c ? { comment: c } : {}), root, value: root.uses.value, hops: [root.uses.value] });
        const seen = new Set();
        const walk = (n, hops) => {
            if (!n || seen.has(n.id))
                return;
            seen.add(n.id);
            for (const e of n.children) {
                const q = e.uses.parsed;
                if (q.kind === 'repo' || (q.kind === 'local' && q.form === '$/')) {
                    const cc = versionComment(n.file, e.uses.pos.line);
                    const child = e.node;
                    if (child && q.kind === 'repo') {
                        out.push({ owner: q.owner, repo: q.repo, ref: q.ref, ...(child.sha ? { sha: child.sha } : {}), ...(cc ? { comment: cc } : {}), root, value: e.uses.value, hops: [...hops, e.uses.value] });
                    }
                    walk(child, [...hops, e.uses.value]);
                }
            }
        };
        walk(root.node, [root.uses.value]);
    }
    return out;
}
async function gatherOnline(checks, res, files, env) {
    const facts = { reach: new Map(), tags: new Map(), environments: new Map(), advisories: new Map(), versions: new Map() };
    const failures = [];
    const jobs = [];
    const seen = new Set();
    const fail = (check, reason, pin) => failures.push({ check, reason, fix: 'Re-run the job when the GitHub API answers; give the job `contents: read`.', file: pin.root.file, line: pin.root.uses.pos.line });
    for (const pin of allPins(res, files)) {
        const repoKey = `${pin.owner}/${pin.repo}`.toLowerCase();
        if (!pin.sha)
            continue;
        const k = `${repoKey}@${pin.sha}`;
        if (/^[0-9a-f]{40}$/i.test(pin.ref)) {
            if (!seen.has(k)) {
                seen.add(k);
                jobs.push(checks.reach(pin.owner, pin.repo, pin.sha).then((r) => {
                    facts.reach.set(k, r);
                    if ('error' in r)
                        fail(`verify that ${pin.owner}/${pin.repo}@${pin.sha.slice(0, 12)} is on a branch or tag`, r.error, pin);
                }));
            }
            const tk = pin.comment ? `${repoKey}@${pin.comment}` : undefined;
            if (tk && !seen.has(`tag:${tk}`)) {
                seen.add(`tag:${tk}`);
                jobs.push(checks.tagCommit(pin.owner, pin.repo, pin.comment).then((t) => void facts.tags.set(tk, t)));
            }
        }
        if (seen.has(`ver:${k}`))
            continue;
        seen.add(`ver:${k}`);
        jobs.push((async () => {
            const version = await checks.versionAt(pin.owner, pin.repo, pin.sha, pin.comment ?? pin.ref);
            if (!version)
                return;
            facts.versions.set(k, version);
            const ak = `${repoKey}@${version}`;
            const a = await checks.advisoriesMemo(pin.owner, pin.repo, version);
            facts.advisories.set(ak, a);
            if ('error' in a)
                fail(`look up security advisories for ${pin.owner}/${pin.repo}@${version}`, a.error, pin);
        })());
    }
    if (env) {
        for (const name of env.names) {
            jobs.push(checks.environment(env.owner, env.repo, name).then((e) => {
                facts.environments.set(name, e);
                if ('error' in e)
                    failures.push({ check: `read the protection rules of environment '${name}'`, reason: e.error, fix: 'Give the job `actions: read` so the gate can read the environment (public repositories need none).' });
            }));
        }
    }
    await Promise.all(jobs);
    return { facts, failures };
}

;// CONCATENATED MODULE: ./src/audits/impostor-commit.ts
/**
 * impostor-commit: GitHub serves a fork's commits under the parent's name, so
 * `owner/repo@<sha>` can name a commit that no branch or tag of owner/repo contains — code
 * anyone could push to a fork.
 */



function filesOf(ctx) {
    return new Map([[ctx.workflow.file, ctx.workflow], ...[...ctx.local.values()].map((w) => [w.file, w])]);
}
const impostor_commit_rule = {
    id: 'impostor-commit',
    title: 'pinned commit is not in the named repository',
    severity: 'error',
    requires: 'online',
    check(ctx) {
        const out = [];
        const seen = new Set();
        for (const pin of allPins(ctx.resolved, filesOf(ctx))) {
            if (!pin.sha || !/^[0-9a-f]{40}$/i.test(pin.ref))
                continue;
            const r = ctx.online.reach.get(`${pin.owner}/${pin.repo}@${pin.sha}`.toLowerCase());
            if (!r || !('reachable' in r) || r.reachable)
                continue;
            const key = `${pin.root.file}:${pin.root.uses.pos.line}:${pin.value}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            out.push(ctx.finding({
                message: `${code(pin.value)} names a commit that no branch or tag of ${code(`${pin.owner}/${pin.repo}`)} contains: it lives only in a fork of the repository network`,
                fix: `Replace the SHA with the commit a release tag of ${pin.owner}/${pin.repo} points to, and find out how this one got here.`,
                ...atPin(pin),
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/integrity-mismatch.ts
/**
 * integrity-mismatch: the action directory the runner downloaded for this job is not the
 * locked commit's content — by ghasum's h1 checksum, or file by file against the commit's
 * git tree. Checked inside the job, before any of those actions runs.
 */

function list(what, xs) {
    if (!xs.length)
        return '';
    return `${xs.length} ${what} (${xs.slice(0, 5).map((x) => code(x)).join(', ')}${xs.length > 5 ? ', …' : ''})`;
}
const integrity_mismatch_rule = {
    id: 'integrity-mismatch',
    title: 'downloaded action differs from the locked content',
    severity: 'error',
    requires: 'integrity',
    check(ctx) {
        const out = [];
        for (const r of ctx.integrity) {
            if (r.ok || r.error)
                continue;
            const root = ctx.resolved?.roots.find((x) => x.uses.parsed.kind === 'repo' && `${x.uses.parsed.owner}/${x.uses.parsed.repo}@${x.uses.parsed.ref}`.toLowerCase() === r.id.toLowerCase());
            const gate = ctx.scope.targets[0];
            const at = root
                ? { file: root.file, at: root.uses.pos, job: root.job, ...(root.step ? { step: root.step } : {}) }
                : { at: gate?.pos ?? { line: 1, column: 1 }, ...(gate ? { job: gate.id } : {}) };
            const what = r.method === 'gha.sum'
                ? `its h1 checksum is ${code(r.actual ?? '?')}, gha.sum records ${code(r.expected ?? '?')}`
                : [list('changed', r.changed), list('missing', r.missing), list('extra', r.extra)].filter(Boolean).join('; ') + ` against commit ${code((r.commit ?? '').slice(0, 12))}`;
            out.push(ctx.finding({
                ...at,
                message: `the runner's download of ${code(r.id)} is not the locked content: ${what}`,
                fix: 'Do not publish from this run. Re-run the job; if it repeats, the action or the download path was tampered with — report it and re-lock only after review.',
                subject: r.id,
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/invalid-workflow.ts
const invalid_workflow_rule = {
    id: 'invalid-workflow',
    title: 'value of the wrong type or shape',
    severity: 'error',
    check(ctx) {
        return ctx.workflow.problems.map((p) => ctx.finding({
            message: p.message,
            fix: 'Correct the value so the file matches GitHub\'s workflow syntax (docs.github.com › "Workflow syntax for GitHub Actions").',
            at: p.pos,
        }));
    },
};

;// CONCATENATED MODULE: ./src/audits/known-vulnerable-actions.ts
/**
 * known-vulnerable-actions: an action at a version covered by a GitHub security advisory
 * (ecosystem `actions`), such as tj-actions/changed-files before 46.0.1 (GHSA-mrrh-fwg8-r2c3).
 */




const known_vulnerable_actions_rule = {
    id: 'known-vulnerable-actions',
    title: 'action version with a known vulnerability',
    severity: 'error',
    requires: 'online',
    check(ctx) {
        const out = [];
        const seen = new Set();
        for (const pin of allPins(ctx.resolved, filesOf(ctx))) {
            if (!pin.sha)
                continue;
            const version = ctx.online.versions.get(`${pin.owner}/${pin.repo}@${pin.sha}`.toLowerCase());
            if (!version)
                continue;
            const adv = ctx.online.advisories.get(`${pin.owner}/${pin.repo}@${version}`.toLowerCase());
            if (!adv || 'error' in adv)
                continue;
            for (const a of adv) {
                const key = `${pin.root.file}:${pin.root.uses.pos.line}:${a.ghsa}`;
                if (seen.has(key))
                    continue;
                seen.add(key);
                out.push(ctx.finding({
                    message: `${code(`${pin.owner}/${pin.repo}`)} ${code(version)} is covered by ${a.ghsa} (${a.severity}): ${a.summary}${a.range ? ` (affected: ${a.range})` : ''}`,
                    fix: a.patched ? `Update to ${a.patched} or later, pinned by its full SHA.` : 'No fixed version is published: remove the action.',
                    ...atPin(pin),
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/missing-environment.ts
/**
 * missing-environment: the publishing job must declare a deployment `environment:`, so that
 * its protection rules (required reviewers, which refs may deploy) stand between a push and
 * the registry, and trusted publishers can be bound to it.
 */

const missing_environment_rule = {
    id: 'missing-environment',
    title: 'publishing job without a deployment environment',
    severity: 'error',
    check(ctx) {
        if (ctx.scope.mode === 'all')
            return [];
        const out = [];
        for (const job of ctx.scope.targets) {
            if (job.environment)
                continue;
            const elsewhere = ctx.scope.jobs.filter((j) => !ctx.scope.targets.includes(j) && j.environment?.name);
            const where = elsewhere.length
                ? ` The environment ${elsewhere.map((j) => `${code(j.environment.name)} is on job ${code(j.id)}`).join(', ')}, which does not publish: a reviewer approves that job, and the job that publishes runs without approval.`
                : '';
            if (job.uses) {
                out.push(ctx.finding({
                    message: `job ${code(job.id)} publishes through the reusable workflow ${code(job.uses.value)} with no deployment environment in this file.${where}`,
                    fix: 'A job that calls a reusable workflow cannot declare `environment:`; declare it on the publishing job inside the called workflow, and protect it with required reviewers.',
                    at: job.pos,
                    job: job.id,
                }));
                continue;
            }
            out.push(ctx.finding({
                message: `publishing job ${code(job.id)} has no \`environment:\`.${where}`,
                fix: `Add \`environment: release\` (any name) to job ${code(job.id)}, give that environment required reviewers and a deployment tag rule in the repository settings, and bind the registry's trusted publisher to it.`,
                at: job.pos,
                job: job.id,
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/workflow/expr-sites.ts
/** Every `${{ … }}` under a node, with its exact source position (block scalars included). */

function exprsInScalar(wf, s) {
    if (typeof s.value !== 'string' || !s.value.includes('${{'))
        return [];
    const raw = wf.source.slice(s.offset, s.end);
    const inRaw = raw.includes('${{');
    const found = findExpressions(inRaw ? raw : s.value);
    return found.map((f) => {
        const p = inRaw ? wf.yaml.lineCounter.linePos(s.offset + f.offset) : undefined;
        let expr;
        try {
            expr = parseExpr(f.inner);
        }
        catch {
            expr = undefined;
        }
        return { inner: f.inner, full: f.full, pos: p ? { line: p.line, column: p.col } : s.pos, ...(expr ? { expr } : {}), scalar: s };
    });
}
function exprsIn(wf, node) {
    const out = [];
    const stack = node ? [node] : [];
    while (stack.length) {
        const n = stack.pop();
        if (n.kind === 'scalar')
            out.push(...exprsInScalar(wf, n));
        else if (n.kind === 'seq')
            for (let i = n.items.length - 1; i >= 0; i--)
                stack.push(n.items[i]);
        else
            for (let i = n.pairs.length - 1; i >= 0; i--)
                stack.push(n.pairs[i].value);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/audits/overprovisioned-secrets.ts
/**
 * overprovisioned-secrets: `toJSON(secrets)` or `secrets[<computed>]` puts every secret of the
 * repository within reach of one step, instead of the one it needs.
 */




function overprovisions(inner, expr) {
    if (!expr)
        return /tojson\s*\(\s*secrets\s*\)|secrets\s*\[/i.test(inner) ? 'the whole `secrets` context' : undefined;
    let why;
    walk(expr, (e) => {
        if (e.k === 'call' && (e.fn === 'tojson' || e.fn === 'fromjson') && e.args.some((a) => a.k === 'ctx' && a.name === 'secrets'))
            why = '`toJSON(secrets)`: every secret';
        if (e.k === 'index' && e.obj.k === 'ctx' && e.obj.name === 'secrets' && !(e.index.k === 'lit'))
            why = 'a computed `secrets[…]` index: any secret';
    });
    return why;
}
const overprovisioned_secrets_rule = {
    id: 'overprovisioned-secrets',
    title: 'every secret exposed to a step',
    severity: 'error',
    check(ctx) {
        const out = [];
        // only a file that mentions `secrets` next to `[` or `(` can expose all of them
        const mentions = (w) => /secrets\s*[[)]/i.test(w.source);
        if (!mentions(ctx.workflow) && ![...ctx.local.values()].some(mentions))
            return out;
        const files = new Map();
        for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
            const nodes = [site.job.node];
            if (!files.has(site.wf)) {
                files.set(site.wf, new Set());
                // workflow-level env is shared by every job of the file
                for (const v of site.wf.env.values())
                    nodes.push(v);
            }
            for (const n of nodes) {
                for (const e of exprsIn(site.wf, n)) {
                    const why = overprovisions(e.inner, e.expr);
                    if (!why)
                        continue;
                    out.push(ctx.finding({
                        message: `${code(e.full)} exposes ${why} to job ${code(site.job.id)}`,
                        fix: 'Name each secret the step needs: `${{ secrets.PYPI_TOKEN }}`; to pass several, list them one by one in `env:`.',
                        file: site.wf.file,
                        at: e.pos,
                        job: site.job.id,
                        ...(site.chain.length ? { chain: site.chain } : {}),
                    }));
                }
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/ref-version-mismatch.ts
/**
 * ref-version-mismatch: `uses: x@<sha> # v1.2.3` where tag v1.2.3 is another commit. The
 * comment is what reviewers read; when it is stale (Dependabot bumped the SHA only) or a lie,
 * the review approves something else.
 */




const ref_version_mismatch_rule = {
    id: 'ref-version-mismatch',
    title: 'version comment does not match the pinned commit',
    severity: 'warning',
    requires: 'online',
    check(ctx) {
        const out = [];
        const seen = new Set();
        for (const pin of allPins(ctx.resolved, filesOf(ctx))) {
            if (!pin.comment || !/^[0-9a-f]{40}$/i.test(pin.ref) || pin.hops.length > 1)
                continue;
            const t = ctx.online.tags.get(`${pin.owner}/${pin.repo}@${pin.comment}`.toLowerCase());
            if (!t)
                continue;
            const key = `${pin.root.file}:${pin.root.uses.pos.line}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            const where = atPin(pin);
            if ('error' in t) {
                out.push(ctx.finding({ ...where, message: `the comment says ${code(pin.comment)}, but ${code(`${pin.owner}/${pin.repo}`)} has no such tag`, fix: `Correct the comment to the tag that points at ${pin.ref.slice(0, 12)}.` }));
            }
            else if (t.sha.toLowerCase() !== pin.ref.toLowerCase()) {
                const actual = ctx.online.versions.get(`${pin.owner}/${pin.repo}@${pin.ref}`.toLowerCase());
                out.push(ctx.finding({
                    ...where,
                    message: `the comment says ${code(pin.comment)}, but ${code(pin.comment)} is commit ${code(t.sha.slice(0, 12))}, not the pinned ${code(pin.ref.slice(0, 12))}${actual ? ` (which is ${code(actual)})` : ''}`,
                    fix: actual ? `Change the comment to \`# ${actual}\`, or pin ${t.sha} if ${pin.comment} is what you meant.` : `Pin ${t.sha} if ${pin.comment} is what you meant, or correct the comment.`,
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/workflow/publish.ts


/** Actions whose job is to publish, by `owner/repo[/path]` (lower case). */
const PUBLISHER_ACTIONS = {
    'pypa/gh-action-pypi-publish': 'pypi',
    'softprops/action-gh-release': 'github-release',
    'ncipollo/release-action': 'github-release',
    'actions/create-release': 'github-release',
    'actions/upload-release-asset': 'github-release',
    'svenstaro/upload-release-action': 'github-release',
    'goreleaser/goreleaser-action': 'github-release',
    'rubygems/release-gem': 'rubygems',
    'rubygems/configure-rubygems-credentials': 'rubygems',
    'js-devtools/npm-publish': 'npm',
    'changesets/action': 'npm',
    'release-plz/action': 'crates',
    'katyo/publish-crates': 'crates',
    'rust-lang/crates-io-auth-action': 'crates',
    'cargo-bins/release-pr': 'crates',
    'googleapis/release-please-action': 'github-release',
    'docker/build-push-action': 'container',
    'redhat-actions/push-to-registry': 'container',
    'sigstore/gh-action-sigstore-python': 'other',
};
/** Shell commands that publish, matched against `run:` text. */
const PUBLISH_COMMANDS = [
    { re: /\b(?:npm|pnpm)\s+(?:[\w=-]+\s+)*publish\b/, registry: 'npm', label: 'npm publish' },
    { re: /\byarn\s+(?:npm\s+)?publish\b/, registry: 'npm', label: 'yarn publish' },
    { re: /\btwine\s+upload\b/, registry: 'pypi', label: 'twine upload' },
    { re: /\buv\s+publish\b/, registry: 'pypi', label: 'uv publish' },
    { re: /\b(?:poetry|flit|hatch|pdm)\s+publish\b/, registry: 'pypi', label: 'python publish' },
    { re: /\bcargo\s+(?:[\w=-]+\s+)*publish\b/, registry: 'crates', label: 'cargo publish' },
    { re: /\bgem\s+push\b/, registry: 'rubygems', label: 'gem push' },
    { re: /\b(?:bundle\s+exec\s+)?rake\s+release\b/, registry: 'rubygems', label: 'rake release' },
    { re: /\bgh\s+release\s+(?:create|upload|edit)\b/, registry: 'github-release', label: 'gh release' },
    { re: /\b(?:docker|podman)\s+(?:image\s+)?push\b/, registry: 'container', label: 'docker push' },
    { re: /\bdocker\s+buildx\s+(?:build|bake)\b[^\n]*--push\b/, registry: 'container', label: 'docker buildx --push' },
    { re: /\bdotnet\s+nuget\s+push\b/, registry: 'nuget', label: 'dotnet nuget push' },
    { re: /\bmvn\b[^\n]*\bdeploy\b/, registry: 'maven', label: 'mvn deploy' },
    { re: /\bgoreleaser\s+release\b/, registry: 'github-release', label: 'goreleaser release' },
    { re: /\banaconda\b[^\n]*\bupload\b/, registry: 'other', label: 'anaconda upload' },
];
function actionName(step) {
    const u = step.uses?.parsed;
    if (!u || u.kind !== 'repo')
        return undefined;
    return (u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`).toLowerCase();
}
function publish_truthy(v) {
    return v !== undefined && !/^(false|0|)$/i.test(v.trim());
}
const publishes = new WeakMap();
/** What a step publishes (memoised per step: several rules ask). */
function stepPublishes(step) {
    let v = publishes.get(step);
    if (v === undefined) {
        v = detectPublish(step) ?? null;
        publishes.set(step, v);
    }
    return v ?? undefined;
}
function detectPublish(step) {
    const name = actionName(step);
    if (name) {
        const base = name.split('/').slice(0, 2).join('/');
        const reg = PUBLISHER_ACTIONS[name] ?? PUBLISHER_ACTIONS[base];
        if (reg) {
            // build-push-action pushes only with `push: true`; changesets only with `publish:`.
            if (base === 'docker/build-push-action' && !publish_truthy(str(step.with.get('push'))))
                return undefined;
            if (base === 'changesets/action' && !step.with.has('publish'))
                return undefined;
            return { registry: reg, evidence: step.uses.value, step };
        }
    }
    if (step.run && typeof step.run.value === 'string') {
        for (const line of logicalLines(step.run.value)) {
            if (/(^|\s)(--dry-run|-n)(\s|$)/.test(line) && /\b(publish|upload|push)\b/.test(line))
                continue;
            for (const c of PUBLISH_COMMANDS) {
                if (c.re.test(line))
                    return { registry: c.registry, evidence: c.label, step };
            }
        }
    }
    return undefined;
}
/** Shell lines with `\`-continuations joined and comments dropped. */
function logicalLines(script) {
    return script
        .replace(/\\\r?\n/g, ' ')
        .split(/\r?\n/)
        .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
        .filter(Boolean);
}
/** A publish to a test index (TestPyPI): a rehearsal, not a release. */
function isTestPublish(step) {
    const url = str(step.with.get('repository-url')) ?? str(step.with.get('repository_url')) ?? '';
    if (/test\.pypi\.org/.test(url))
        return true;
    const run = step.run && typeof step.run.value === 'string' ? step.run.value : '';
    return /\b(twine\s+upload|uv\s+publish|poetry\s+publish|hatch\s+publish)\b[^\n]*(test\.pypi\.org|(-r|--repository|--index|--repo)[ =]testpypi)/.test(run);
}
/** The effective `id-token` permission of a job: its own block, else the workflow's. */
function hasIdTokenWrite(wf, job) {
    const p = job.permissions ?? wf.permissions;
    if (!p)
        return false;
    if (p.kind === 'write-all')
        return true;
    return p.scopes.get('id-token')?.value === 'write';
}
function publishSignals(wf, job) {
    const out = [];
    for (const s of job.steps) {
        const sig = stepPublishes(s);
        if (sig)
            out.push(sig);
    }
    // `id-token: write` with nothing to explain it may be a publisher we do not know; with an
    // attestation or signing step it is a build job that signs what it built.
    if (out.length === 0 && job.permissions && hasIdTokenWrite(wf, job) && !job.steps.some(isSigningStep)) {
        out.push({ registry: 'other', evidence: 'id-token: write' });
    }
    return out;
}
function isPublishingJob(wf, job) {
    return publishSignals(wf, job).length > 0;
}

;// CONCATENATED MODULE: ./src/audits/use-trusted-publishing.ts
/**
 * use-trusted-publishing: a long-lived registry credential must not reach a publish step of a
 * registry that offers trusted publishing (PyPI, npm, crates.io, RubyGems, NuGet). Stored
 * tokens are what the GhostAction campaign stole by the thousand; OIDC tokens live minutes.
 */






/** Environment variables publishing tools read a registry credential from, by registry. */
const CREDENTIAL_VARS = [
    [/^(TWINE_PASSWORD|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|POETRY_PYPI_TOKEN_\w+|HATCH_INDEX_AUTH|FLIT_PASSWORD|PDM_PUBLISH_PASSWORD|PYPI_(API_)?TOKEN)$/, 'PyPI'],
    [/^(NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN|YARN_NPM_AUTH_TOKEN|NPM_CONFIG__AUTH(TOKEN)?)$/, 'npm'],
    [/^(CARGO_REGISTRY_TOKEN|CARGO_REGISTRIES_CRATES_IO_TOKEN)$/, 'crates.io'],
    [/^(GEM_HOST_API_KEY|RUBYGEMS_API_KEY|RUBYGEMS_AUTH_TOKEN)$/, 'RubyGems'],
    [/^(NUGET_API_KEY|NUGET_AUTH_TOKEN)$/, 'NuGet'],
];
/** Secret names that look like a registry token (passed to a reusable workflow). */
const REGISTRY_SECRET = /(pypi|npm|cargo|crates|rubygems|gem_host|nuget)[\w-]*(token|key|password|pass|secret)|(token|key|password)[\w-]*(pypi|npm|cargo|crates|rubygems|nuget)/i;
/** `${{ secrets.NAME }}` names in a text, GITHUB_TOKEN aside (it expires with the job). */
function secretNames(text) {
    const out = [];
    for (const e of findExpressions(text)) {
        for (const m of e.inner.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)) {
            const n = m[1] ?? m[2];
            if (n.toUpperCase() !== 'GITHUB_TOKEN')
                out.push(n);
        }
    }
    return out;
}
function registryOf(name) {
    return CREDENTIAL_VARS.find(([re]) => re.test(name))?.[1];
}
function scalarText(n) {
    return n && n.kind === 'scalar' && n.value !== null ? String(n.value) : '';
}
/** Registries the step publishes to without trusted publishing (a credential is its only way in). */
function customIndex(step) {
    if (isAction(step, 'pypa/gh-action-pypi-publish')) {
        const url = input(step, 'repository-url') ?? input(step, 'repository_url') ?? '';
        return url !== '' && !/(^|\/\/)(upload\.|test\.)?pypi\.org\b/.test(url);
    }
    return false;
}
/** Publish commands in a script that take a credential from a secret or a secret-bound variable. */
const FLAG_CREDENTIAL = /\b(twine\s+upload|uv\s+publish|poetry\s+publish|cargo\s+publish|cargo\s+login|gem\s+push|dotnet\s+nuget\s+push|nuget\s+push|npm\s+publish|poetry\s+config\s+pypi-token)\b[^\n]*?(?:(?:-p|--password|--token|-t|--api-key|-k|-u\s+__token__\s+-p)[ =]|pypi-token\.\w+\s+|login\s+)["']?(\$\{\{[^}]*\}\}|\$\{?\w+\}?)/;
const use_trusted_publishing_rule = {
    id: 'use-trusted-publishing',
    title: 'long-lived registry token used to publish',
    severity: 'error',
    check(ctx) {
        const out = [];
        const seen = new Set();
        const add = (f) => {
            const k = `${f.file}:${f.line}:${f.column}`;
            if (seen.has(k))
                return;
            seen.add(k);
            out.push(f);
        };
        const fix = (registry) => `Configure a trusted publisher for this repository, workflow and environment on ${registry}, give the publishing job \`id-token: write\`, and delete the stored token (revoke it on ${registry} too).`;
        for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
            const job = site.job;
            if (job.uses && job.secrets && job.secrets.node.kind === 'map') {
                for (const p of job.secrets.node.pairs) {
                    const names = [String(p.key.value), ...secretNames(scalarText(p.value))];
                    const hit = names.find((n) => REGISTRY_SECRET.test(n));
                    if (hit) {
                        add(ctx.finding({ message: `job ${code(job.id)} passes the registry token ${code(hit)} to ${code(job.uses.value)}`, fix: fix('the registry'), ...atJob(site, p.key.pos) }));
                    }
                }
            }
            const steps = stepSites(site, ctx.local);
            const jobPublishes = steps.some((s) => stepPublishes(s.step));
            // variables bound to secrets at workflow, job and step level
            const bound = (s) => {
                const m = new Map();
                for (const env of [site.wf.env, job.env, s.env]) {
                    for (const [k, v] of env) {
                        const sec = secretNames(scalarText(v))[0];
                        if (sec)
                            m.set(k, { secret: sec, pos: v.pos });
                    }
                }
                return m;
            };
            for (const s of steps) {
                const step = s.step;
                if (isAction(step, 'pypa/gh-action-pypi-publish') && step.with.has('password') && !customIndex(step)) {
                    const v = step.with.get('password');
                    add(ctx.finding({ message: `${code(step.uses.value)} is given ${code(`password: ${scalarText(v)}`)}, a long-lived PyPI token`, fix: `${fix('PyPI')} Then remove \`password:\`: the action uses trusted publishing by default.`, ...atStep(s, v.pos) }));
                }
                if (isAction(step, 'rubygems/release-gem') && isFalse(input(step, 'setup-trusted-publisher'))) {
                    add(ctx.finding({ message: `${code(step.uses.value)} has trusted publishing turned off`, fix: fix('RubyGems'), ...atStep(s, step.with.get('setup-trusted-publisher').pos) }));
                }
                if (isAction(step, 'rubygems/configure-rubygems-credentials') && step.with.has('api-token')) {
                    add(ctx.finding({ message: `${code(step.uses.value)} is given a long-lived RubyGems API key`, fix: fix('RubyGems'), ...atStep(s, step.with.get('api-token').pos) }));
                }
                const vars = bound(step);
                const publishes = !!stepPublishes(step);
                for (const [name, b] of vars) {
                    const registry = registryOf(name);
                    // a credential reaches a step that publishes, or is handed to a step by name
                    if (!registry || !(publishes || (jobPublishes && step.env.has(name))))
                        continue;
                    if (registry === 'npm' && npmNotPublic(steps.map((x) => x.step)))
                        continue;
                    add(ctx.finding({
                        message: `${code(name)} carries the long-lived ${registry} credential ${code(`secrets.${b.secret}`)} to a publishing step`,
                        fix: fix(registry),
                        ...atStep(s, b.pos),
                    }));
                }
                const run = step.run && typeof step.run.value === 'string' ? step.run.value : '';
                if (run) {
                    const m = FLAG_CREDENTIAL.exec(run);
                    const ref = m?.[2];
                    const viaSecret = ref && (secretNames(ref).length > 0 || vars.has(ref.replace(/^\$\{?|\}?$/g, '')));
                    if (m && viaSecret) {
                        add(ctx.finding({ message: `${code(m[1])} is given a long-lived token (${code(ref)}) on the command line`, fix: fix('the registry'), ...atStep(s, step.run.pos) }));
                    }
                    const npmrc = /_authToken\s*=\s*["']?(\$\{\{[^}]*\}\}|\$\{?\w+\}?)/.exec(run);
                    if (npmrc && (secretNames(npmrc[1]).length || vars.has(npmrc[1].replace(/^\$\{?|\}?$/g, '')))) {
                        add(ctx.finding({ message: `the script writes an npm token (${code(npmrc[1])}) into \`.npmrc\``, fix: fix('npm'), ...atStep(s, step.run.pos) }));
                    }
                }
            }
        }
        return out;
    },
};
/** `setup-node` pointed at a registry other than npmjs.org: NODE_AUTH_TOKEN is for that registry. */
function npmNotPublic(steps) {
    const url = steps.map((s) => (isAction(s, 'actions/setup-node') ? input(s, 'registry-url') : undefined)).find((u) => u);
    return !!url && !/registry\.npmjs\.org/.test(url);
}

;// CONCATENATED MODULE: ./src/audits/secret-exfiltration.ts
/**
 * secret-exfiltration: a script that sends secrets or the whole environment off the runner,
 * or encodes them past the log masking, or writes them into an uploaded artifact. The
 * GhostAction workflows (2025) did exactly this: `curl` a secret to an attacker's host.
 */






const NETWORK = /(^|[\s;&|(`$])(curl|wget|nc|ncat|netcat|socat|telnet|scp|sftp|ftp|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b|\/dev\/(tcp|udp)\/|\b(python3?|node|ruby|perl)\s+-[ce]\b[^\n]*(requests|urllib|http\.client|socket|fetch\(|https?\.request|Net::HTTP|LWP)/;
const ENCODE = /\|\s*(base64|xxd|od\b|rev\b|gzip|openssl\s+enc)/;
const ENV_DUMP = /(^|[;&|(]\s*)(env|printenv|set|export\s+-p|Get-ChildItem\s+env:|gci\s+env:|dir\s+env:)\s*(\||>)|\/proc\/[^\s/]+\/environ/;
/**
 * Hosts a release legitimately sends a credential to: GitHub and the registries themselves.
 * A secret sent anywhere else, or to a host written as an IP address, is reported.
 */
const KNOWN_HOSTS = /^(([\w-]+\.)*github\.com|([\w-]+\.)*githubusercontent\.com|ghcr\.io|(upload\.|test\.)?pypi\.org|registry\.npmjs\.org|crates\.io|rubygems\.org|api\.nuget\.org|([\w-]+\.)*docker\.io|quay\.io|anaconda\.org|api\.anaconda\.org|codecov\.io|([\w-]+\.)?coveralls\.io|hooks\.slack\.com|([\w-]+\.)*amazonaws\.com)$/i;
function hosts(line) {
    return [...line.matchAll(/\bhttps?:\/\/([^/\s"'`:]+)/g)].map((m) => m[1]);
}
const secret_exfiltration_rule = {
    id: 'secret-exfiltration',
    title: 'secret sent off the runner',
    severity: 'error',
    check(ctx) {
        const out = [];
        for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
            const steps = stepSites(site, ctx.local);
            const uploads = steps.some((s) => isAction(s.step, 'actions/upload-artifact'));
            for (const s of steps) {
                const run = s.step.run && typeof s.step.run.value === 'string' ? s.step.run.value : '';
                if (!run)
                    continue;
                const secretVars = boundSecrets(s);
                const refs = (line) => [
                    ...secretNames(line).map((n) => `secrets.${n}`),
                    ...[...line.matchAll(/\$\{?([A-Za-z_]\w*)\}?/g)].map((m) => m[1]).filter((v) => secretVars.has(v)).map((v) => `$${v} (secrets.${secretVars.get(v)})`),
                ];
                const report = (message, fix, severity) => out.push(ctx.finding({ message, fix, ...atStep(s, s.step.run.pos), ...(severity ? { severity } : {}) }));
                for (const line of logicalLines(run)) {
                    const sec = refs(line);
                    if (ENV_DUMP.test(line) && (NETWORK.test(line) || ENCODE.test(line) || />/.test(line))) {
                        report(`the script dumps the whole environment (${code(line.slice(0, 80))}), secrets included, ${NETWORK.test(line) ? 'to the network' : ENCODE.test(line) ? 'encoded past the log masking' : 'into a file'}`, 'Remove the step; print only the variables you need, never `env`/`printenv`.');
                        continue;
                    }
                    if (sec.length === 0)
                        continue;
                    if (NETWORK.test(line)) {
                        const hs = hosts(line);
                        const foreign = hs.filter((h) => !KNOWN_HOSTS.test(h) || /^\d+\.\d+\.\d+\.\d+$/.test(h));
                        if (hs.length && foreign.length === 0)
                            continue;
                        const known = foreign.length > 0;
                        report(`the script sends ${sec.map((x) => code(x)).join(', ')} over the network${known ? ` to ${foreign.map((h) => code(h)).join(', ')}` : ' to an address decided at run time'}`, 'Remove the request, and rotate the secret if this ran: a release job has no reason to send a secret anywhere but the service it belongs to.', known ? undefined : 'warning');
                    }
                    else if (ENCODE.test(line)) {
                        report(`the script encodes ${sec.map((x) => code(x)).join(', ')} (${code(line.slice(0, 80))}), which defeats the log masking`, 'Never print or encode a secret; pass it to the tool that needs it through an environment variable.');
                    }
                    else if (uploads && writesIntoWorkspace(line)) {
                        report(`the script writes ${sec.map((x) => code(x)).join(', ')} to a file in a job that uploads artifacts`, 'Do not write secrets to files in a job that uploads artifacts; pass them to the tool through an environment variable.');
                    }
                }
            }
        }
        return out;
    },
};
function boundSecrets(s) {
    const m = new Map();
    for (const env of [s.wf.env, s.job.env, s.step.env]) {
        for (const [k, v] of env) {
            const n = v.kind === 'scalar' && v.value !== null ? secretNames(String(v.value))[0] : undefined;
            if (n)
                m.set(k, n);
        }
    }
    return m;
}
/**
 * Does the line write into a file that an artifact of the workspace could carry? Files under
 * RUNNER_TEMP, HOME or /tmp, the runner's command files and tool credential files are not.
 */
function writesIntoWorkspace(line) {
    for (const m of line.matchAll(/(?:>>?|\btee(?:\s+-a)?)\s*["']?([^\s"';|&<>]+)/g)) {
        const target = m[1];
        if (/^&\d$|^\/dev\//.test(target))
            continue;
        if (/^(\$\{?(RUNNER_TEMP|HOME|GITHUB_ENV|GITHUB_OUTPUT|GITHUB_PATH|GITHUB_STEP_SUMMARY)\}?|~|\/tmp\/)/.test(target))
            continue;
        if (/(\.npmrc|\.pypirc|\.gem\/credentials|docker\/config\.json)$/.test(target))
            continue;
        return true;
    }
    return false;
}

;// CONCATENATED MODULE: ./src/audits/secrets-inherit.ts
/**
 * secrets-inherit: `secrets: inherit` hands every secret of the repository (and org) to the
 * called workflow, whatever it needs. Pass the ones it needs, by name.
 *
 * In the publishing job and the jobs it needs, it is an error. Elsewhere in the same release
 * workflow it cannot change what is published, but it still hands the release's credentials
 * to code the gate does not guard, in the same run: a warning.
 */



const secrets_inherit_rule = {
    id: 'secrets-inherit',
    title: 'reusable workflow called with every secret',
    severity: 'error',
    check(ctx) {
        const inScope = new Set(ctx.scope.jobs);
        const outside = ctx.scope.mode === 'all' ? [] : ctx.workflow.jobs.filter((j) => !inScope.has(j));
        const report = (s, guarded) => ctx.finding({
            message: `job ${code(s.job.id)} calls ${code(s.job.uses?.value ?? 'a reusable workflow')} with \`secrets: inherit\`: every secret of the repository and organisation is passed, registry tokens included` +
                (guarded ? '' : `; the publishing job does not need it, but it runs in the same release workflow`),
            fix: 'Replace `secrets: inherit` with the secrets the called workflow declares, by name: `secrets: { NAME: ${{ secrets.NAME }} }`.',
            ...(guarded ? {} : { severity: 'warning' }),
            ...atJob(s, s.job.secrets.pos),
        });
        const sites = (jobs) => jobSites(ctx.workflow, { ...ctx.scope, targets: [], jobs }, ctx.local).filter((s) => s.job.secrets?.inherit);
        return [...sites(ctx.scope.jobs).map((s) => report(s, true)), ...sites(outside).map((s) => report(s, false))];
    },
};

;// CONCATENATED MODULE: ./src/workflow/matrix.ts


const MAX_LEGS = 256;
function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}
function matrixLegs(job) {
    const m = get(job.strategy, 'matrix');
    if (!m)
        return [{}];
    const raw = toJS(m);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
        return undefined;
    const obj = raw;
    let legs = [{}];
    const base = [];
    for (const [k, v] of Object.entries(obj)) {
        if (k === 'include' || k === 'exclude')
            continue;
        if (!Array.isArray(v))
            return undefined; // an expression (fromJSON) or a malformed matrix
        base.push(k);
        const next = [];
        for (const l of legs)
            for (const x of v)
                next.push({ ...l, [k]: x });
        if (next.length > MAX_LEGS)
            return undefined;
        legs = next;
    }
    if (base.length === 0)
        legs = [];
    const exclude = obj.exclude;
    if (Array.isArray(exclude)) {
        legs = legs.filter((l) => !exclude.some((e) => e && typeof e === 'object' && Object.entries(e).every(([k, v]) => same(l[k], v))));
    }
    const include = obj.include;
    if (Array.isArray(include)) {
        for (const inc of include) {
            if (!inc || typeof inc !== 'object')
                continue;
            const e = inc;
            const matching = legs.filter((l) => Object.entries(e).every(([k, v]) => !base.includes(k) || same(l[k], v)));
            const extendable = matching.filter((l) => Object.keys(e).every((k) => !(k in l) || base.includes(k) || same(l[k], e[k])));
            if (base.length > 0 && extendable.length > 0)
                for (const l of extendable)
                    Object.assign(l, e);
            else
                legs.push({ ...e });
            if (legs.length > MAX_LEGS)
                return undefined;
        }
    }
    return legs.length ? legs : [{}];
}
/** Resolve `matrix.*` against one leg; everything else unknown. */
function legResolver(leg) {
    return (path) => {
        if (!path.startsWith('matrix.'))
            return UNKNOWN;
        let v = leg;
        for (const part of path.slice(7).split('.')) {
            if (!v || typeof v !== 'object' || !(part in v))
                return v === leg ? known(null) : UNKNOWN;
            v = v[part];
        }
        if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
            return known(v);
        return UNKNOWN;
    };
}
/**
 * The value of a text with `${{ }}` in one leg: the expression's value when the text is one
 * expression, else the text with each expression replaced. Undefined when unknown.
 */
function evalText(text, resolve) {
    const ex = findExpressions(text);
    if (ex.length === 0)
        return text;
    try {
        if (ex.length === 1 && ex[0].full === text.trim()) {
            const v = evaluate(parseExpr(ex[0].inner), resolve);
            return v.t === 'known' ? v.v : undefined;
        }
        let out = '';
        let last = 0;
        for (const e of ex) {
            const v = evaluate(parseExpr(e.inner), resolve);
            if (v.t !== 'known')
                return undefined;
            out += text.slice(last, e.offset) + (v.v === null ? '' : String(v.v));
            last = e.offset + e.full.length;
        }
        return out + text.slice(last);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/audits/self-hosted-runner.ts
/**
 * self-hosted-runner: a job that builds or publishes a release on a self-hosted runner shares
 * that machine with whatever ran on it before — on public repositories, pull requests from
 * forks (the TensorFlow and PyTorch cases).
 */






function labelsOf(v) {
    if (typeof v === 'string')
        return [v];
    if (Array.isArray(v))
        return v.flatMap(labelsOf);
    return [];
}
/** Judge one set of labels (one matrix leg). */
function self_hosted_runner_judge(labels) {
    if (labels.some((l) => l.toLowerCase() === 'self-hosted'))
        return { kind: 'self-hosted', message: `runs on a self-hosted runner (${labels.map((l) => code(l)).join(', ')})` };
    const odd = labels.filter((l) => !HOSTED_LABEL.test(l));
    if (odd.length)
        return { kind: 'unlisted', message: `runs on ${odd.map((l) => code(l)).join(', ')}, which ${odd.length > 1 ? 'are not GitHub-hosted image labels' : 'is not a GitHub-hosted image label'}: a self-hosted runner or a larger runner` };
    return undefined;
}
function check(job, node) {
    if (node.kind === 'map') {
        const group = get(node, 'group');
        if (group)
            return [{ kind: 'group', message: `runs in the runner group ${code(String(toJS(group)))}, which holds self-hosted or larger runners` }];
        const labels = get(node, 'labels');
        return labels ? check(job, labels) : [];
    }
    const texts = labelsOf(toJS(node));
    const dynamic = texts.filter((t) => t.includes('${{'));
    const legs = dynamic.length ? matrixLegs(job) : [{}];
    const out = [];
    const seen = new Set();
    for (const leg of legs ?? [undefined]) {
        let labels = [];
        for (const t of texts) {
            const v = leg ? evalText(t, legResolver(leg)) : undefined;
            const ls = t.includes('${{') ? (v === undefined || v === null ? undefined : labelsOf(v)) : [t];
            if (!ls) {
                labels = undefined;
                break;
            }
            labels.push(...ls);
        }
        const v = labels ? self_hosted_runner_judge(labels) : { kind: 'dynamic', message: `chooses its runner with ${dynamic.map((d) => code(d)).join(', ')}, which cannot be decided before the run`, severity: 'warning' };
        if (v && !seen.has(v.message)) {
            out.push(v);
            seen.add(v.message);
        }
    }
    return out;
}
const self_hosted_runner_rule = {
    id: 'self-hosted-runner',
    title: 'job runs on a self-hosted runner',
    severity: 'error',
    check(ctx) {
        const out = [];
        const runtime = ctx.runtime?.runnerEnvironment;
        const gateJobs = new Set(ctx.scope.mode === 'gate' ? ctx.scope.targets.map((j) => j.id) : []);
        for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
            const job = site.job;
            const here = gateJobs.has(job.id) && site.chain.length === 0;
            if (here && runtime === 'self-hosted') {
                out.push(ctx.finding({
                    message: `job ${code(job.id)} is running on a self-hosted runner (RUNNER_ENVIRONMENT=self-hosted)`,
                    fix: 'Publish from a GitHub-hosted runner (`runs-on: ubuntu-latest`): a fresh machine for every job.',
                    ...atJob(site, job.runsOn?.pos ?? job.pos),
                }));
                continue;
            }
            if (!job.runsOn)
                continue;
            for (const v of check(job, job.runsOn)) {
                // A label GitHub does not list, on a job the runner says is GitHub-hosted: a larger runner.
                if (here && runtime === 'github-hosted' && (v.kind === 'unlisted' || v.kind === 'dynamic'))
                    continue;
                out.push(ctx.finding({
                    message: `job ${code(job.id)} ${v.message}`,
                    fix: 'Build and publish on GitHub-hosted runners (`runs-on: ubuntu-latest`), which are fresh for every job; keep self-hosted runners away from release jobs and from pull requests of forks.',
                    ...atJob(site, job.runsOn.pos ?? job.pos),
                    ...(v.severity ? { severity: v.severity } : {}),
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/template-injection.ts
/**
 * template-injection: `${{ }}` is pasted into a script before the shell sees it. When the value
 * is text an outsider writes (a pull request title, a branch name, a commit message), the
 * outsider writes the script (the Ultralytics and nx compromises).
 */








/** Context paths whose text an outsider chooses (from GitHub's webhook payloads). */
const ATTACKER_CONTROLLED = [
    /^github\.event\.(issue|pull_request|discussion)\.(title|body)$/,
    /^github\.event\.(comment|review|review_comment)\.body$/,
    /^github\.event\.pull_request\.head\.(ref|label)$/,
    /^github\.event\.pull_request\.head\.repo\.(default_branch|description|name|full_name|homepage)$/,
    /^github\.head_ref$/,
    /^github\.event\.(commits\.\*|head_commit|commits\.\d+)\.(message|author\.(name|email)|committer\.(name|email))$/,
    /^github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(name|email)|committer\.(name|email))|head_repository\.description)$/,
    /^github\.event\.workflow_run\.pull_requests\.\*\.head\.ref$/,
    /^github\.event\.pages\.\*\.page_name$/,
    /^github\.event\.(issue|pull_request)\.labels\.\*\.name$/,
    /^github\.event\.label\.name$/,
];
/** Types of a workflow's `inputs.<name>` (workflow_dispatch / workflow_call). */
function inputType(wf, name) {
    for (const t of wf.triggers) {
        if (t.event !== 'workflow_dispatch' && t.event !== 'workflow_call')
            continue;
        const def = get(get(t.config, 'inputs'), name);
        if (def)
            return str(get(def, 'type')) ?? 'string';
    }
    return undefined;
}
function classify(path, wf) {
    if (ATTACKER_CONTROLLED.some((re) => re.test(path)))
        return { kind: 'attacker', path };
    const m = /^(?:github\.event\.)?inputs\.([\w-]+)$/.exec(path);
    if (m && wf.kind === 'workflow') {
        const t = inputType(wf, m[1]);
        if (t === undefined || t === 'string')
            return { kind: 'input', path };
    }
    return undefined;
}
const template_injection_rule = {
    id: 'template-injection',
    title: 'untrusted text expanded into a script',
    severity: 'error',
    check(ctx) {
        const wf = ctx.workflow;
        const out = [];
        const dangerous = wf.kind === 'workflow' ? occasions(wf).filter((o) => DANGEROUS_EVENTS[o.event]) : [];
        for (const site of jobSites(wf, ctx.scope, ctx.local)) {
            for (const s of stepSites(site, ctx.local)) {
                const sinks = [];
                if (s.step.run)
                    sinks.push({ scalar: s.step.run, what: '`run:`' });
                const script = s.step.with.get('script');
                if (isAction(s.step, 'actions/github-script') && script?.kind === 'scalar')
                    sinks.push({ scalar: script, what: '`actions/github-script` `script:`' });
                for (const sink of sinks) {
                    for (const e of exprsInScalar(s.wf, sink.scalar)) {
                        const paths = e.expr ? contextRefs(e.expr) : [...e.inner.matchAll(/[a-z_][\w.*-]*/gi)].map((m) => m[0]);
                        const risks = paths.map((p) => classify(p, s.wf)).filter((r) => !!r);
                        if (risks.length === 0)
                            continue;
                        const r = risks.find((x) => x.kind === 'attacker') ?? risks[0];
                        const reachedBy = site.chain.length === 0 ? dangerous.filter((o) => stepReachable(wf, s.top.job, s.top.step, o) !== false) : dangerous;
                        const severe = r.kind === 'attacker' && reachedBy.length > 0;
                        const why = r.kind === 'attacker'
                            ? severe
                                ? `an outsider chooses this text, and \`${reachedBy[0].event}\` runs this step with the repository's secrets`
                                : 'an outsider can choose this text'
                            : 'whoever dispatches the workflow chooses this text';
                        out.push(ctx.finding({
                            message: `${code(e.full)} is expanded into ${sink.what}: ${why}`,
                            fix: `Pass the value through an environment variable and quote it in the script: \`env: { VALUE: ${e.full} }\`, then use \`"$VALUE"\`.`,
                            ...atStep(s, e.pos),
                            severity: severe ? 'error' : 'warning',
                        }));
                    }
                }
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/unintentional-trigger.ts
/**
 * unintentional-trigger: SPEC 8 wants a release to start from an intentional act — a
 * published release, a tag push, or a manual dispatch — not from any push to a branch, a
 * schedule, or a pull request.
 */




function unintended(o) {
    return (o.event === 'push' && o.refKind === 'branch') || o.event === 'schedule' || o.event === 'pull_request';
}
const unintentional_trigger_rule = {
    id: 'unintentional-trigger',
    title: 'release can start without a release decision',
    severity: 'warning',
    check(ctx) {
        if (ctx.scope.mode === 'all' || ctx.workflow.kind !== 'workflow')
            return [];
        const wf = ctx.workflow;
        const out = [];
        for (const job of ctx.scope.targets) {
            const publishSteps = job.steps.filter((s) => stepPublishes(s) && !isTestPublish(s));
            // a job whose only publishing goes to a test index (TestPyPI on every push) is a rehearsal
            if (publishSteps.length === 0 && job.steps.some((s) => stepPublishes(s)))
                continue;
            const bot = job.steps.map(releaseBot).find(Boolean);
            for (const occ of occasions(wf).filter(unintended)) {
                const reachable = publishSteps.length
                    ? publishSteps.some((s) => stepReachable(wf, job, s, occ) !== false)
                    : jobReachable(wf, job, occ) !== false;
                if (!reachable)
                    continue;
                const pattern = bot
                    ? ` This is the ${bot} pattern (publish when its release pull request is merged): the merge is the release decision, so protect the branch and give job ${code(job.id)} an environment with required reviewers.`
                    : '';
                out.push(ctx.finding({
                    message: `publishing job ${code(job.id)} can run on ${occ.label}, not only on a release decision.${pattern}`,
                    fix: 'Trigger the release on `release: types: [published]`, on `push: tags: [\'v*\']`, or on `workflow_dispatch`; or guard the job with `if: startsWith(github.ref, \'refs/tags/\')`.',
                    at: occ.pos,
                    job: job.id,
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/resolve/lockfile.ts
/**
 * GitHub's `.github/workflows/actions.lock`, read exactly as strictly as GitHub's own parser
 * (`go/pkg/lockfile`): versions v0.0.1–v0.0.3; only `version`, `workflows`, `dependencies` at
 * the top; pin keys `owner/repo@ref` (owner/repo lower-cased, the ref's case kept, split at the
 * first `@`); entries with `ref`, `commit` (`sha1-`40 hex or `sha256-`64 hex), `owner_id`,
 * `repo_id`, optional `uses` and (v0.0.3) `hostname`. Unknown keys, duplicates, cycles, files
 * over 1 MiB and future versions are rejected, each with its line and column.
 */

const ACTIONS_LOCK_PATH = '.github/workflows/actions.lock';
const LOCK_VERSIONS = ['v0.0.1', 'v0.0.2', 'v0.0.3'];
const ENTRY_KEYS = {
    'v0.0.1': ['tag', 'branch', 'commit', 'owner_id', 'repo_id', 'uses'],
    'v0.0.2': ['ref', 'commit', 'owner_id', 'repo_id', 'uses'],
    'v0.0.3': ['ref', 'commit', 'owner_id', 'repo_id', 'uses', 'hostname'],
};
const lockfile_FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const COMMIT = /^(sha1)-([0-9a-f]{40})$|^(sha256)-([0-9a-f]{64})$/;
const HOSTNAME = /^(github\.com|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.ghe\.com)$/;
/** Split a pin key at the first `@`; v0.0.1 keys carry a `:algo-hex` suffix, dropped here. */
function parsePinKey(raw, version) {
    const s = version === 'v0.0.1' ? raw.replace(/:(sha1-[0-9a-f]{40}|sha256-[0-9a-f]{64})$/, '') : raw;
    const at = s.indexOf('@');
    if (at <= 0)
        return undefined;
    const name = s.slice(0, at);
    const ref = s.slice(at + 1);
    const parts = name.split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1] || /[:@]/.test(name) || !ref || ref.includes(':'))
        return undefined;
    if (!parts.every((p) => /^[A-Za-z0-9._-]+$/.test(p)))
        return undefined;
    return { owner: parts[0].toLowerCase(), repo: parts[1].toLowerCase(), ref, key: `${parts[0].toLowerCase()}/${parts[1].toLowerCase()}@${ref}` };
}
function pinKey(owner, repo, ref) {
    return `${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`;
}
function err(file, n, msg) {
    throw new InputError(msg, file, n?.pos.line ?? 1, n?.pos.column ?? 1);
}
function scalarString(file, n, what) {
    if (n.kind !== 'scalar' || typeof n.value !== 'string' || n.value === '')
        err(file, n, `${what} must be a non-empty string`);
    return n.value;
}
function positiveInt(file, n, what) {
    if (n.kind !== 'scalar' || typeof n.value !== 'number' || !Number.isInteger(n.value) || n.value <= 0)
        err(file, n, `${what} must be a positive integer`);
    return n.value;
}
/** Workflow path keys: repo-relative and safe (GitHub's rules). */
function checkWorkflowPath(file, k) {
    const p = String(k.value);
    if (p === '' || p.startsWith('/') || /[\u0000-\u001f\\:]/.test(p) || p.split('/').includes('..'))
        err(file, k, `workflow path '${p}' must be a relative path with no '..', '\\', ':' or control characters`);
    return p;
}
function parseActionsLock(text, file = ACTIONS_LOCK_PATH) {
    const { root } = parseYaml(text, file);
    if (!root || root.kind !== 'map')
        err(file, root, 'the lockfile must be a mapping with `version`');
    for (const p of root.pairs) {
        if (!['version', 'workflows', 'dependencies'].includes(String(p.key.value)))
            err(file, p.key, `unknown key '${p.key.value}'; a lockfile has only version, workflows and dependencies`);
    }
    const vNode = root.pairs.find((p) => p.key.value === 'version');
    if (!vNode)
        err(file, root, 'missing `version`');
    const v = scalarString(file, vNode.value, '`version`');
    if (!LOCK_VERSIONS.includes(v)) {
        const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(v);
        const newer = m && (Number(m[1]) > 0 || Number(m[2]) > 0 || Number(m[3]) > 3);
        err(file, vNode.value, newer ? `lockfile version ${v} is newer than release-gate understands (up to v0.0.3): upgrade release-gate` : `unsupported lockfile version '${v}'`);
    }
    const version = v;
    const lock = { file, version, workflows: new Map(), dependencies: new Map() };
    const deps = root.pairs.find((p) => p.key.value === 'dependencies')?.value;
    if (deps && !(deps.kind === 'scalar' && deps.value === null)) {
        if (deps.kind !== 'map')
            err(file, deps, '`dependencies` must be a mapping of pin keys');
        for (const p of deps.pairs) {
            const k = parsePinKey(String(p.key.value), version);
            if (!k)
                err(file, p.key, `'${p.key.value}' is not a pin key of the form owner/repo@ref`);
            const body = p.value;
            if (body.kind !== 'map')
                err(file, body, `dependency '${p.key.value}' must be a mapping`);
            const allowed = ENTRY_KEYS[version];
            for (const bp of body.pairs)
                if (!allowed.includes(String(bp.key.value)))
                    err(file, bp.key, `unknown key '${bp.key.value}' in dependency '${p.key.value}' (version ${version}: ${allowed.join(', ')})`);
            const get = (name) => body.pairs.find((x) => x.key.value === name)?.value;
            const need = (name) => get(name) ?? err(file, p.key, `dependency '${p.key.value}' has no \`${name}\``);
            const commitRaw = scalarString(file, need('commit'), '`commit`');
            const cm = COMMIT.exec(commitRaw);
            if (!cm)
                err(file, need('commit'), `\`commit\` '${commitRaw}' must be sha1- with 40 hex digits or sha256- with 64`);
            const commit = { algo: (cm[1] ?? cm[3]), hex: cm[2] ?? cm[4] };
            let ref;
            if (version === 'v0.0.1') {
                const tag = get('tag');
                const branch = get('branch');
                ref = (tag && scalarString(file, tag, '`tag`')) || (branch && scalarString(file, branch, '`branch`')) || k.ref;
            }
            else {
                ref = scalarString(file, need('ref'), '`ref`');
                if (lockfile_FULL_SHA.test(k.ref)) {
                    if (k.ref.toLowerCase() !== commit.hex)
                        err(file, need('commit'), `key '${p.key.value}' names commit ${k.ref}, but \`commit\` is ${commitRaw}`);
                }
                else if (ref !== k.ref)
                    err(file, need('ref'), `key '${p.key.value}' has ref '${k.ref}', but \`ref\` is '${ref}'`);
            }
            const ownerId = positiveInt(file, need('owner_id'), '`owner_id`');
            const repoId = positiveInt(file, need('repo_id'), '`repo_id`');
            const usesNode = get('uses');
            const uses = [];
            if (usesNode && !(usesNode.kind === 'scalar' && usesNode.value === null)) {
                if (usesNode.kind !== 'seq')
                    err(file, usesNode, '`uses` must be a list of pin keys');
                for (const u of usesNode.items) {
                    const uk = parsePinKey(scalarString(file, u, 'a `uses` item'), version);
                    if (!uk)
                        err(file, u, `'${String(u.value)}' is not a pin key of the form owner/repo@ref`);
                    uses.push(uk.key);
                }
            }
            const hostNode = get('hostname');
            let hostname;
            if (hostNode) {
                hostname = scalarString(file, hostNode, '`hostname`');
                if (!HOSTNAME.test(hostname))
                    err(file, hostNode, `\`hostname\` '${hostname}' must be github.com or <name>.ghe.com`);
            }
            const entry = { key: k.key, owner: k.owner, repo: k.repo, keyRef: k.ref, ref, commit, ownerId, repoId, uses: uses.sort(), ...(hostname ? { hostname } : {}), line: p.key.pos.line, column: p.key.pos.column };
            const prev = lock.dependencies.get(k.key);
            if (prev) {
                const same = prev.commit.hex === entry.commit.hex && prev.ownerId === entry.ownerId && prev.repoId === entry.repoId && prev.ref === entry.ref && prev.uses.join() === entry.uses.join();
                if (!same)
                    err(file, p.key, `duplicate dependency key '${p.key.value}' (as ${k.key}), first defined at line ${prev.line}`);
                continue;
            }
            lock.dependencies.set(k.key, entry);
        }
    }
    const wfs = root.pairs.find((p) => p.key.value === 'workflows')?.value;
    if (wfs && !(wfs.kind === 'scalar' && wfs.value === null)) {
        if (wfs.kind !== 'map')
            err(file, wfs, '`workflows` must be a mapping of workflow paths');
        for (const p of wfs.pairs) {
            const path = checkWorkflowPath(file, p.key);
            const pins = [];
            if (!(p.value.kind === 'scalar' && p.value.value === null)) {
                if (p.value.kind !== 'seq')
                    err(file, p.value, `workflow '${path}' must list pin keys`);
                for (const it of p.value.items) {
                    const k = parsePinKey(scalarString(file, it, 'a workflow pin'), version);
                    if (!k)
                        err(file, it, `'${String(it.value)}' is not a pin key of the form owner/repo@ref`);
                    pins.push(k.key);
                }
            }
            lock.workflows.set(path, { pins, line: p.key.pos.line });
        }
    }
    // cycles in the uses graph (three-colour DFS)
    const colour = new Map();
    const visit = (key, path) => {
        const c = colour.get(key);
        if (c === 2)
            return;
        if (c === 1) {
            const e = lock.dependencies.get(key);
            throw new InputError(`cycle in \`uses\`: ${[...path.slice(path.indexOf(key)), key].join(' -> ')}`, file, e.line, e.column);
        }
        colour.set(key, 1);
        for (const u of lock.dependencies.get(key)?.uses ?? [])
            if (lock.dependencies.has(u))
                visit(u, [...path, key]);
        colour.set(key, 2);
    };
    for (const k of lock.dependencies.keys())
        visit(k, []);
    return lock;
}
/** The locked closure of a workflow: its listed keys and everything reachable through `uses`; undefined when not onboarded. */
function lockedClosure(lock, workflowPath) {
    const w = lock.workflows.get(workflowPath);
    if (!w)
        return undefined;
    const out = new Set();
    const stack = [...w.pins];
    while (stack.length) {
        const k = stack.pop();
        if (out.has(k))
            continue;
        out.add(k);
        for (const u of lock.dependencies.get(k)?.uses ?? [])
            stack.push(u);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/audits/unlocked-dependency.ts
/**
 * unlocked-dependency: when the workflow is locked (onboarded in actions.lock, a gha.sum, or
 * `require-lock: true`), every action the job runs — direct and transitive, composite
 * children re-derived from each locked commit — must be in the lock, at the commit written,
 * owned by the repository the lock recorded.
 */




const unlocked_dependency_rule = {
    id: 'unlocked-dependency',
    title: 'dependency missing from the lock or not as locked',
    severity: 'error',
    requires: 'lock',
    check(ctx) {
        const lock = ctx.lock;
        const out = [];
        const seen = new Set();
        const add = (k, f) => {
            if (seen.has(k))
                return;
            seen.add(k);
            out.push(ctx.finding(f));
        };
        const deps = [];
        const files = new Map([[ctx.workflow.file, ctx.workflow], ...[...ctx.local.values()].map((w) => [w.file, w])]);
        const push = (u, at, wfFile) => {
            const p = u.parsed;
            if (p.kind !== 'repo')
                return;
            const c = versionComment(files.get(wfFile), u.pos.line);
            deps.push({ owner: p.owner, repo: p.repo, ref: p.ref, value: u.value, at, ...(c ? { comment: c } : {}) });
        };
        if (ctx.resolved) {
            for (const r of ctx.resolved.roots) {
                const at = { file: r.file, at: r.uses.pos, job: r.job, ...(r.step ? { step: r.step } : {}), ...(r.chain.length ? { chain: r.chain } : {}) };
                push(r.uses, at, r.file);
                const walk = (n, hops, seenN) => {
                    if (!n || seenN.has(n.id))
                        return;
                    seenN.add(n.id);
                    const entry = lock.actionsLock?.dependencies.get(pinKey(n.uses.owner, n.uses.repo, n.uses.ref));
                    for (const e of n.children) {
                        const q = e.uses.parsed;
                        if (q.kind !== 'repo')
                            continue;
                        const childAt = { ...at, chain: [...hops, e.uses.value] };
                        deps.push({ owner: q.owner, repo: q.repo, ref: q.ref, value: e.uses.value, at: childAt });
                        const ck = pinKey(q.owner, q.repo, q.ref);
                        if (entry && lock.onboarded && !entry.uses.includes(ck) && !(q.owner.toLowerCase() === n.uses.owner.toLowerCase() && q.repo.toLowerCase() === n.uses.repo.toLowerCase() && q.ref === n.uses.ref)) {
                            add(`uses:${entry.key}:${ck}`, {
                                ...childAt,
                                message: `${code(n.uses.raw)} at its locked commit uses ${code(e.uses.value)}, which its actions.lock entry ${code(entry.key)} does not record`,
                                fix: 'Run `gh actions-lock` to re-resolve the lockfile, review the new dependency, and commit it.',
                            });
                        }
                        walk(e.node, [...hops, e.uses.value], seenN);
                    }
                };
                walk(r.node, [r.uses.value], new Set());
            }
        }
        else {
            for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
                if (site.job.uses)
                    push(site.job.uses, { file: site.wf.file, at: site.job.uses.pos, job: site.job.id }, site.wf.file);
                for (const s of stepSites(site, ctx.local))
                    if (s.step.uses)
                        push(s.step.uses, { file: s.wf.file, at: s.step.uses.pos, job: s.top.job.id, step: s.top.step }, s.wf.file);
            }
        }
        for (const d of deps) {
            const key = pinKey(d.owner, d.repo, d.ref);
            const fixLock = 'Run `gh actions-lock` (or `release-gate lock` for gha.sum) for this workflow, review the result, and commit it.';
            if (lock.onboarded && !lock.closure.has(key)) {
                add(`lock:${key}`, { ...d.at, message: `${code(d.value)} is not in actions.lock for this workflow: GitHub will refuse the run, or the lock is stale`, fix: fixLock, subject: d.value });
            }
            if (lock.ghaSum) {
                const id = `${d.owner}/${d.repo}@${d.ref}`;
                const has = [...lock.ghaSum.entries.keys()].some((k) => k.toLowerCase() === id.toLowerCase());
                if (!has)
                    add(`sum:${id}`, { ...d.at, message: `${code(d.value)} has no checksum in gha.sum`, fix: fixLock, subject: d.value });
            }
            const entry = lock.actionsLock?.dependencies.get(key);
            if (lock.onboarded && d.comment && /^[0-9a-f]{40}$/i.test(d.ref)) {
                const byTag = lock.actionsLock?.dependencies.get(pinKey(d.owner, d.repo, d.comment));
                if (byTag && byTag.commit.hex !== d.ref.toLowerCase()) {
                    add(`commit:${key}`, { ...d.at, message: `actions.lock pins ${code(byTag.key)} to ${code(byTag.commit.hex.slice(0, 12))}, but the workflow pins ${code(d.ref.slice(0, 12))} (\`# ${d.comment}\`)`, fix: fixLock });
                }
            }
            const ids = lock.ids?.get(`${d.owner}/${d.repo}`.toLowerCase());
            if (entry && ids && !('error' in ids) && (ids.ownerId !== entry.ownerId || ids.repoId !== entry.repoId)) {
                add(`ids:${key}`, {
                    ...d.at,
                    message: `${code(`${d.owner}/${d.repo}`)} is not the repository actions.lock recorded (owner ${entry.ownerId}, repo ${entry.repoId}; now owner ${ids.ownerId}, repo ${ids.repoId}): it was renamed, or deleted and its name taken`,
                    fix: 'Find out who owns the repository now before re-locking; if the change is legitimate, run `gh actions-lock` and review.',
                });
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/unprotected-environment.ts
/**
 * unprotected-environment: an environment protects a release only through its rules. One that
 * does not exist is created, unprotected, on first use; one without required reviewers or a
 * deployment rule lets any branch's workflow publish.
 */

const unprotected_environment_rule = {
    id: 'unprotected-environment',
    title: 'deployment environment without protection',
    severity: 'error',
    requires: 'online',
    check(ctx) {
        if (ctx.scope.mode === 'all')
            return [];
        const out = [];
        for (const job of ctx.scope.targets) {
            const declared = job.environment?.name;
            const name = ctx.runtime?.environment ?? (declared && !declared.includes('${{') ? declared : undefined);
            if (!name)
                continue;
            const f = ctx.online.environments.get(name);
            if (!f || 'error' in f)
                continue;
            const at = { at: job.environment?.pos ?? job.pos, job: job.id };
            const settings = `Repository settings › Environments › ${name}`;
            if (!f.exists) {
                out.push(ctx.finding({ ...at, message: `environment ${code(name)} does not exist: GitHub creates it on first use, with no protection rules`, fix: `Create it in ${settings}, with required reviewers and a deployment rule for your release tags.` }));
                continue;
            }
            if (f.reviewers === 0)
                out.push(ctx.finding({ ...at, message: `environment ${code(name)} has no required reviewers: nobody approves a release`, fix: `Add required reviewers in ${settings}.` }));
            else if (!f.preventSelfReview)
                out.push(ctx.finding({ ...at, message: `environment ${code(name)} lets whoever started the run approve it`, fix: `Turn on "Prevent self-review" in ${settings}.` }));
            if (f.branchPolicy.kind === 'none')
                out.push(ctx.finding({ ...at, message: `environment ${code(name)} has no deployment branch or tag rule: a workflow on any branch can deploy to it`, fix: `Under "Deployment branches and tags" in ${settings}, allow only your release tags (e.g. \`v*\`) or protected branches.` }));
            if (f.canAdminsBypass)
                out.push(ctx.finding({ ...at, severity: 'warning', message: `administrators can bypass the protection rules of environment ${code(name)}`, fix: `Turn off "Allow administrators to bypass configured protection rules" in ${settings}.` }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/unverified-artifact.ts
/**
 * unverified-artifact: what is about to be published must carry an attestation from this
 * repository's release workflow, for this ref and commit, built on a GitHub-hosted runner,
 * whose attested digest is the file's own. An empty match never passes.
 */


const unverified_artifact_rule = {
    id: 'unverified-artifact',
    title: 'artifact without a verified attestation',
    severity: 'error',
    requires: 'attest',
    check(ctx) {
        const a = ctx.attest;
        const job = ctx.scope.targets[0];
        const gate = job?.steps.find((s) => isGate(s, ctx.runtime?.gateRepository));
        const at = { at: gate?.uses?.pos ?? job?.pos ?? { line: 1, column: 1 }, ...(job ? { job: job.id } : {}), ...(gate ? { step: gate } : {}) };
        const out = [];
        if (a.noMatch) {
            out.push(ctx.finding({ ...at, message: `no file matched ${a.patterns.map((p) => code(p)).join(', ')}: nothing was verified, so nothing may be published`, fix: 'Download or build the artifacts before release-gate runs (or set `artifact-name`), and check `subject-path`.' }));
        }
        for (const f of a.files) {
            if (f.verdict === 'verified')
                continue;
            out.push(ctx.finding({ ...at, message: `${code(f.file)} (sha256:${f.sha256.slice(0, 12)}) is not verified: ${f.reason}`, fix: 'Attest the file in the build job with `actions/attest-build-provenance` (it needs `id-token: write` and `attestations: write`), from this workflow, for this ref; then publish exactly that file.' }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/unpinned-images.ts
/**
 * unpinned-images: container images (`docker://` steps, job `container:`, `services:`)
 * must be pinned by `@sha256:` digest. A tag, `latest` included, can be re-pushed.
 */



function imageMessage(ref, where) {
    if (ref.includes('${{')) {
        return {
            message: `${where} image ${code(ref)} is an expression; the image that runs cannot be known before the job starts`,
            fix: 'Write the image literally, pinned by digest: `image@sha256:<digest>`.',
        };
    }
    const img = parseImage(ref);
    if (imagePinned(img))
        return undefined;
    const tag = img.tag ?? 'latest';
    return {
        message: `${where} image ${code(ref)} is referenced by ${img.tag ? `tag ${code(tag)}` : 'no tag (implicitly `latest`)'}, not by digest`,
        fix: `Pin the image by digest and keep the tag for readers: ${code(`${img.image}:${tag}@sha256:<digest>`)} (${code(`docker buildx imagetools inspect ${img.image}:${tag}`)} prints the digest).`,
    };
}
/** `container: image` or `container: { image: … }`. */
function imageOf(node) {
    if (!node)
        return undefined;
    const img = node.kind === 'map' ? get(node, 'image') : node;
    if (img && img.kind === 'scalar' && typeof img.value === 'string' && img.value !== '')
        return { ref: img.value, pos: img.pos };
    return undefined;
}
function jobImages(job) {
    const out = [];
    const c = imageOf(job.container);
    if (c)
        out.push({ ...c, where: 'job container' });
    if (job.services?.kind === 'map') {
        for (const p of job.services.pairs) {
            const s = imageOf(p.value);
            if (s)
                out.push({ ...s, where: `service '${p.key.value}'` });
        }
    }
    return out;
}
const unpinned_images_rule = {
    id: 'unpinned-images',
    title: 'container image not pinned by digest',
    severity: 'error',
    check(ctx) {
        const out = [];
        for (const job of ctx.scope.jobs) {
            for (const img of jobImages(job)) {
                const m = imageMessage(img.ref, img.where);
                if (m)
                    out.push(ctx.finding({ ...m, at: img.pos, job: job.id, subject: img.ref }));
            }
            for (const step of job.steps) {
                const u = step.uses?.parsed;
                if (!u || u.kind !== 'docker')
                    continue;
                const m = imageMessage(u.raw.slice('docker://'.length), 'step');
                if (m)
                    out.push(ctx.finding({ ...m, at: step.uses.pos, job: job.id, step: stepRef(step), subject: u.raw }));
            }
        }
        if (ctx.workflow.runs?.image) {
            const image = ctx.workflow.runs.image;
            if (image.value.startsWith('docker://')) {
                const m = imageMessage(image.value.slice('docker://'.length), 'action');
                if (m)
                    out.push(ctx.finding({ ...m, at: image.pos, subject: image.value }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/unpinned-transitive-uses.ts
/**
 * unpinned-transitive-uses: a SHA pin at the top says nothing about the refs used inside.
 * Composite actions and reusable workflows resolve their own `uses:` at run time; the
 * tj-actions compromise spread through actions that used it by tag.
 */



function fileBase(f) {
    return f.split('/').pop() ?? f;
}
const unpinned_transitive_uses_rule = {
    id: 'unpinned-transitive-uses',
    title: 'action used by an action is not pinned',
    severity: 'error',
    requires: 'online',
    check(ctx) {
        const out = [];
        const res = ctx.resolved;
        for (const root of res.roots) {
            const seen = new Set();
            const at = { file: root.file, at: root.uses.pos, job: root.job, ...(root.step ? { step: root.step } : {}) };
            const walk = (n, hops) => {
                if (!n || seen.has(n.id))
                    return;
                seen.add(n.id);
                const chain = (extra) => [fileBase(root.file), root.job, ...root.chain.slice(1), ...hops, extra];
                if (n.kind === 'docker' && n.image) {
                    const img = n.image.value;
                    if (img.startsWith('docker://')) {
                        if (!imagePinned(parseImage(img.slice(9)))) {
                            out.push(ctx.finding({ ...at, message: `${code(n.uses.raw)} is a Docker action whose image ${code(img)} is not pinned by digest`, fix: `Ask the action's authors to pin \`runs.image\` by digest, or use a release that does; or allow it with a reason.`, chain: chain(img), subject: img }));
                        }
                    }
                    else if (/Dockerfile$/i.test(img)) {
                        out.push(ctx.finding({ ...at, severity: 'note', message: `${code(n.uses.raw)} builds its container from ${code(img)} at run time, from the pinned commit; what that build downloads is not pinned`, fix: 'Nothing to change if the Dockerfile pins its base image by digest; check it once.', chain: chain(img) }));
                    }
                }
                for (const e of n.children) {
                    const p = e.uses.parsed;
                    const lockedAt = p.kind === 'repo' && ctx.lock?.onboarded && ctx.lock.closure?.has(pinKey(p.owner, p.repo, p.ref)) ? ctx.lock.actionsLock?.dependencies.get(pinKey(p.owner, p.repo, p.ref))?.commit.hex : undefined;
                    if (p.kind === 'repo' && p.refKind !== 'sha' && lockedAt) {
                        out.push(ctx.finding({ ...at, severity: 'note', message: `${code(n.uses.raw)} uses ${code(e.uses.value)}, a ${p.refKind === 'branch' ? 'branch' : 'tag'}, but actions.lock pins it to ${code(lockedAt.slice(0, 12))}: GitHub runs the locked commit`, fix: 'Nothing to do while the workflow stays onboarded.', chain: chain(e.uses.value), subject: e.uses.value }));
                    }
                    else if (p.kind === 'repo' && p.refKind !== 'sha') {
                        out.push(ctx.finding({
                            ...at,
                            message: `${code(n.uses.raw)} uses ${code(e.uses.value)}, pinned to ${p.refKind === 'branch' ? 'a branch' : p.refKind === 'expression' ? 'an expression' : 'a tag'}: the code it runs can change without any change to this workflow`,
                            fix: `Use a version of ${code(`${n.uses.owner}/${n.uses.repo}`)} that pins its own dependencies to full SHAs, or replace it; or allow ${code(`${p.owner}/${p.repo}`)} with a reason if it cannot be pinned.`,
                            chain: chain(e.uses.value),
                            subject: e.uses.value,
                        }));
                    }
                    else if (e.note && !/^container image$/.test(e.note)) {
                        out.push(ctx.finding({ ...at, severity: /deeper than/.test(e.note) ? 'error' : 'warning', message: `${code(n.uses.raw)} uses ${code(e.uses.value)}: ${e.note}`, fix: 'Review the action; a remote action should not depend on the caller\'s checkout.', chain: chain(e.uses.value) }));
                    }
                    else if (p.kind === 'docker' && !imagePinned(p)) {
                        out.push(ctx.finding({ ...at, message: `${code(n.uses.raw)} runs the image ${code(e.uses.value)}, not pinned by digest`, fix: 'Use a version of the action that pins the image by digest.', chain: chain(e.uses.value), subject: e.uses.value }));
                    }
                    walk(e.node, [...hops, e.uses.value]);
                }
            };
            walk(root.node, [root.uses.value]);
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/unpinned-uses.ts
/**
 * unpinned-uses: every `uses:` of another repository must name a full commit SHA.
 * Tags and branches move; a SHA is the only reference the owner of an action cannot change.
 */




const REF_WORDS = {
    sha: 'a commit SHA',
    'short-sha': 'a short SHA, which can be made ambiguous by a new commit',
    tag: 'a tag, which can be moved to other code',
    branch: 'a branch, which moves with every push',
    symbolic: 'a tag or branch name, which can be moved to other code',
    expression: 'an expression, decided at run time',
};
function unpinnedMessage(uses) {
    const u = uses.parsed;
    if (u.kind === 'invalid') {
        return {
            message: `${code(`uses: ${uses.value}`)} is not a valid action reference: ${u.reason}`,
            fix: 'Write the reference as `owner/repo[/path]@<40-hex commit SHA>`, `./local/path` or `docker://image@sha256:<digest>`.',
        };
    }
    if (u.kind !== 'repo' || u.refKind === 'sha')
        return undefined;
    const name = u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`;
    const fix = u.refKind === 'expression'
        ? `Replace the expression with the full commit SHA of the version you intend: \`${name}@<40-hex SHA>\`.`
        : `Pin to the full commit SHA that \`${u.ref}\` points to and keep the name as a comment: \`${name}@<40-hex SHA> # ${u.ref}\` (\`git ls-remote https://github.com/${u.owner}/${u.repo} ${u.ref}\` prints it).`;
    return { message: `${code(uses.value)} is pinned to ${REF_WORDS[u.refKind]}, not a full commit SHA`, fix };
}
/** The commit an onboarded actions.lock pins this `uses:` to, if it does. */
function lockedCommit(ctx, uses) {
    const p = uses.parsed;
    if (!ctx.lock?.onboarded || p.kind !== 'repo' || p.refKind === 'expression')
        return undefined;
    const key = pinKey(p.owner, p.repo, p.ref);
    return ctx.lock.closure?.has(key) ? ctx.lock.actionsLock?.dependencies.get(key)?.commit.hex : undefined;
}
const unpinned_uses_rule = {
    id: 'unpinned-uses',
    title: 'action not pinned to a full commit SHA',
    severity: 'error',
    check(ctx) {
        const out = [];
        const seen = new Set();
        const push = (f) => {
            // an aliased or shared local file can be reached twice: report each place once
            const k = `${f.file}:${f.line}:${f.column}:${f.job}`;
            if (seen.has(k))
                return;
            seen.add(k);
            out.push(f);
        };
        for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
            if (site.job.uses) {
                const m = unpinnedMessage(site.job.uses);
                if (m)
                    push(ctx.finding({ ...m, ...atJob(site, site.job.uses.pos), subject: site.job.uses.value }));
            }
            for (const s of stepSites(site, ctx.local)) {
                if (!s.step.uses || s.step.uses.parsed.kind === 'docker')
                    continue;
                const m = unpinnedMessage(s.step.uses);
                if (!m)
                    continue;
                const locked = lockedCommit(ctx, s.step.uses);
                if (locked && s.wf === ctx.workflow) {
                    push(ctx.finding({ ...atStep(s, s.step.uses.pos), severity: 'note', message: `${code(s.step.uses.value)} is a ${s.step.uses.parsed.kind === 'repo' ? s.step.uses.parsed.refKind : 'ref'}, but actions.lock pins it to ${code(locked.slice(0, 12))}: GitHub runs the locked commit`, fix: 'Nothing to do while the workflow stays onboarded; keep actions.lock current with `gh actions-lock`.', subject: s.step.uses.value }));
                }
                else
                    push(ctx.finding({ ...m, ...atStep(s, s.step.uses.pos), subject: s.step.uses.value }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/audits/index.ts
/** The rule registry, in alphabetical order. Adding a rule: one file, one line here. */

























const RULES = [
    rule,
    cache_poisoning_rule,
    check_failed_rule,
    dangerous_triggers_rule,
    excessive_permissions_rule,
    gate_order_rule,
    impostor_commit_rule,
    integrity_mismatch_rule,
    invalid_workflow_rule,
    known_vulnerable_actions_rule,
    missing_environment_rule,
    overprovisioned_secrets_rule,
    ref_version_mismatch_rule,
    secret_exfiltration_rule,
    secrets_inherit_rule,
    self_hosted_runner_rule,
    template_injection_rule,
    unintentional_trigger_rule,
    unlocked_dependency_rule,
    unpinned_images_rule,
    unpinned_transitive_uses_rule,
    unpinned_uses_rule,
    unprotected_environment_rule,
    unverified_artifact_rule,
    use_trusted_publishing_rule,
];
/** Ids that are not rules over the model but are reported by the engine itself. */
const ENGINE_IDS = ['ignore-without-reason'];
function ruleById(id) {
    return RULES.find((r) => r.id === id);
}
const RULE_IDS = [...RULES.map((r) => r.id), ...ENGINE_IDS].sort();

;// CONCATENATED MODULE: ./src/context/allow.ts
function parseAllowLine(line, source) {
    const i = line.indexOf(' -- ');
    const pattern = (i >= 0 ? line.slice(0, i) : line).trim();
    const reason = i >= 0 ? line.slice(i + 4).trim() : '';
    if (!pattern)
        throw new Error(`Allow entry '${line}' has no pattern; expected 'owner/repo[/path] -- reason'`);
    if (!reason) {
        throw new Error(`Allow entry '${pattern}' has no reason; write it as '${pattern} -- why it cannot be pinned' so reviewers see why`);
    }
    if (/\s/.test(pattern))
        throw new Error(`Allow pattern '${pattern}' contains white space`);
    return { pattern, reason, source };
}
function globToRegExp(glob) {
    const esc = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${esc}$`, 'i');
}
/**
 * Does an allow entry cover a `uses:` value or image? Without `@` in the pattern the ref is
 * ignored; `owner/repo` also covers actions in subdirectories of that repository.
 */
function allowMatches(entry, subject) {
    const s = subject.replace(/^docker:\/\//, '');
    const at = s.lastIndexOf('@');
    const name = at > 0 ? s.slice(0, at) : s;
    if (entry.pattern.includes('@'))
        return globToRegExp(entry.pattern.replace(/^docker:\/\//, '')).test(s);
    const re = globToRegExp(entry.pattern.replace(/^docker:\/\//, ''));
    if (re.test(name))
        return true;
    // owner/repo covers owner/repo/sub/path
    return !entry.pattern.includes('*') && name.toLowerCase().startsWith(entry.pattern.toLowerCase() + '/');
}
function findAllowance(entries, subject) {
    return entries.find((e) => allowMatches(e, subject));
}

;// CONCATENATED MODULE: ./src/audits/suppress.ts

/**
 * Ranges of the scalars that can hold a `#` that is not a comment: quoted and block scalars
 * (a plain scalar cannot contain ` #`).
 */
function textRanges(root) {
    const out = [];
    const stack = root ? [root] : [];
    while (stack.length) {
        const n = stack.pop();
        if (n.kind === 'scalar') {
            if (n.style !== 'plain')
                out.push([n.offset, n.end]);
        }
        else if (n.kind === 'seq')
            stack.push(...n.items);
        else
            for (const p of n.pairs)
                stack.push(p.key, p.value);
    }
    return out;
}
function ignoreComments(wf) {
    const out = [];
    if (!/ignore\[/.test(wf.source))
        return out;
    const re = /(^|[ \t])(#+\s*(release-gate|zizmor)\s*:\s*ignore\[([^\]\n]*)\][^\n]*)/gim;
    let ranges;
    for (const m of wf.source.matchAll(re)) {
        const at = (m.index ?? 0) + m[1].length;
        ranges ??= textRanges(wf.yaml.root);
        if (ranges.some(([a, b]) => at > a && at < b))
            continue; // inside a quoted or block scalar: text, not a comment
        const p = wf.yaml.lineCounter.linePos(at);
        const lineStart = wf.yaml.lineCounter.lineStarts[p.line - 1];
        const rules = m[4].split(',').map((x) => x.trim()).filter(Boolean);
        const reason = m[2].slice(m[2].indexOf(']') + 1).replace(/^\s*(--|—|:|-)?\s*/, '').trim();
        const standalone = wf.source.slice(lineStart, at).trim() === '';
        out.push({ tool: m[3].toLowerCase(), rules, reason, line: p.line, column: p.col, standalone });
    }
    return out;
}
function pathMatches(file, pattern) {
    const f = file.replace(/\\/g, '/').replace(/^\.\//, '');
    const p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
    return f === p || f.endsWith('/' + p);
}
function configSuppression(f, rc) {
    for (const entry of rc?.ignore ?? []) {
        const m = /^(.*?)(?::(\d+))?(?::\d+)?$/.exec(entry);
        if (!m)
            continue;
        const [, path, line] = m;
        if (pathMatches(f.file, path) && (!line || Number(line) === f.line)) {
            return { by: 'config', reason: `rules.${f.rule}.ignore: ${entry}` };
        }
    }
    return undefined;
}
function commentSuppression(f, comments) {
    for (const c of comments) {
        const covers = c.standalone ? c.line === f.line - 1 : c.line === f.line;
        if (covers && c.rules.includes(f.rule)) {
            return { s: { by: 'comment', reason: c.reason || '(no reason given)' }, c };
        }
    }
    return undefined;
}
/** Rules whose findings name a dependency that may be allowed to stay unpinned. */
const ALLOWABLE_RULES = new Set(['unpinned-uses', 'unpinned-images', 'unpinned-transitive-uses']);
function allowSuppression(f, allow) {
    if (!f.subject || !ALLOWABLE_RULES.has(f.rule))
        return undefined;
    const entry = findAllowance(allow, f.subject);
    if (!entry)
        return undefined;
    return { s: { by: 'allow', reason: entry.reason, pattern: entry.pattern }, entry };
}

;// CONCATENATED MODULE: ./src/workflow/scope.ts
/**
 * Which jobs are audited: the job running the gate (or, from the CLI, each publishing job)
 * and every job it needs, transitively — they build what is published.
 */

function needsClosure(wf, roots) {
    const byId = new Map(wf.jobs.map((j) => [j.id, j]));
    const seen = new Set();
    const stack = roots.map((r) => r.id);
    while (stack.length) {
        const id = stack.pop();
        if (seen.has(id))
            continue;
        seen.add(id);
        for (const n of byId.get(id)?.needs ?? [])
            if (byId.has(n.value))
                stack.push(n.value);
    }
    return wf.jobs.filter((j) => seen.has(j.id));
}
/**
 * @param jobId the job to guard; when absent, the publishing jobs, and when none publish, every job.
 * @throws Error when `jobId` is not a job of the workflow.
 */
function selectScope(wf, jobId) {
    if (wf.kind === 'action')
        return { targets: wf.jobs, jobs: wf.jobs, reason: 'action file: its composite steps', mode: 'all' };
    if (jobId) {
        const job = wf.jobs.find((j) => j.id === jobId);
        if (!job) {
            const known = wf.jobs.map((j) => j.id).join(', ') || 'none';
            throw new Error(`job '${jobId}' is not in ${wf.file} (jobs: ${known})`);
        }
        return { targets: [job], jobs: needsClosure(wf, [job]), reason: `job '${jobId}' and the jobs it needs`, mode: 'gate' };
    }
    const publishing = wf.jobs.filter((j) => isPublishingJob(wf, j));
    if (publishing.length) {
        return {
            targets: publishing,
            jobs: needsClosure(wf, publishing),
            mode: 'publishing',
            reason: publishing.length > 1
                ? `publishing jobs ${publishing.map((j) => `'${j.id}'`).join(', ')} and the jobs they need`
                : `publishing job '${publishing[0].id}' and the jobs it needs`,
        };
    }
    return { targets: wf.jobs, jobs: wf.jobs, reason: 'no job publishes: every job', mode: 'all' };
}

;// CONCATENATED MODULE: ./src/resolve/ghasum.ts
/**
 * ghasum's `.github/workflows/gha.sum`: a header block (`version 1`), a blank line, then one
 * `owner/repo@ref <checksum>` line per action, sorted, with a final newline. Checksums are Go's
 * dirhash "h1" over the action's files.
 */

const GHA_SUM_PATH = '.github/workflows/gha.sum';
function parseGhaSum(text, file = GHA_SUM_PATH) {
    const lines = text.includes('\r') ? text.split('\r\n') : text.split('\n');
    const headers = new Map();
    let i = 0;
    for (; i < lines.length && lines[i] !== ''; i++) {
        const sp = lines[i].indexOf(' ');
        if (sp < 0)
            throw new InputError('invalid header', file, i + 1);
        const k = lines[i].slice(0, sp);
        if (headers.has(k))
            throw new InputError(`duplicate header '${k}'`, file, i + 1);
        headers.set(k, lines[i].slice(sp + 1));
    }
    const version = headers.get('version');
    if (version === undefined)
        throw new InputError('no `version` header', file, 1);
    if (version !== '1')
        throw new InputError(`gha.sum version ${version} is not supported (release-gate reads version 1)`, file, 1);
    if (lines[lines.length - 1] !== '')
        throw new InputError('missing final newline', file, lines.length);
    const entries = new Map();
    for (let n = i + 1; n < lines.length - 1; n++) {
        const l = lines[n];
        const sp = l.indexOf(' ');
        if (sp <= 0 || sp >= l.length - 1 || /[\r\n ]/.test(l.slice(sp + 1)))
            throw new InputError('expected `owner/repo@ref checksum`', file, n + 1);
        const id = l.slice(0, sp);
        if (!/^[^@\s]+@[^@\s]+$/.test(id) && !/^[^@\s]+(@[^@\s]+)+$/.test(id))
            throw new InputError(`'${id}' is not owner/repo@ref`, file, n + 1);
        if (entries.has(id))
            throw new InputError(`duplicate entry '${id}'`, file, n + 1);
        entries.set(id, { sum: l.slice(sp + 1), line: n + 1 });
    }
    return { file, entries };
}
function encodeGhaSum(entries) {
    const lines = [...entries].map(([id, sum]) => `${id} ${sum}\n`).sort();
    return `version 1\n\n${lines.join('')}`;
}

;// CONCATENATED MODULE: ./src/resolve/locks.ts



/** Is any lock in force for this workflow? Then unlocked dependencies are errors. */
function lockInForce(l) {
    return !!l && (l.onboarded || !!l.ghaSum || l.required);
}
/** Commit SHAs the lock pins, by `owner/repo@ref` key, for resolving at the locked commit. */
function lockedCommits(l) {
    const m = new Map();
    if (l?.actionsLock && l.onboarded)
        for (const e of l.actionsLock.dependencies.values())
            m.set(e.key, e.commit.hex);
    return m;
}
async function readLocks(reader, workflowPath, required) {
    const facts = { onboarded: false, required };
    const failures = [];
    const read = async (path) => {
        try {
            return await reader.read(path);
        }
        catch (e) {
            failures.push({ check: `read ${path}`, reason: e instanceof Error ? e.message : String(e), fix: 'Re-run the job; give it `contents: read`.', file: reader.display(path) });
            return undefined;
        }
    };
    const lockText = await read(ACTIONS_LOCK_PATH);
    if (lockText !== undefined) {
        try {
            facts.actionsLock = parseActionsLock(lockText, reader.display(ACTIONS_LOCK_PATH));
            facts.closure = lockedClosure(facts.actionsLock, workflowPath);
            facts.onboarded = facts.closure !== undefined;
        }
        catch (e) {
            if (!(e instanceof InputError))
                throw e;
            failures.push({ check: `read ${ACTIONS_LOCK_PATH}`, reason: e.message, fix: 'Regenerate it with `gh actions-lock`; GitHub refuses runs of onboarded workflows while it is invalid.', file: reader.display(ACTIONS_LOCK_PATH), ...(e.line ? { line: e.line } : {}) });
        }
    }
    const sumText = await read(GHA_SUM_PATH);
    if (sumText !== undefined) {
        try {
            facts.ghaSum = parseGhaSum(sumText, reader.display(GHA_SUM_PATH));
        }
        catch (e) {
            if (!(e instanceof InputError))
                throw e;
            failures.push({ check: `read ${GHA_SUM_PATH}`, reason: e.message, fix: 'Regenerate it with `release-gate lock` (or `ghasum update`).', file: reader.display(GHA_SUM_PATH), ...(e.line ? { line: e.line } : {}) });
        }
    }
    if (required && lockText === undefined && sumText === undefined) {
        failures.push({ check: 'read the lockfile', reason: `require-lock is set, and there is neither ${ACTIONS_LOCK_PATH} nor ${GHA_SUM_PATH}`, fix: 'Lock the workflow with `gh actions-lock` or `release-gate lock`, and commit the file.' });
    }
    return { facts, failures };
}

;// CONCATENATED MODULE: ./src/engine.ts
/**
 * The engine shared by the action and the CLI: scope -> rules -> suppressions -> verdict.
 * Everything here is pure; loading and reporting happen around it.
 */







const VERSION = '0.1.0';
const DEFAULT_DOCS_BASE = 'https://github.com/release-gate/release-gate/blob/main/docs/rules';
function docsUrl(base, id) {
    return `${base.replace(/\/+$/, '')}/${id}.md`;
}
function builder(rule, file, opts) {
    const override = opts.config.rules[rule.id]?.severity;
    return (input) => ({
        rule: rule.id,
        title: rule.title,
        docs: docsUrl(opts.docsBase, rule.id),
        severity: override ?? input.severity ?? rule.severity,
        message: input.message,
        fix: input.fix,
        file: input.file ?? file,
        line: input.at.line,
        column: input.at.column,
        ...(input.job !== undefined ? { job: input.job } : {}),
        ...(input.step ? { step: stepRef(input.step) } : {}),
        chain: input.chain ?? [],
        ...(input.subject !== undefined ? { subject: input.subject } : {}),
        blocking: false,
    });
}
function isDisabled(id, opts) {
    return opts.disabled.includes(id) || opts.config.rules[id]?.disable === true;
}
const CHECK_FAILED = RULES.find((r) => r.id === 'check-failed');
function failureFindings(failures, file, opts) {
    const b = builder(CHECK_FAILED, file, opts);
    return failures.map((f) => b({ ...failureInput(f), at: { line: f.line ?? 1, column: 1 }, file: f.file ?? file }));
}
function runRule(rule, t, scope, failures, opts) {
    const wf = t.workflow;
    const finding = builder(rule, wf.file, opts);
    try {
        return rule.check({
            workflow: wf,
            scope,
            options: opts.config.rules[rule.id]?.config ?? {},
            failures,
            local: t.local ?? new Map(),
            related: t.related ?? [],
            ...(t.resolved ? { resolved: t.resolved } : {}),
            ...(t.online ? { online: t.online } : {}),
            ...(t.attest ? { attest: t.attest } : {}),
            ...(t.lock ? { lock: t.lock } : {}),
            ...(t.integrity ? { integrity: t.integrity } : {}),
            ...(opts.runtime ? { runtime: opts.runtime } : {}),
            finding,
        });
    }
    catch (e) {
        // A rule that throws must not pass the gate silently, nor stop the other rules.
        return failureFindings([{ check: `run rule '${rule.id}'`, reason: e instanceof Error ? e.message : String(e), fix: 'Report this as a bug in release-gate, with the workflow that caused it.' }], wf.file, opts);
    }
}
/** Audit one file: returns its findings (unsuppressed, not yet judged) and what was audited. */
function auditTarget(t, opts) {
    const skipped = [];
    const failures = [...t.failures];
    if (!t.workflow) {
        return {
            file: { file: t.file, source: t.source, kind: 'unknown', jobs: [], targets: [], scope: 'not loaded' },
            findings: isDisabled('check-failed', opts) ? [] : failureFindings(failures, t.file, opts),
            skipped,
        };
    }
    const wf = t.workflow;
    let scope;
    try {
        scope = selectScope(wf, t.jobId);
    }
    catch (e) {
        failures.push({
            check: 'find the job to audit',
            reason: e.message,
            fix: 'Run release-gate as a step of the job that publishes, in the workflow file that defines it.',
            file: wf.file,
        });
        scope = { targets: [], jobs: wf.jobs, reason: `job '${t.jobId}' not found: every job`, mode: 'all' };
    }
    const findings = [];
    for (const rule of RULES) {
        if (isDisabled(rule.id, opts))
            continue;
        if (rule.requires === 'online' && !(t.resolved && t.online)) {
            if (!skipped.some((s) => s.check === rule.id))
                skipped.push({ check: rule.id, reason: t.offlineReason ?? 'offline: GitHub was not asked' });
            continue;
        }
        if (rule.requires === 'lock' && !lockInForce(t.lock)) {
            skipped.push({ check: rule.id, reason: 'no lock: the workflow is not in actions.lock and there is no gha.sum (set `require-lock: true` to require one)' });
            continue;
        }
        if (rule.requires === 'integrity' && !t.integrity) {
            skipped.push({ check: rule.id, reason: t.integrityReason ?? 'not inside a job: there is no runner download to compare' });
            continue;
        }
        if (rule.requires === 'attest' && (!t.attest || t.attest.mode === 'off')) {
            skipped.push({ check: rule.id, reason: attestOffReason(scope, opts.runtime?.gateRepository) });
            continue;
        }
        findings.push(...runRule(rule, { ...t, workflow: wf }, scope, failures, opts));
    }
    return {
        file: {
            file: wf.file,
            source: t.source,
            kind: wf.kind,
            jobs: scope.jobs.map((j) => j.id),
            targets: scope.targets.map((j) => j.id),
            scope: scope.reason,
        },
        findings: applySuppressions(wf, t.local ?? new Map(), findings, opts),
        skipped,
    };
}
function applySuppressions(wf, local, findings, opts) {
    // Comments are matched in the file the finding points at: the workflow or a local file.
    const byFile = new Map([[wf.file, ignoreComments(wf)]]);
    for (const l of local.values())
        if (!byFile.has(l.file))
            byFile.set(l.file, ignoreComments(l));
    const comments = byFile.get(wf.file);
    const used = new Set();
    for (const f of findings) {
        const cfg = configSuppression(f, opts.config.rules[f.rule]);
        if (cfg) {
            f.ignored = cfg;
            continue;
        }
        const c = commentSuppression(f, byFile.get(f.file) ?? []);
        if (c) {
            f.ignored = c.s;
            if (f.file === wf.file)
                used.add(c.c.line);
            continue;
        }
        const a = allowSuppression(f, opts.allow);
        if (a)
            f.ignored = a.s;
    }
    const out = [...findings];
    if (!isDisabled('ignore-without-reason', opts)) {
        for (const c of comments) {
            // zizmor's form needs no reason there; here it matters only when it silences a finding.
            if (c.reason || (c.tool === 'zizmor' && !used.has(c.line)))
                continue;
            const rule = { id: 'ignore-without-reason', title: 'ignore comment without a reason', severity: 'warning' };
            out.push(builder(rule, wf.file, opts)({
                message: `\`# ${c.tool}: ignore[${c.rules.join(',')}]\` gives no reason`,
                fix: `Say why the finding is acceptable: \`# release-gate: ignore[${c.rules.join(',')}] -- <reason>\`.`,
                at: { line: c.line, column: c.column },
            }));
        }
    }
    return out;
}
function isBlocking(f, failOn) {
    if (f.ignored || failOn === 'never')
        return false;
    return SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn];
}
/** Code-unit order: the same on every machine and locale, and fast. */
function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function compareFindings(a, b) {
    return (Number(b.blocking) - Number(a.blocking) ||
        Number(!!a.ignored) - Number(!!b.ignored) ||
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        cmp(a.file, b.file) ||
        a.line - b.line ||
        a.column - b.column ||
        cmp(a.rule, b.rule) ||
        cmp(a.message, b.message));
}
function buildReport(parts, skippedIn, opts) {
    const skipped = [];
    const seen = new Set();
    for (const s of [...skippedIn, ...parts.flatMap((p) => p.skipped ?? [])]) {
        const k = `${s.check}\u0000${s.reason}`;
        if (seen.has(k))
            continue;
        seen.add(k);
        skipped.push(s);
    }
    const findings = parts.flatMap((p) => p.findings);
    for (const f of findings)
        f.blocking = isBlocking(f, opts.failOn);
    findings.sort(compareFindings);
    const allowances = [];
    for (const e of opts.allow) {
        const used = [...new Set(findings.filter((f) => f.ignored?.by === 'allow' && f.ignored.pattern === e.pattern).map((f) => f.subject))];
        allowances.push({ pattern: e.pattern, reason: e.reason, source: e.source, used });
    }
    const count = (s) => findings.filter((f) => !f.ignored && f.severity === s).length;
    const blocking = findings.filter((f) => f.blocking).length;
    const disabled = [...new Set([...opts.disabled, ...Object.entries(opts.config.rules).filter(([, r]) => r.disable).map(([id]) => id)])].sort();
    return {
        version: 1,
        verdict: blocking > 0 ? 'fail' : 'pass',
        failOn: opts.failOn,
        files: parts.map((p) => p.file),
        findings,
        skipped,
        allowances,
        disabled,
        counts: { blocking, error: count('error'), warning: count('warning'), note: count('note'), ignored: findings.filter((f) => f.ignored).length },
    };
}
/**
 * Why attestations were not verified. From a terminal, a gate step that sets `subject-path` or
 * `artifact-name` verifies them inside its job (the CLI has no run to download from).
 */
function attestOffReason(scope, gateRepository) {
    for (const job of scope.targets) {
        const step = job.steps.find((s) => isGate(s, gateRepository));
        const input = step && ['artifact-name', 'subject-path'].find((k) => step.with.has(k));
        if (input)
            return `verified inside job '${job.id}' at run time: its release-gate step sets \`${input}\``;
    }
    return 'attestations: off (set `subject-path` or `artifact-name` to verify what is published)';
}

;// CONCATENATED MODULE: ./src/context/settings.ts
const FAIL_ON_VALUES = ['error', 'warning', 'never'];

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/attest/glob.ts
/**
 * Glob patterns for `subject-path`, relative to the workspace: `*` and `?` within a path
 * segment, `**` across segments, `[abc]` classes. Bounded: at most MAX_SCANNED entries are
 * looked at, and a pattern cannot leave the root.
 */


const MAX_SCANNED = 50_000;
function glob_globToRegExp(glob) {
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
/** Files under `root` matching any pattern (relative paths, `/`-separated, sorted). */
async function glob_expandGlobs(root, patterns) {
    const res = patterns.map((p) => p.trim().replace(/^\.\//, '')).filter(Boolean);
    for (const p of res)
        if (p.startsWith('/') || p.split('/').includes('..'))
            throw new Error(`subject-path '${p}' leaves the workspace; write it relative to the workspace`);
    const regs = res.map(glob_globToRegExp);
    const out = [];
    let scanned = 0;
    let truncated = false;
    const walk = async (dir) => {
        let entries;
        try {
            entries = await readdir(dir, { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            if (++scanned > MAX_SCANNED) {
                truncated = true;
                return;
            }
            const abs = join(dir, e.name);
            const rel = relative(root, abs).split(sep).join('/');
            if (e.isDirectory()) {
                if (e.name === '.git' || e.name === 'node_modules')
                    continue;
                await walk(abs);
            }
            else if (e.isFile() && regs.some((r) => r.test(rel)))
                out.push(rel);
        }
    };
    await walk(root);
    return { files: out.sort(), truncated };
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/attest/gh.ts
/**
 * Running `gh`: its version, and `gh attestation verify` with the flags that make the
 * verification mean something. gh before 2.67.0 exited 0 when no attestation matched the
 * predicate type (cli/cli#10418, GO-2025-3467), so older versions are refused.
 */

const gh_MIN_GH = '2.67.0';
/** execFile, bounded in time and output; a missing binary is `code: 'missing'`. */
const exec = (cmd, args, env) => new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
        const e = err;
        if (e && e.code === 'ENOENT')
            resolve({ code: 'missing', stdout: '', stderr: '' });
        else
            resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
});
function gh_parseGhVersion(out) {
    return /gh version (\d+\.\d+\.\d+)/.exec(out)?.[1];
}
function gh_versionAtLeast(v, min) {
    const a = v.split('.').map(Number);
    const b = min.split('.').map(Number);
    for (let i = 0; i < 3; i++)
        if (a[i] !== b[i])
            return a[i] > b[i];
    return true;
}
/** The line of gh's stderr that says what went wrong. */
function gh_ghError(stderr) {
    const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    const err = lines.find((l) => /^Error:/.test(l));
    const cross = lines.filter((l) => l.startsWith('✗'));
    return [cross[cross.length - 1], err].filter(Boolean).join(' — ') || lines[lines.length - 1] || 'no output';
}
function gh_verifyArgs(a) {
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

;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/attest/zip.ts
/**
 * Reading the ZIP archives GitHub serves artifacts as: stored and deflated entries, from the
 * central directory. Bounded against bombs and escapes: entry count, total size, ratio, and
 * paths that would leave the destination are refused.
 */

const ZIP_LIMITS = { entries: 10_000, totalBytes: 2 * 1024 * 1024 * 1024, ratio: 200 };
function zip_readZip(buf) {
    let eocd = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
        if (buf.readUInt32LE(i) === 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        throw new Error('not a ZIP archive (no end of central directory)');
    const count = buf.readUInt16LE(eocd + 10);
    let p = buf.readUInt32LE(eocd + 16);
    if (count > ZIP_LIMITS.entries)
        throw new Error(`the archive has ${count} entries, more than ${ZIP_LIMITS.entries}`);
    const out = [];
    let total = 0;
    for (let n = 0; n < count; n++) {
        if (buf.readUInt32LE(p) !== 0x02014b50)
            throw new Error('corrupt ZIP central directory');
        const method = buf.readUInt16LE(p + 10);
        const csize = buf.readUInt32LE(p + 20);
        const usize = buf.readUInt32LE(p + 24);
        const nlen = buf.readUInt16LE(p + 28);
        const xlen = buf.readUInt16LE(p + 30);
        const clen = buf.readUInt16LE(p + 32);
        const local = buf.readUInt32LE(p + 42);
        const name = buf.toString('utf8', p + 46, p + 46 + nlen);
        p += 46 + nlen + xlen + clen;
        if (name.endsWith('/'))
            continue;
        if (name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '..' || s === ''))
            throw new Error(`the archive entry '${name}' would leave the destination`);
        total += usize;
        if (total > ZIP_LIMITS.totalBytes || (csize > 0 && usize / csize > ZIP_LIMITS.ratio))
            throw new Error(`the archive expands beyond the limits (entry '${name}')`);
        if (buf.readUInt32LE(local) !== 0x04034b50)
            throw new Error('corrupt ZIP local header');
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + csize);
        const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw, { maxOutputLength: usize + 1 }) : undefined;
        if (!data)
            throw new Error(`the archive entry '${name}' uses compression method ${method}`);
        if (data.length !== usize)
            throw new Error(`the archive entry '${name}' is not the size it claims`);
        out.push({ name, data });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/attest/index.ts
/**
 * Verifying what is about to be published: each file matching `subject-path` (optionally
 * downloaded from an artifact of this run first) must carry an attestation signed by this
 * repository's release workflow, for this ref and commit, built on a GitHub-hosted runner, and
 * the attested digest must be the file's own.
 */







const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
async function sha256(file) {
    const h = createHash('sha256');
    for await (const chunk of createReadStream(file))
        h.update(chunk);
    return h.digest('hex');
}
/** Download an artifact of this run through the REST API and unpack it under `dest`. */
async function downloadArtifact(api, repository, runId, name, dest) {
    const list = await api.getJson(`/repos/${repository}/actions/runs/${runId}/artifacts?name=${encodeURIComponent(name)}&per_page=100`);
    const art = list?.data.artifacts?.find((a) => a.name === name && !a.expired);
    if (!art)
        throw new Error(`this run has no artifact named '${name}'`);
    const zip = await api.request(`/repos/${repository}/actions/artifacts/${art.id}/zip`, 'application/vnd.github+json');
    if (zip.status !== 200)
        throw new Error(`downloading artifact '${name}' answered HTTP ${zip.status}`);
    const root = resolve(dest);
    const written = [];
    for (const e of readZip(zip.body)) {
        const out = resolve(root, e.name);
        if (!out.startsWith(root))
            throw new Error(`artifact entry '${e.name}' would leave ${dest}`);
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, e.data);
        written.push(e.name);
    }
    return written;
}
async function runAttest(s, ctx, deps = {}) {
    const exec = deps.exec ?? realExec;
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
            await downloadArtifact(deps.api, ctx.repository, ctx.runId, s.artifactName, join(ctx.workspace, s.artifactPath));
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
        const g = await expandGlobs(ctx.workspace, patterns);
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
        const abs = join(ctx.workspace, file);
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

;// CONCATENATED MODULE: ./src/context/inputs.ts
/**
 * Reading inputs into {@link Settings}, once, with strict validation: a typo must fail
 * loudly rather than quietly relax the gate.
 */




const INPUTS = {
    token: 'token',
    failOn: 'fail-on',
    config: 'config',
    disable: 'disable',
    allow: 'allow',
    offline: 'offline',
    subjectPath: 'subject-path',
    artifactName: 'artifact-name',
    artifactPath: 'artifact-path',
    signerWorkflow: 'signer-workflow',
    predicateType: 'predicate-type',
    attestations: 'attestations',
    bundle: 'bundle',
    customTrustedRoot: 'custom-trusted-root',
    requireLock: 'require-lock',
};
const DEFAULT_CONFIG_PATH = '.github/release-gate.yml';
/** YAML 1.2 core booleans, as the runner documents for boolean inputs. */
function parseBoolean(name, value, dflt) {
    const v = value.trim();
    if (v === '')
        return dflt;
    if (['true', 'True', 'TRUE'].includes(v))
        return true;
    if (['false', 'False', 'FALSE'].includes(v))
        return false;
    throw new Error(`Input '${name}' is '${v}'; expected true or false`);
}
function parseList(value) {
    return value
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
function readSettings(src) {
    const failOn = (src.get(INPUTS.failOn).trim() || 'error');
    if (!FAIL_ON_VALUES.includes(failOn)) {
        throw new Error(`Input 'fail-on' is '${failOn}'; expected one of ${FAIL_ON_VALUES.join(', ')}`);
    }
    const disabled = parseList(src.get(INPUTS.disable));
    for (const id of disabled) {
        if (!RULE_IDS.includes(id))
            throw new Error(`Input 'disable' names '${id}', which is not a rule; known rules: ${RULE_IDS.join(', ')}`);
    }
    const allow = src
        .get(INPUTS.allow)
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'))
        .map((line) => parseAllowLine(line, 'input'));
    const subjectPath = src
        .get(INPUTS.subjectPath)
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
    const artifactName = src.get(INPUTS.artifactName).trim();
    const att = src.get(INPUTS.attestations).trim();
    if (att !== '' && att !== 'required' && att !== 'off')
        throw new Error(`Input 'attestations' is '${att}'; expected required or off`);
    const mode = att === 'off' ? 'off' : att === 'required' || subjectPath.length || artifactName ? 'required' : 'off';
    if (att === 'required' && !subjectPath.length && !artifactName) {
        throw new Error("Input 'attestations' is 'required' but neither 'subject-path' nor 'artifact-name' names what to verify");
    }
    const signer = src.get(INPUTS.signerWorkflow).trim();
    if (signer && !/^([\w.-]+\/)?[\w.-]+\/[\w.-]+\/.+\.ya?ml(@.+)?$/.test(signer)) {
        throw new Error(`Input 'signer-workflow' is '${signer}'; expected owner/repo/.github/workflows/release.yml`);
    }
    const opt = (k) => src.get(k).trim() || undefined;
    return {
        attest: {
            mode,
            subjectPath,
            ...(artifactName ? { artifactName } : {}),
            artifactPath: opt(INPUTS.artifactPath) ?? 'dist',
            ...(signer ? { signerWorkflow: signer } : {}),
            predicateType: opt(INPUTS.predicateType) ?? SLSA_PROVENANCE_V1,
            ...(opt(INPUTS.bundle) ? { bundle: opt(INPUTS.bundle) } : {}),
            ...(opt(INPUTS.customTrustedRoot) ? { customTrustedRoot: opt(INPUTS.customTrustedRoot) } : {}),
        },
        token: src.get(INPUTS.token).trim(),
        failOn,
        configPath: src.get(INPUTS.config).trim() || DEFAULT_CONFIG_PATH,
        disabled,
        allow,
        offline: parseBoolean(INPUTS.offline, src.get(INPUTS.offline), false),
        requireLock: parseBoolean(INPUTS.requireLock, src.get(INPUTS.requireLock), false),
    };
}

;// CONCATENATED MODULE: ./src/context/config.ts
/**
 * The config file (`.github/release-gate.yml`):
 *
 *   rules:
 *     <rule-id>:
 *       disable: true
 *       severity: warning          # error | warning | note
 *       ignore: [".github/workflows/release.yml:12"]
 *       config: { … }              # rule-specific options
 *   allow:
 *     - uses: slsa-framework/slsa-github-generator/*
 *       reason: must be referenced by tag
 *
 * Unknown keys and unknown rule ids are errors: a typo must not silently relax the gate.
 */



const SEVERITIES = ['error', 'warning', 'note'];
function emptyConfig() {
    return { rules: {}, allow: [] };
}
function fail(file, node, msg) {
    throw new InputError(msg, file, node?.pos.line, node?.pos.column);
}
function onlyKeys(file, node, allowed, where) {
    if (node.kind !== 'map')
        fail(file, node, `${where} must be a mapping`);
    for (const p of node.pairs) {
        const k = String(p.key.value);
        if (!allowed.includes(k))
            fail(file, p.key, `unknown key '${k}' in ${where}; expected one of ${allowed.join(', ')}`);
    }
}
function parseConfig(text, file) {
    const { root } = parseYaml(text, file);
    const cfg = emptyConfig();
    if (!root || (root.kind === 'scalar' && root.value === null))
        return cfg;
    onlyKeys(file, root, ['rules', 'allow'], 'the config file');
    const rules = get(root, 'rules');
    if (rules && !(rules.kind === 'scalar' && rules.value === null)) {
        if (rules.kind !== 'map')
            fail(file, rules, '`rules:` must be a mapping of rule ids');
        for (const p of rules.pairs) {
            const id = String(p.key.value);
            if (!RULE_IDS.includes(id))
                fail(file, p.key, `unknown rule '${id}'; known rules: ${RULE_IDS.join(', ')}`);
            const rc = {};
            const v = p.value;
            if (v.kind === 'scalar' && v.value === null)
                continue;
            onlyKeys(file, v, ['disable', 'severity', 'ignore', 'config'], `rules.${id}`);
            const dis = get(v, 'disable');
            if (dis) {
                if (dis.kind !== 'scalar' || typeof dis.value !== 'boolean')
                    fail(file, dis, `rules.${id}.disable must be true or false`);
                rc.disable = dis.value;
            }
            const sev = get(v, 'severity');
            if (sev) {
                if (sev.kind !== 'scalar' || !SEVERITIES.includes(sev.value)) {
                    fail(file, sev, `rules.${id}.severity must be one of ${SEVERITIES.join(', ')}`);
                }
                rc.severity = sev.value;
            }
            const ign = get(v, 'ignore');
            if (ign) {
                const items = ign.kind === 'seq' ? ign.items : [ign];
                rc.ignore = items.map((it) => {
                    if (it.kind !== 'scalar' || it.value === null || String(it.value).trim() === '') {
                        fail(file, it, `rules.${id}.ignore entries must be 'path' or 'path:line'`);
                    }
                    return String(it.value);
                });
            }
            const conf = get(v, 'config');
            if (conf) {
                if (conf.kind !== 'map')
                    fail(file, conf, `rules.${id}.config must be a mapping`);
                const o = {};
                for (const cp of conf.pairs)
                    o[String(cp.key.value)] = toJS(cp.value);
                rc.config = o;
            }
            cfg.rules[id] = rc;
        }
    }
    const allow = get(root, 'allow');
    if (allow && !(allow.kind === 'scalar' && allow.value === null)) {
        if (allow.kind !== 'seq')
            fail(file, allow, '`allow:` must be a list of { uses, reason }');
        for (const it of allow.items) {
            if (it.kind === 'scalar' && typeof it.value === 'string') {
                try {
                    cfg.allow.push(parseAllowLine(it.value, 'config'));
                }
                catch (e) {
                    fail(file, it, e.message);
                }
                continue;
            }
            onlyKeys(file, it, ['uses', 'reason'], 'an `allow:` entry');
            const uses = get(it, 'uses');
            const reason = get(it, 'reason');
            if (!uses || uses.kind !== 'scalar' || !uses.value)
                fail(file, it, 'an `allow:` entry needs `uses:`');
            if (!reason || reason.kind !== 'scalar' || !String(reason.value ?? '').trim()) {
                fail(file, it, `allow entry '${String(uses.value)}' needs a \`reason:\` saying why it cannot be pinned`);
            }
            cfg.allow.push({ pattern: String(uses.value), reason: String(reason.value), source: 'config' });
        }
    }
    return cfg;
}

;// CONCATENATED MODULE: ./src/report/order.ts

const RISK_ORDER = [
    // a secret or the environment leaving the runner
    'secret-exfiltration',
    // code that is not what the workflow names, or is known to be bad
    'integrity-mismatch',
    'impostor-commit',
    'known-vulnerable-actions',
    // attacker-controlled events and text reaching the publishing job
    'dangerous-triggers',
    'template-injection',
    // long-lived credentials and secrets handed out wholesale
    'overprovisioned-secrets',
    'use-trusted-publishing',
    'secrets-inherit',
    // what is published, and where it is built
    'unverified-artifact',
    'self-hosted-runner',
    'cache-poisoning',
    // privileges and protections
    'excessive-permissions',
    'artipacked',
    'missing-environment',
    'unprotected-environment',
    'unintentional-trigger',
    // pins and locks
    'unlocked-dependency',
    'unpinned-transitive-uses',
    'unpinned-uses',
    'unpinned-images',
    'ref-version-mismatch',
    // the gate's own hygiene
    'gate-order',
    'invalid-workflow',
    'ignore-without-reason',
];
/** Rank of a rule by risk; rules not listed sort after the listed ones, by id. */
function riskRank(rule) {
    const i = RISK_ORDER.indexOf(rule);
    return i < 0 ? RISK_ORDER.length : i;
}
/**
 * Findings grouped by rule, groups by risk (then severity, then id), findings inside a group in
 * report order (file, line).
 */
function groupByRule(findings) {
    const groups = new Map();
    for (const f of findings) {
        let g = groups.get(f.rule);
        if (!g)
            groups.set(f.rule, (g = { rule: f.rule, title: f.title, docs: f.docs, findings: [] }));
        g.findings.push(f);
    }
    const top = (g) => Math.max(...g.findings.map((f) => SEVERITY_RANK[f.severity]));
    return [...groups.values()].sort((a, b) => riskRank(a.rule) - riskRank(b.rule) || top(b) - top(a) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}
/** The distinct values of a list, in first-seen order. */
function distinct(xs) {
    return [...new Set(xs)];
}

;// CONCATENATED MODULE: ./src/report/where.ts
/** Short descriptions of where a finding is, shared by the renderers. */

function where_location(f) {
    return `${f.file}:${f.line}:${f.column}`;
}
/** "job `publish` · step 2 `Publish to PyPI`" (plain text with code spans). */
function jobStep(f) {
    const parts = [];
    if (f.job)
        parts.push(`job ${code(f.job)}`);
    if (f.step) {
        const label = f.step.name ?? f.step.id;
        parts.push(`step ${f.step.index + 1}${label ? ` ${code(label)}` : ''}`);
    }
    return parts.join(' · ');
}
function chainText(f) {
    return f.chain.map((c) => code(c)).join(' › ');
}

;// CONCATENATED MODULE: ./src/report/text.ts


function plural(n, one, many = `${one}s`) {
    return `${n} ${n === 1 ? one : many}`;
}
const sgr = (open, close) => (s) => `\u001b[${open}m${s}\u001b[${close}m`;
const COLOR = { red: sgr(31, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), green: sgr(32, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
const id = (s) => s;
const NONE = { red: id, yellow: id, cyan: id, green: id, bold: id, dim: id };
/** Printable width of a string that may hold colour codes. */
function visible(s) {
    // eslint-disable-next-line no-control-regex
    return [...s.replace(/\u001b\[[0-9;]*m/g, '')].length;
}
/** Plain text with code spans: backticks dropped, the values painted. */
function prose(text, p) {
    return text.replace(/(`+) ?([^`]*?) ?\1/g, (_m, _f, v) => p.cyan(v));
}
/** Wrap words to `width`, every line after the first indented by `indent`. */
function wrap(text, width, indent, first = indent) {
    const words = text.split(/ +/).filter(Boolean);
    const lines = [];
    let cur = first;
    let curLen = visible(first);
    let empty = true;
    for (const w of words) {
        const wl = visible(w);
        if (!empty && curLen + 1 + wl > width) {
            lines.push(cur);
            cur = indent + w;
            curLen = visible(indent) + wl;
            continue;
        }
        cur += (empty ? '' : ' ') + w;
        curLen += (empty ? 0 : 1) + wl;
        empty = false;
    }
    lines.push(cur);
    return lines;
}
function tagOf(g, p) {
    const f = g.findings;
    const sev = f.some((x) => x.severity === 'error') ? 'error' : f.some((x) => x.severity === 'warning') ? 'warning' : 'note';
    const paint = sev === 'error' ? p.red : sev === 'warning' ? p.yellow : p.cyan;
    return p.bold(paint(`${sev}[${g.rule}]`));
}
function group(g, p, width, out) {
    const f = g.findings;
    const blocking = f.filter((x) => x.blocking).length;
    const state = blocking === f.length ? 'blocking' : blocking ? `${blocking} blocking` : 'not blocking';
    out.push(...wrap(`${tagOf(g, p)} ${p.bold(g.title)} ${p.dim(`(${f.length > 1 ? `${f.length}, ` : ''}${state})`)}`, width, '    ', ''));
    const fixes = distinct(f.map((x) => x.fix));
    const oneFix = fixes.length === 1;
    for (const x of f) {
        const js = jobStep(x);
        out.push(...wrap(`${p.bold(where_location(x))}${js ? ` ${prose(js, NONE).split(' ').map(p.dim).join(' ')}` : ''}`, width, '    ', '  '));
        out.push(...wrap(prose(`${x.message}${x.chain.length ? ` (via ${x.chain.join(' › ')})` : ''}`, p), width, '    '));
        if (!oneFix)
            out.push(...wrap(`${p.green('fix:')} ${prose(x.fix, p)}`, width, '         ', '    '));
    }
    if (oneFix)
        out.push(...wrap(`${p.green('fix:')} ${prose(fixes[0], p)}`, width, '       ', '  '));
    out.push(`  ${p.dim(`docs: ${g.docs}`)}`, '');
}
/** "not checked" entries that share a reason, on one line. */
function notChecked(skipped, p, width, out) {
    const byReason = new Map();
    for (const s of skipped)
        byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.check]);
    for (const [reason, checks] of byReason)
        out.push(...wrap(`${p.yellow('not checked:')} ${checks.join(', ')} ${p.dim(`— ${prose(reason, NONE)}`)}`, width, '  ', ''));
}
function renderText(r, o = {}) {
    const p = o.color ? COLOR : NONE;
    const width = Math.max(40, o.width ?? 100);
    const out = [];
    const active = r.findings.filter((f) => !f.ignored);
    // checks that could not run are kept apart from findings, after them
    const failed = active.filter((f) => f.rule === 'check-failed');
    for (const g of groupByRule(active.filter((f) => f.rule !== 'check-failed' && f.blocking)))
        group(g, p, width, out);
    for (const g of groupByRule(active.filter((f) => f.rule !== 'check-failed' && !f.blocking)))
        group(g, p, width, out);
    if (failed.length) {
        out.push(p.bold(p.red(`could not check (${failed.some((f) => f.blocking) ? 'blocks until it can' : 'not blocking'}):`)));
        for (const f of failed) {
            out.push(`  ${p.bold(where_location(f))}`);
            out.push(...wrap(prose(f.message, p), width, '    '));
            out.push(...wrap(`${p.green('fix:')} ${prose(f.fix, p)}`, width, '         ', '    '));
        }
        out.push('');
    }
    for (const f of r.findings.filter((x) => x.ignored)) {
        out.push(...wrap(`${p.dim(`ignored[${f.rule}]`)} ${where_location(f)} ${p.dim(`— ${f.ignored.by}: ${f.ignored.reason}`)}`, width, '  ', ''));
    }
    notChecked(r.skipped, p, width, out);
    if (r.files.length <= 10)
        for (const f of r.files)
            out.push(...wrap(p.dim(`audited ${f.file}: ${f.scope}${f.jobs.length ? ` (${f.jobs.join(', ')})` : ''}`), width, '  ', ''));
    else
        out.push(p.dim(`audited ${plural(r.files.length, 'file')}`));
    out.push(verdictText(r, p));
    return out.join('\n') + '\n';
}
function counts(r) {
    const c = r.counts;
    return [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : '', c.note ? plural(c.note, 'note') : '', c.ignored ? `${c.ignored} ignored` : '']
        .filter(Boolean)
        .join(', ');
}
function verdictText(r, p) {
    const c = counts(r);
    if (r.verdict === 'fail')
        return `${p.bold(p.red('FAIL:'))} ${plural(r.counts.blocking, 'blocking finding')}${c ? ` (${c})` : ''}`;
    return `${p.bold(p.green('PASS:'))} ${c ? `${c}; fail-on: ${r.failOn}` : 'no findings'}`;
}

;// CONCATENATED MODULE: ./src/report/json.ts
function jsonFinding(f) {
    return {
        rule: f.rule,
        title: f.title,
        severity: f.severity,
        blocking: f.blocking,
        ignored: !!f.ignored,
        suppression: f.ignored ? { by: f.ignored.by, reason: f.ignored.reason } : null,
        message: f.message,
        fix: f.fix,
        file: f.file,
        line: f.line,
        column: f.column,
        job: f.job ?? null,
        step: f.step ?? null,
        chain: f.chain,
        docs: f.docs,
    };
}
function toJson(r, extra = {}) {
    return (JSON.stringify({
        version: r.version,
        verdict: r.verdict,
        failOn: r.failOn,
        files: r.files,
        findings: r.findings.map(jsonFinding),
        skipped: r.skipped,
        allowances: r.allowances,
        disabled: r.disabled,
        counts: r.counts,
        ...extra,
    }, null, 2) + '\n');
}

;// CONCATENATED MODULE: ./src/report/sarif.ts
/** SARIF 2.1.0, for code scanning and other viewers. */



const LEVEL = { error: 'error', warning: 'warning', note: 'note' };
function fingerprint(f) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha256')
        .update([f.rule, f.file, f.job ?? '', f.step?.index ?? '', f.subject ?? f.message].join('\u0000'))
        .digest('hex')
        .slice(0, 32);
}
function toSarif(r, docsBase) {
    const descriptors = [
        ...RULES.map((x) => ({ id: x.id, title: x.title, severity: x.severity })),
        ...ENGINE_IDS.map((id) => ({ id, title: 'ignore comment without a reason', severity: 'warning' })),
    ];
    const index = new Map(descriptors.map((d, i) => [d.id, i]));
    const sarif = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'release-gate',
                        version: VERSION,
                        informationUri: docsBase.replace(/\/docs\/rules\/?$/, ''),
                        rules: descriptors.map((d) => ({
                            id: d.id,
                            name: d.id.replace(/(^|-)(\w)/g, (_m, _d, c) => c.toUpperCase()),
                            shortDescription: { text: d.title },
                            helpUri: docsUrl(docsBase, d.id),
                            defaultConfiguration: { level: LEVEL[d.severity] },
                        })),
                    },
                },
                results: r.findings.map((f) => ({
                    ruleId: f.rule,
                    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
                    level: LEVEL[f.severity],
                    message: { text: `${f.message}${f.chain.length ? ` (via ${f.chain.join(' › ')})` : ''}. Fix: ${f.fix}` },
                    locations: [
                        {
                            physicalLocation: {
                                artifactLocation: { uri: f.file.replace(/\\/g, '/').replace(/^\.\//, '') },
                                region: { startLine: f.line, startColumn: f.column },
                            },
                        },
                    ],
                    partialFingerprints: { 'releaseGate/v1': fingerprint(f) },
                    properties: { blocking: f.blocking, ...(f.job ? { job: f.job } : {}), ...(f.chain.length ? { chain: f.chain } : {}) },
                    ...(f.ignored
                        ? { suppressions: [{ kind: f.ignored.by === 'comment' ? 'inSource' : 'external', justification: f.ignored.reason }] }
                        : {}),
                })),
            },
        ],
    };
    return JSON.stringify(sarif, null, 2) + '\n';
}

;// CONCATENATED MODULE: ./src/report/annotations.ts
/** GitHub renders only this many annotations of one level per step. */
const MAX_PER_LEVEL = 10;
function level(f) {
    if (f.blocking)
        return 'error';
    return f.severity === 'note' ? 'notice' : 'warning';
}
/** Strip the Markdown code fences: annotations are plain text. */
function plain(text) {
    return text.replace(/`+ ?([^`]*?) ?`+/g, '$1');
}
function annotations(r) {
    const list = [];
    const perLevel = { error: 0, warning: 0, notice: 0 };
    let omitted = 0;
    for (const f of r.findings) {
        if (f.ignored)
            continue;
        const lv = level(f);
        if (perLevel[lv] >= MAX_PER_LEVEL) {
            omitted++;
            continue;
        }
        perLevel[lv]++;
        const chain = f.chain.length ? ` (via ${f.chain.join(' › ')})` : '';
        list.push({ level: lv, message: plain(`${f.message}${chain} — ${f.fix}`), file: f.file, line: f.line, col: f.column, title: f.rule });
    }
    return { list, omitted };
}
// The runner's escaping for workflow commands (same as @actions/core's).
function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function commandLine(a) {
    const props = `file=${escapeProperty(a.file)},line=${a.line},col=${a.col},title=${escapeProperty(a.title)}`;
    return `::${a.level} ${props}::${escapeData(a.message)}`;
}
function commandLines(r) {
    const { list, omitted } = annotations(r);
    const lines = list.map(commandLine);
    if (omitted)
        lines.push(`::notice::${escapeData(`${omitted} more findings: see the job summary or the JSON report`)}`);
    return lines;
}

;// CONCATENATED MODULE: ./src/context/local.ts
/**
 * Reading the local files a workflow's scope uses before the audit runs: reusable workflows
 * (`uses: ./.github/workflows/x.yml`), composite actions (`uses: ./path`) and, for a
 * `workflow_run` trigger, the other workflows of the repository. Through the API at the
 * workflow's commit inside a job; from the checkout in the CLI.
 */





/** At most this many local files are read for one workflow. */
const MAX_LOCAL_FILES = 50;
function local_err(e) {
    return e instanceof Error ? e.message : String(e);
}
async function loadLocal(wf, reader) {
    const local = new Map();
    const failures = [];
    const skipped = [];
    const queue = [{ wf, depth: 0 }];
    const seen = new Set();
    while (queue.length) {
        const { wf: cur, depth } = queue.shift();
        const wants = [];
        for (const job of cur.jobs) {
            const u = job.uses?.parsed;
            if (u?.kind === 'local' && u.reusableWorkflow)
                wants.push({ paths: [u.path], key: u.path, what: job.uses.value });
            for (const s of job.steps) {
                const su = s.uses?.parsed;
                if (su?.kind === 'local' && !su.reusableWorkflow && su.path !== '') {
                    wants.push({ paths: [`${su.path}/action.yml`, `${su.path}/action.yaml`], key: su.path, what: s.uses.value });
                }
            }
        }
        for (const w of wants) {
            if (seen.has(w.key))
                continue;
            seen.add(w.key);
            if (depth >= MAX_COMPOSITE_DEPTH || local.size >= MAX_LOCAL_FILES) {
                skipped.push({ check: `read ${w.what}`, reason: `beyond the limit of ${MAX_COMPOSITE_DEPTH} nested levels or ${MAX_LOCAL_FILES} local files` });
                continue;
            }
            let found = false;
            for (const p of w.paths) {
                let text;
                try {
                    text = await reader.read(p);
                }
                catch (e) {
                    failures.push({ check: `read ${w.what}`, reason: local_err(e), fix: 'Re-run the job; give it `contents: read`.', file: cur.file });
                    found = true;
                    break;
                }
                if (text === undefined)
                    continue;
                found = true;
                try {
                    const model = parseWorkflow(text, reader.display(p));
                    local.set(p, model);
                    queue.push({ wf: model, depth: depth + 1 });
                }
                catch (e) {
                    if (!(e instanceof InputError))
                        throw e;
                    failures.push({ check: `parse ${w.what}`, reason: e.message, fix: 'Fix the YAML of that file.', file: reader.display(p), ...(e.line ? { line: e.line } : {}) });
                }
                break;
            }
            if (!found) {
                failures.push({
                    check: `read ${w.what}`,
                    reason: `${w.paths.join(' or ')} is not in ${reader.where}`,
                    fix: 'Correct the `uses:` path; a local action needs an action.yml at that path.',
                    file: cur.file,
                });
            }
        }
    }
    const related = [];
    if (wf.triggers.some((t) => t.event === 'workflow_run')) {
        try {
            for (const p of (await reader.listWorkflows()).slice(0, 30)) {
                if (reader.display(p) === wf.file)
                    continue;
                const text = await reader.read(p).catch(() => undefined);
                if (text === undefined)
                    continue;
                try {
                    related.push(parseWorkflow(text, reader.display(p)));
                }
                catch {
                    // an unreadable sibling only matters if it is the upstream, which then stays unknown
                }
            }
        }
        catch (e) {
            skipped.push({ check: 'read the workflows that workflow_run follows', reason: local_err(e) });
        }
    }
    return { local, related, failures, skipped };
}
/** Does the workflow use anything local that must be read before the audit? */
function usesLocal(wf) {
    return (wf.jobs.some((j) => j.uses?.parsed.kind === 'local' || j.steps.some((s) => s.uses?.parsed.kind === 'local' && s.uses.parsed.path !== '')) ||
        wf.triggers.some((t) => t.event === 'workflow_run'));
}
/** Files of a checkout on disk. */
function fsReader(root, display, where) {
    return {
        where,
        display,
        async read(p) {
            try {
                return await (0,promises_namespaceObject.readFile)((0,external_node_path_namespaceObject.join)(root, p), 'utf8');
            }
            catch (e) {
                const code = e.code;
                if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR')
                    return undefined;
                throw e;
            }
        },
        async listWorkflows() {
            return (await (0,promises_namespaceObject.readdir)((0,external_node_path_namespaceObject.join)(root, '.github', 'workflows'))).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => `.github/workflows/${f}`);
        },
    };
}
/** Files of a repository at a commit, through the contents API. */
function apiReader(api, owner, repo, sha, display = (p) => p) {
    return {
        where: `${owner}/${repo} at ${sha}`,
        display,
        read: (p) => api.getFile(owner, repo, p, sha),
        async listWorkflows() {
            const r = await api.getJson(`/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/.github/workflows?ref=${encodeURIComponent(sha)}`);
            if (!r || !Array.isArray(r.data))
                return [];
            return r.data.filter((x) => x.type === 'file' && /\.ya?ml$/i.test(x.name ?? '') && x.path).map((x) => x.path);
        },
    };
}

;// CONCATENATED MODULE: ./src/resolve/dirhash.ts
/**
 * Go's dirhash "h1" (golang.org/x/mod/sumdb/dirhash.Hash1), which ghasum records: for every
 * file, relative `/` paths sorted, a line `<hex sha256>  <path>\n`; the SHA-256 of those lines,
 * base64, prefixed `h1:`. Also git's blob SHA-1, to compare files with a commit's tree.
 */



function h1(files) {
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const h = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    for (const f of sorted) {
        if (f.path.includes('\n'))
            throw new Error(`dirhash: file name with newline: ${JSON.stringify(f.path)}`);
        h.update(`${(0,external_node_crypto_namespaceObject.createHash)('sha256').update(f.data).digest('hex')}  ${f.path}\n`);
    }
    return `h1:${h.digest('base64')}`;
}
function gitBlobSha(data) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
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
    while (stack.length) {
        const { abs, rel } = stack.pop();
        for (const e of (0,external_node_fs_namespaceObject.readdirSync)(abs, { withFileTypes: true })) {
            const path = rel ? `${rel}/${e.name}` : e.name;
            const full = (0,external_node_path_namespaceObject.join)(abs, e.name);
            if (e.isDirectory()) {
                stack.push({ abs: full, rel: path });
                continue;
            }
            if (!e.isFile() && !e.isSymbolicLink())
                continue;
            if (out.length >= limits.files)
                throw new Error(`more than ${limits.files} files under ${dir}`);
            if (e.isSymbolicLink()) {
                const target = Buffer.from((0,external_node_fs_namespaceObject.readlinkSync)(full));
                let sha256;
                if (want.sha256) {
                    try {
                        if ((0,external_node_fs_namespaceObject.statSync)(full).isFile())
                            sha256 = (0,external_node_crypto_namespaceObject.createHash)('sha256').update((0,external_node_fs_namespaceObject.readFileSync)(full)).digest('hex');
                    }
                    catch {
                        sha256 = undefined;
                    }
                }
                out.push({ path, mode: '120000', ...(want.git ? { gitSha: gitBlobSha(target) } : {}), ...(sha256 ? { sha256 } : {}) });
                continue;
            }
            const data = (0,external_node_fs_namespaceObject.readFileSync)(full);
            bytes += data.length;
            if (bytes > limits.bytes)
                throw new Error(`more than ${limits.bytes} bytes under ${dir}`);
            const mode = want.git && (0,external_node_fs_namespaceObject.statSync)(full).mode & 0o111 ? '100755' : '100644';
            out.push({ path, mode, ...(want.git ? { gitSha: gitBlobSha(data) } : {}), ...(want.sha256 ? { sha256: (0,external_node_crypto_namespaceObject.createHash)('sha256').update(data).digest('hex') } : {}) });
        }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/** h1 from files already hashed (path and SHA-256 hex). */
function h1FromDigests(files) {
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const h = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    for (const f of sorted) {
        if (f.path.includes('\n'))
            throw new Error(`dirhash: file name with newline: ${JSON.stringify(f.path)}`);
        h.update(`${f.sha256}  ${f.path}\n`);
    }
    return `h1:${h.digest('base64')}`;
}
/** h1 of a directory on disk, as ghasum computes it over the runner's download. */
async function hashDir(dir) {
    const files = await readTree(dir, { sha256: true });
    const dangling = files.find((f) => f.sha256 === undefined);
    if (dangling)
        throw new Error(`${dangling.path} is a symbolic link to nothing readable`);
    return h1FromDigests(files);
}

;// CONCATENATED MODULE: ./src/resolve/tar.ts
/**
 * Reading the gzipped tarballs GitHub serves (`GET /repos/{o}/{r}/tarball/{sha}`): ustar and pax
 * headers, the top folder stripped — what the runner extracts. Bounded in entries and bytes.
 */

const TAR_LIMITS = { entries: 50_000, bytes: 512 * 1024 * 1024 };
function tar_str(b, off, len) {
    const s = b.subarray(off, off + len);
    const z = s.indexOf(0);
    return s.subarray(0, z < 0 ? len : z).toString('utf8');
}
function octal(b, off, len) {
    const s = tar_str(b, off, len).trim();
    return s ? parseInt(s, 8) : 0;
}
function readTarGz(gz) {
    const buf = (0,external_node_zlib_namespaceObject.gunzipSync)(gz, { maxOutputLength: TAR_LIMITS.bytes });
    const out = [];
    let p = 0;
    let paxPath;
    let paxLink;
    let longName;
    while (p + 512 <= buf.length) {
        const h = buf.subarray(p, p + 512);
        if (h.every((x) => x === 0))
            break;
        const size = octal(h, 124, 12);
        const type = String.fromCharCode(h[156] || 0x30);
        const body = buf.subarray(p + 512, p + 512 + size);
        p += 512 + Math.ceil(size / 512) * 512;
        if (type === 'g')
            continue; // pax global header (GitHub puts the commit id there)
        if (type === 'x') {
            const text = body.toString('utf8');
            for (const rec of text.split('\n')) {
                const m = /^\d+ (path|linkpath)=(.*)$/.exec(rec);
                if (m?.[1] === 'path')
                    paxPath = m[2];
                if (m?.[1] === 'linkpath')
                    paxLink = m[2];
            }
            continue;
        }
        if (type === 'L') {
            longName = tar_str(body, 0, body.length);
            continue;
        }
        const prefix = tar_str(h, 345, 155);
        const name = paxPath ?? longName ?? (prefix ? `${prefix}/${tar_str(h, 0, 100)}` : tar_str(h, 0, 100));
        const link = paxLink ?? tar_str(h, 157, 100);
        paxPath = paxLink = longName = undefined;
        if (out.length >= TAR_LIMITS.entries)
            throw new Error(`the tarball has more than ${TAR_LIMITS.entries} entries`);
        // strip the top folder (owner-repo-sha/)
        const rel = name.split('/').slice(1).join('/');
        if (!rel || type === '5')
            continue;
        if (rel.split('/').some((s) => s === '..'))
            throw new Error(`tarball entry '${name}' would leave the folder`);
        if (type === '0' || type === '\0' || type === '7')
            out.push({ path: rel, data: Buffer.from(body), mode: octal(h, 100, 8) });
        else if (type === '2')
            out.push({ path: rel, data: Buffer.from(link), link, mode: 0o120000 });
    }
    return out;
}
/** The content h1 sees for a symlink: the file it points to inside the archive, if any. */
function followLinks(files) {
    const by = new Map(files.map((f) => [f.path, f]));
    return files.flatMap((f) => {
        if (f.link === undefined)
            return [{ path: f.path, data: f.data }];
        let target = f;
        for (let i = 0; i < 16 && target?.link !== undefined; i++) {
            const base = target.path.split('/').slice(0, -1);
            const parts = (target.link.startsWith('/') ? [] : base).concat(target.link.split('/'));
            const norm = [];
            for (const s of parts) {
                if (s === '..')
                    norm.pop();
                else if (s && s !== '.')
                    norm.push(s);
            }
            target = by.get(norm.join('/'));
        }
        // dirhash fails on a link it cannot open; the runner's copy would too
        return target && target.link === undefined ? [{ path: f.path, data: target.data }] : [];
    });
}

;// CONCATENATED MODULE: ./src/lock.ts
/**
 * `release-gate lock [workflow...] [--check]`: write or check ghasum's `gha.sum` for the
 * workflows' actions — direct and transitive, each hashed (dirhash h1) from the tarball of the
 * commit it resolves to, with the top folder stripped, as the runner extracts it. It never
 * writes actions.lock: that file belongs to `gh actions-lock`, and GitHub's parser rejects
 * anything else in it. `--check` also reports workflows onboarded in actions.lock whose
 * dependencies are missing from it.
 */










/** Hash of the tree GitHub serves for a commit, as the runner unpacks it. */
class TarballHasher {
    api;
    memo = new Memo();
    pool = new Pool(4);
    constructor(api) {
        this.api = api;
    }
    hash(owner, repo, sha) {
        return this.memo.get(`${owner}/${repo}@${sha}`.toLowerCase(), () => this.pool.run(async () => {
            const r = await this.api.request(`/repos/${owner}/${repo}/tarball/${sha}`, 'application/vnd.github+json');
            if (r.status !== 200)
                throw new Error(`GET /repos/${owner}/${repo}/tarball/${sha}: HTTP ${r.status}`);
            return h1(followLinks(readTarGz(r.body)));
        }));
    }
}
async function runLock(opts) {
    const lines = [];
    const wanted = new Map();
    const hasher = new TarballHasher(opts.api);
    const missingInLock = [];
    let failed = false;
    const existingLocks = await readLocks(opts.reader, '', false);
    if (existingLocks.failures.length)
        return { code: 2, out: existingLocks.failures.map((f) => `release-gate: could not ${f.check}: ${f.reason}\n`).join('') };
    for (const wf of opts.workflows) {
        const path = (0,external_node_path_namespaceObject.relative)(opts.root, wf.file.startsWith('/') ? wf.file : (0,external_node_path_namespaceObject.join)(process.cwd(), wf.file)).split('\\').join('/');
        const locks = await readLocks(opts.reader, path, false);
        const local = (await loadLocal(wf, opts.reader)).local;
        const scope = { targets: wf.jobs, jobs: wf.jobs, reason: 'all jobs', mode: 'all' };
        const locked = lockedCommits(locks.facts);
        const res = await resolveScope(wf, scope, local, { api: opts.api, ...(locked.size ? { locked } : {}) });
        for (const f of res.failures) {
            lines.push(`${wf.file}: could not ${f.check}: ${f.reason}`);
            failed = true;
        }
        const nodes = [];
        const seen = new Set();
        const walk = (n) => {
            if (!n || seen.has(n.id))
                return;
            seen.add(n.id);
            nodes.push(n);
            for (const e of n.children)
                walk(e.node);
        };
        for (const r of res.roots)
            walk(r.node);
        for (const n of nodes) {
            if (!n.sha)
                continue;
            const id = `${n.uses.owner}/${n.uses.repo}@${n.uses.ref}`;
            if (!wanted.has(id))
                wanted.set(id, await hasher.hash(n.uses.owner, n.uses.repo, n.sha));
            if (locks.facts.onboarded && !locks.facts.closure.has(pinKey(n.uses.owner, n.uses.repo, n.uses.ref)))
                missingInLock.push(`${path}: ${id} is not in actions.lock`);
        }
    }
    const existing = existingLocks.facts.ghaSum;
    const merged = new Map();
    if (existing && !opts.all)
        for (const [k, v] of existing.entries)
            merged.set(k, v.sum);
    for (const [k, v] of wanted)
        merged.set(k, v);
    const text = encodeGhaSum(merged);
    if (opts.check) {
        const problems = [...missingInLock];
        for (const [id, sum] of [...wanted].sort()) {
            const have = existing?.entries.get(id);
            if (!have)
                problems.push(`${GHA_SUM_PATH}: ${id} is missing`);
            else if (have.sum !== sum)
                problems.push(`${GHA_SUM_PATH}:${have.line}: ${id} is stale: recorded ${have.sum}, the commit hashes to ${sum}`);
        }
        if (!existing)
            problems.unshift(`${GHA_SUM_PATH} does not exist`);
        lines.push(...problems.sort());
        if (problems.length === 0 && !failed)
            lines.push(`${wanted.size} actions: ${GHA_SUM_PATH} is up to date`);
        return { code: failed ? 2 : problems.length ? 1 : 0, out: lines.join('\n') + '\n', sum: text };
    }
    if (failed)
        return { code: 2, out: lines.join('\n') + '\n' };
    await (0,promises_namespaceObject.writeFile)((0,external_node_path_namespaceObject.join)(opts.root, GHA_SUM_PATH), text);
    lines.push(`wrote ${GHA_SUM_PATH}: ${merged.size} actions`);
    lines.push(...missingInLock);
    return { code: 0, out: lines.join('\n') + '\n', sum: text };
}

// EXTERNAL MODULE: ./src/parallel.ts + 2 modules
var parallel = __nccwpck_require__(8368);
;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: ./src/resolve/http.ts
/**
 * One HTTP(S) GET over node:http/https with keep-alive: no lazy-loaded fetch stack on the
 * first request, connections reused across the run. Redirects are returned, not followed (the
 * caller decides where the token may go); bodies are capped while they stream in.
 */


class BodyTooLarge extends Error {
}
class Timeout extends Error {
}
const agents = {
    'http:': new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new (external_node_https_default()).Agent({ keepAlive: true, maxSockets: 64 }),
};
function http_get(url, headers, timeoutMs, maxBytes) {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? (external_node_https_default()) : u.protocol === 'http:' ? (external_node_http_default()) : undefined;
    if (!mod)
        return Promise.reject(new Error(`unsupported protocol ${u.protocol}`));
    return new Promise((resolve, reject) => {
        let done = false;
        const finish = (f) => {
            if (done)
                return;
            done = true;
            clearTimeout(timer);
            f();
        };
        const req = mod.get(u, { headers, agent: agents[u.protocol] }, (res) => {
            const status = res.statusCode ?? 0;
            const h = { get: (n) => { const v = res.headers[n.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v); } };
            if (status >= 300 && status < 400) {
                res.resume();
                finish(() => resolve({ status, headers: h, body: Buffer.alloc(0) }));
                return;
            }
            const len = Number(res.headers['content-length'] ?? '0');
            if (len > maxBytes) {
                res.destroy();
                finish(() => reject(new BodyTooLarge(`${len} bytes`)));
                return;
            }
            const chunks = [];
            let total = 0;
            res.on('data', (c) => {
                total += c.length;
                if (total > maxBytes) {
                    res.destroy();
                    finish(() => reject(new BodyTooLarge(`over ${maxBytes} bytes`)));
                    return;
                }
                chunks.push(c);
            });
            res.on('end', () => finish(() => resolve({ status, headers: h, body: Buffer.concat(chunks) })));
            res.on('aborted', () => finish(() => reject(new Error('the connection closed before the body was complete'))));
            res.on('error', (e) => finish(() => reject(e)));
            res.on('close', () => {
                if (!res.complete)
                    finish(() => reject(new Error('the connection closed before the body was complete')));
            });
        });
        const timer = setTimeout(() => {
            req.destroy();
            finish(() => reject(new Timeout(`no answer within ${timeoutMs} ms`)));
        }, timeoutMs);
        req.on('error', (e) => finish(() => reject(e)));
    });
}

;// CONCATENATED MODULE: ./src/resolve/github.ts
/**
 * A small GitHub REST client: timeouts on every request, bounded retries with backoff on
 * 5xx/429 and rate limits (within a total time budget), redirects followed without the token
 * when they leave the API's host, capped response sizes, and a request count for the report.
 * The token never appears in an error message.
 */


class ApiError extends Error {
    status;
    url;
    transient;
    constructor(message, status, url, 
    /** True when trying again later may succeed (5xx, rate limit, network). */
    transient) {
        super(message);
        this.status = status;
        this.url = url;
        this.transient = transient;
        this.name = 'ApiError';
    }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
class GitHubApi {
    baseUrl;
    token;
    timeoutMs;
    retries;
    backoffMs;
    maxBytes;
    deadline;
    userAgent;
    /** Requests sent, retries and redirects included. */
    requests = 0;
    constructor(o) {
        this.baseUrl = o.baseUrl.replace(/\/+$/, '');
        if (o.token)
            this.token = o.token;
        this.timeoutMs = o.timeoutMs ?? 15_000;
        this.retries = o.retries ?? 3;
        this.backoffMs = o.backoffMs ?? 300;
        this.maxBytes = o.maxBytes ?? 16 * 1024 * 1024;
        this.deadline = Date.now() + (o.budgetMs ?? 120_000);
        this.userAgent = o.userAgent ?? 'release-gate';
    }
    url(path) {
        return /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
    }
    /** Display form of a URL: path and query only, never credentials. */
    show(u) {
        try {
            const x = new URL(u);
            return `${x.pathname}${x.search}`;
        }
        catch {
            return u;
        }
    }
    /** How long to wait before retrying a response, or undefined when it should not be retried. */
    retryDelay(res, attempt) {
        const retryAfter = res.headers.get('retry-after');
        const remaining = res.headers.get('x-ratelimit-remaining');
        const reset = res.headers.get('x-ratelimit-reset');
        if (res.status === 429 || res.status === 403) {
            if (retryAfter && /^\d+$/.test(retryAfter))
                return Number(retryAfter) * 1000;
            if (remaining === '0' && reset && /^\d+$/.test(reset))
                return Math.max(0, Number(reset) * 1000 - Date.now()) + 1000;
            if (res.status === 429)
                return this.backoffMs * 2 ** attempt;
            return undefined; // a plain 403 is a permission problem, not a transient one
        }
        if (res.status >= 500)
            return this.backoffMs * 2 ** attempt;
        return undefined;
    }
    /** One GET with retries and redirects; returns the final response and its body. */
    async request(path, accept = 'application/vnd.github+json') {
        let url = this.url(path);
        const origin = new URL(this.baseUrl).origin;
        let attempt = 0;
        let redirects = 0;
        for (;;) {
            const sameHost = new URL(url).origin === origin;
            const headers = {
                accept,
                'user-agent': this.userAgent,
                'x-github-api-version': '2022-11-28',
            };
            if (this.token && sameHost)
                headers.authorization = `Bearer ${this.token}`;
            const remainingBudget = this.deadline - Date.now();
            if (remainingBudget <= 0) {
                throw new ApiError(`time budget for GitHub API requests used up before ${this.show(url)}`, undefined, url, true);
            }
            this.requests++;
            let res;
            try {
                res = await http_get(url, headers, Math.min(this.timeoutMs, remainingBudget), this.maxBytes);
            }
            catch (e) {
                if (e instanceof BodyTooLarge)
                    throw new ApiError(`the response to ${this.show(url)} is ${e.message}, over the ${this.maxBytes}-byte limit`, undefined, url, false);
                const why = e instanceof Timeout ? e.message : e instanceof Error ? e.message : String(e);
                if (attempt < this.retries && Date.now() + this.backoffMs * 2 ** attempt < this.deadline) {
                    await sleep(this.backoffMs * 2 ** attempt);
                    attempt++;
                    continue;
                }
                throw new ApiError(`GET ${this.show(url)} failed: ${why}`, undefined, url, true);
            }
            const body = res.body;
            if ([301, 302, 303, 307, 308].includes(res.status)) {
                const loc = res.headers.get('location');
                if (!loc || ++redirects > 5)
                    throw new ApiError(`GET ${this.show(url)}: too many redirects or no Location`, res.status, url, false);
                url = new URL(loc, url).toString();
                continue;
            }
            const delay = this.retryDelay(res, attempt);
            if (delay !== undefined && attempt < this.retries) {
                if (Date.now() + delay >= this.deadline) {
                    throw new ApiError(`GET ${this.show(url)}: HTTP ${res.status}${res.headers.get('x-ratelimit-remaining') === '0' ? ' (rate limit reached)' : ''}; waiting ${Math.ceil(delay / 1000)} s would exceed the time budget`, res.status, url, true);
                }
                await sleep(delay);
                attempt++;
                continue;
            }
            return { status: res.status, body, headers: res.headers, url };
        }
    }
    /** GET a JSON document; 404 gives `undefined`, other failures throw ApiError. */
    async getJson(path) {
        const r = await this.request(path);
        if (r.status === 404)
            return undefined;
        if (r.status < 200 || r.status >= 300)
            throw this.httpError(r);
        try {
            return { status: r.status, data: JSON.parse(r.body.toString('utf8')), headers: r.headers };
        }
        catch {
            throw new ApiError(`GET ${this.show(r.url)}: the response is not valid JSON`, r.status, r.url, true);
        }
    }
    httpError(r) {
        let msg = '';
        try {
            msg = JSON.parse(r.body.toString('utf8')).message ?? '';
        }
        catch {
            /* not JSON */
        }
        const limited = r.headers.get('x-ratelimit-remaining') === '0';
        const hint = r.status === 401
            ? ' (the token was refused)'
            : r.status === 403 && limited
                ? ' (rate limit reached)'
                : r.status === 403
                    ? ' (the token lacks a permission: give the job `contents: read`)'
                    : '';
        return new ApiError(`GET ${this.show(r.url)}: HTTP ${r.status}${hint}${msg ? `: ${msg.slice(0, 200)}` : ''}`, r.status, r.url, r.status >= 500 || r.status === 429 || limited);
    }
    /**
     * A file's text at a ref through the contents API. Returns `undefined` when the file does
     * not exist at that ref; throws for directories, submodules and other failures.
     */
    async getFile(owner, repo, path, ref) {
        const p = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/${path.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(ref)}`;
        const r = await this.getJson(p);
        if (!r)
            return undefined;
        const d = r.data;
        if (Array.isArray(d))
            throw new ApiError(`${owner}/${repo}/${path} at ${ref} is a directory, not a file`, r.status, p, false);
        const o = d;
        if (o.type && o.type !== 'file')
            throw new ApiError(`${owner}/${repo}/${path} at ${ref} is a ${o.type}, not a file`, r.status, p, false);
        if (o.encoding === 'base64' && typeof o.content === 'string')
            return decodeUtf8(Buffer.from(o.content, 'base64'), `${owner}/${repo}/${path}`);
        // Files of 1-100 MB come back with encoding "none": ask for the raw bytes.
        const raw = await this.request(p, 'application/vnd.github.raw+json');
        if (raw.status === 404)
            return undefined;
        if (raw.status !== 200)
            throw this.httpError(raw);
        return decodeUtf8(raw.body, `${owner}/${repo}/${path}`);
    }
}

;// CONCATENATED MODULE: ./src/resolve/cache.ts
/**
 * Content at a commit SHA never changes, so file contents fetched by SHA can be kept across
 * runs: under RUNNER_TOOL_CACHE on GitHub-hosted runners, or a `--cache-dir` for the CLI.
 * Entries are keyed by a hash of repository, SHA and path, and store the git blob SHA of the
 * content, which is checked on read: a corrupted entry is a miss, not a wrong answer.
 */



function blobSha(content) {
    return (0,external_node_crypto_namespaceObject.createHash)('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
class ShaCache {
    dir;
    hits = 0;
    constructor(dir) {
        this.dir = dir;
    }
    file(repo, sha, path) {
        const h = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(`${repo.toLowerCase()}\0${sha}\0${path}`).digest('hex');
        return (0,external_node_path_namespaceObject.join)(this.dir, h.slice(0, 2), `${h}.json`);
    }
    /** undefined: not cached; null: cached as absent; string: the content. */
    async get(repo, sha, path) {
        try {
            const e = JSON.parse(await (0,promises_namespaceObject.readFile)(this.file(repo, sha, path), 'utf8'));
            if (e.content === undefined) {
                if (e.blob !== 'absent')
                    return undefined;
                this.hits++;
                return null;
            }
            const buf = Buffer.from(e.content, 'base64');
            if (blobSha(buf) !== e.blob)
                return undefined;
            this.hits++;
            return buf.toString('utf8');
        }
        catch {
            return undefined;
        }
    }
    async set(repo, sha, path, content) {
        const f = this.file(repo, sha, path);
        const buf = content === null ? undefined : Buffer.from(content, 'utf8');
        const e = buf ? { blob: blobSha(buf), content: buf.toString('base64') } : { blob: 'absent' };
        try {
            await (0,promises_namespaceObject.mkdir)((0,external_node_path_namespaceObject.join)(f, '..'), { recursive: true });
            const tmp = `${f}.${process.pid}.tmp`;
            await (0,promises_namespaceObject.writeFile)(tmp, JSON.stringify(e));
            await (0,promises_namespaceObject.rename)(tmp, f);
        }
        catch {
            // a cache that cannot be written is only slower
        }
    }
}

;// CONCATENATED MODULE: ./src/resolve/index.ts





/** Fill `resolved` and `online` of a loaded target, and add what could not be checked to its failures. */
async function goOnline(t, o) {
    const wf = t.workflow;
    if (!wf)
        return;
    let scope;
    try {
        scope = selectScope(wf, t.jobId);
    }
    catch {
        return; // the engine reports the missing job
    }
    const local = t.local ?? new Map();
    const locked = lockedCommits(o.lock);
    const res = await resolveScope(wf, scope, local, { api: o.api, ...(o.cache ? { cache: o.cache } : {}), ...(o.concurrency ? { concurrency: o.concurrency } : {}), ...(locked.size ? { locked } : {}) });
    const files = new Map([[wf.file, wf], ...[...local.values()].map((w) => [w.file, w])]);
    const names = new Set();
    if (scope.mode !== 'all') {
        if (o.environment)
            names.add(o.environment);
        else
            for (const j of scope.targets)
                if (j.environment?.name && !j.environment.name.includes('${{'))
                    names.add(j.environment.name);
    }
    const checks = new OnlineChecks(o.api, new Resolver({ api: o.api }), o.concurrency);
    const { facts, failures } = await gatherOnline(checks, res, files, o.repository && names.size ? { ...o.repository, names: [...names] } : undefined);
    t.resolved = res;
    t.online = facts;
    t.failures.push(...res.failures, ...failures);
    // a locked repository must still be the one the lock recorded (renames, re-registrations)
    if (o.lock?.onboarded && o.lock.actionsLock) {
        const ids = new Map();
        const repos = new Set();
        for (const n of res.nodes.values())
            if (o.lock.actionsLock.dependencies.has(pinKey(n.uses.owner, n.uses.repo, n.uses.ref)))
                repos.add(`${n.uses.owner}/${n.uses.repo}`.toLowerCase());
        await Promise.all([...repos].map(async (r) => {
            try {
                const x = await o.api.getJson(`/repos/${r}`);
                if (x?.data.id && x.data.owner?.id)
                    ids.set(r, { ownerId: x.data.owner.id, repoId: x.data.id });
                else
                    ids.set(r, { error: `${r} does not exist any more` });
            }
            catch (e) {
                ids.set(r, { error: e instanceof Error ? e.message : String(e) });
                t.failures.push({ check: `check that ${r} is the repository actions.lock recorded`, reason: e instanceof Error ? e.message : String(e), fix: 'Re-run the job when the API answers.' });
            }
        }));
        o.lock.ids = ids;
    }
}

;// CONCATENATED MODULE: ./src/report/tree.ts
function label(n, value) {
    if (!n)
        return value;
    const sha = n.sha && n.sha.toLowerCase() !== n.uses.ref.toLowerCase() ? ` → ${n.sha.slice(0, 12)}` : '';
    const err = n.error ? ` ✗ ${n.error}` : '';
    const kind = n.kind === 'docker' && n.image ? `docker (${n.image.value})` : n.kind;
    return `${value}${sha} [${kind}]${err}`;
}
function renderTree(res, title) {
    const lines = [title];
    const byJob = new Map();
    for (const r of res.roots) {
        const k = r.chain.length ? `${r.job} (${r.chain.slice(1).join(' › ')})` : r.job;
        byJob.set(k, [...(byJob.get(k) ?? []), r]);
    }
    const jobs = [...byJob.entries()];
    jobs.forEach(([job, roots], ji) => {
        const lastJob = ji === jobs.length - 1;
        lines.push(`${lastJob ? '└── ' : '├── '}${job}`);
        const pad0 = lastJob ? '    ' : '│   ';
        const walk = (n, value, pad, last, path) => {
            const cyc = n && path.has(n.id);
            lines.push(`${pad}${last ? '└── ' : '├── '}${cyc ? `${value} (cycle)` : label(n, value)}`);
            if (!n || cyc)
                return;
            const next = new Set(path).add(n.id);
            const kids = n.children;
            kids.forEach((e, i) => {
                const p = pad + (last ? '    ' : '│   ');
                if (e.node)
                    walk(e.node, e.uses.value, p, i === kids.length - 1, next);
                else
                    lines.push(`${p}${i === kids.length - 1 ? '└── ' : '├── '}${e.uses.value}${e.note ? ` (${e.note})` : ''}`);
            });
        };
        roots.forEach((r, i) => walk(r.node, r.uses.value, pad0, i === roots.length - 1, new Set()));
    });
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/report/merge.ts


const merge_SEVERITIES = ['error', 'warning', 'note'];
function isObj(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function finding(j, file, i) {
    const bad = (what) => new InputError(`findings[${i}] ${what}; is this the JSON of \`release-gate audit --format json\`?`, file);
    if (!isObj(j))
        throw bad('is not an object');
    for (const k of ['rule', 'message', 'fix', 'file'])
        if (typeof j[k] !== 'string')
            throw bad(`has no ${k}`);
    if (!merge_SEVERITIES.includes(j.severity))
        throw bad(`has severity '${String(j.severity)}'`);
    if (typeof j.line !== 'number' || typeof j.blocking !== 'boolean')
        throw bad('has no line or blocking');
    return {
        rule: j.rule,
        title: typeof j.title === 'string' ? j.title : j.rule,
        docs: typeof j.docs === 'string' ? j.docs : '',
        severity: j.severity,
        message: j.message,
        fix: j.fix,
        file: j.file,
        line: j.line,
        column: typeof j.column === 'number' ? j.column : 1,
        ...(typeof j.job === 'string' ? { job: j.job } : {}),
        ...(isObj(j.step) && typeof j.step.index === 'number' ? { step: j.step } : {}),
        chain: Array.isArray(j.chain) ? j.chain.map(String) : [],
        ...(j.suppression && isObj(j.suppression) ? { ignored: { by: j.suppression.by, reason: String(j.suppression.reason) } } : {}),
        blocking: j.blocking,
    };
}
/** Read one JSON report; anything else is an input error naming the file. */
function readJsonReport(text, file) {
    let j;
    try {
        j = JSON.parse(text);
    }
    catch (e) {
        throw new InputError(`not JSON (${e.message}); merge reads the output of \`release-gate audit --format json\``, file);
    }
    if (!isObj(j) || j.version !== 1 || !Array.isArray(j.findings) || !Array.isArray(j.files)) {
        throw new InputError('not a release-gate JSON report (version 1, with files and findings); merge reads the output of `release-gate audit --format json`', file);
    }
    const findings = j.findings.map((f, i) => finding(f, file, i));
    const skipped = (Array.isArray(j.skipped) ? j.skipped : []).filter(isObj).map((s) => ({ check: String(s.check), reason: String(s.reason) }));
    return {
        version: 1,
        verdict: j.verdict === 'fail' || findings.some((f) => f.blocking) ? 'fail' : 'pass',
        failOn: (['error', 'warning', 'never'].includes(String(j.failOn)) ? j.failOn : 'error'),
        files: j.files.filter(isObj),
        findings,
        skipped,
        allowances: Array.isArray(j.allowances) ? j.allowances : [],
        disabled: Array.isArray(j.disabled) ? j.disabled.map(String) : [],
        counts: { blocking: 0, error: 0, warning: 0, note: 0, ignored: 0 },
    };
}
function mergeReports(parts) {
    const findings = parts.flatMap((p) => p.findings).sort(compareFindings);
    const seen = new Set();
    const skipped = [];
    for (const s of parts.flatMap((p) => p.skipped)) {
        const k = `${s.check}\u0000${s.reason}`;
        if (!seen.has(k))
            skipped.push(s), seen.add(k);
    }
    const count = (s) => findings.filter((f) => !f.ignored && f.severity === s).length;
    const blocking = findings.filter((f) => f.blocking).length;
    const failOns = [...new Set(parts.map((p) => p.failOn))];
    return {
        version: 1,
        verdict: blocking > 0 || parts.some((p) => p.verdict === 'fail') ? 'fail' : 'pass',
        failOn: failOns.length === 1 ? failOns[0] : 'error',
        files: parts.flatMap((p) => p.files),
        findings,
        skipped,
        allowances: parts.flatMap((p) => p.allowances),
        disabled: [...new Set(parts.flatMap((p) => p.disabled))].sort(),
        counts: { blocking, error: count('error'), warning: count('warning'), note: count('note'), ignored: findings.filter((f) => f.ignored).length },
    };
}

;// CONCATENATED MODULE: ./src/report/markdown.ts
/**
 * Markdown that stays inert whatever the workflow contains. Messages are plain text with
 * values in code spans (built by `code()`); text outside code spans is escaped, table cells
 * escape `|`, and nothing from a workflow can open a link, an image or HTML.
 */
/** Split text into code spans (kept) and plain runs (escaped), following CommonMark fences. */
function segments(text) {
    const out = [];
    let i = 0;
    let plain = '';
    while (i < text.length) {
        if (text[i] === '`') {
            let n = 0;
            while (text[i + n] === '`')
                n++;
            const fence = '`'.repeat(n);
            let j = i + n;
            let close = -1;
            while (j < text.length) {
                const k = text.indexOf(fence, j);
                if (k < 0)
                    break;
                if (text[k + n] !== '`' && text[k - 1] !== '`') {
                    close = k;
                    break;
                }
                j = k + 1;
                while (text[j] === '`')
                    j++;
            }
            if (close >= 0) {
                if (plain)
                    out.push({ code: false, s: plain });
                plain = '';
                out.push({ code: true, s: text.slice(i, close + n) });
                i = close + n;
                continue;
            }
            plain += fence;
            i += n;
            continue;
        }
        plain += text[i++];
    }
    if (plain)
        out.push({ code: false, s: plain });
    return out;
}
function escapePlain(s) {
    return s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*_[\]#~|])/g, '\\$1') // with [ ] escaped no link or image can form
        .replace(/\r?\n/g, ' ');
}
/** Render a message (plain text with code spans) for Markdown. `cell` also escapes `|` in code. */
function md(text, cell = false) {
    return segments(text)
        .map((seg) => {
        if (!seg.code)
            return escapePlain(seg.s);
        const s = seg.s.replace(/\r?\n/g, ' ');
        return cell ? s.replace(/\|/g, '\\|') : s;
    })
        .join('');
}
/** For text inside HTML elements (`<summary>`), where Markdown is not parsed. */
function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, ' ');
}

;// CONCATENATED MODULE: ./src/report/summary.ts
/**
 * The job summary: verdict first, then a table of what blocks and what to do, then what was
 * not checked, then details. Read in ten seconds; everything from the workflow is escaped.
 */



/** GitHub refuses a step summary over 1 MiB; stay well under it. */
const MAX_SUMMARY = 900 * 1024;
function summary_plural(n, one, many = `${one}s`) {
    return `${n} ${n === 1 ? one : many}`;
}
function verdictLine(r) {
    const unchecked = r.findings.filter((f) => f.rule === 'check-failed' && !f.ignored).length;
    const sev = ['error', 'warning', 'note']
        .map((s) => (r.counts[s] ? `${r.counts[s]} ${s}${r.counts[s] > 1 ? 's' : ''}` : ''))
        .filter(Boolean)
        .join(', ');
    if (r.verdict === 'fail') {
        return `❌ Release blocked: ${summary_plural(r.counts.blocking, 'blocking finding')}${sev ? ` (${sev})` : ''}${unchecked ? `, ${summary_plural(unchecked, 'check')} not carried out` : ''}`;
    }
    const rest = r.findings.filter((f) => !f.ignored).length;
    return `✅ Release gate passed${rest ? `: ${summary_plural(rest, 'finding')} below \`fail-on: ${r.failOn}\` (${sev})` : ': no findings'}`;
}
function row(f) {
    return `| [${f.rule}](${f.docs}) | ${md(`${code(where_location(f))}${jobStep(f) ? ` · ${jobStep(f)}` : ''}`, true)} | ${md(f.message, true)} | ${md(f.fix, true)} |`;
}
function table(fs) {
    return ['| Rule | Where | Problem | What to do |', '| --- | --- | --- | --- |', ...fs.map(row)];
}
function details(f) {
    const lines = [
        `<details><summary>${f.severity}: ${escapeHtml(f.rule)} at ${escapeHtml(where_location(f))}</summary>`,
        '',
        `- ${md(f.message)}`,
        ...(f.chain.length ? [`- Chain: ${md(chainText(f))}`] : []),
        `- Fix: ${md(f.fix)}`,
        `- Rule: [${f.rule}](${f.docs})`,
        '',
        '</details>',
    ];
    return lines.join('\n');
}
function renderSummary(r, ctx = {}) {
    const out = [`## ${verdictLine(r)}`, ''];
    const scope = r.files
        .map((f) => `${code(f.file)}: ${f.targets.length ? `guarding ${f.targets.map((t) => code(t)).join(', ')}` : f.scope}${f.jobs.length > f.targets.length ? `, with ${f.jobs.filter((j) => !f.targets.includes(j)).map((j) => code(j)).join(', ')}` : ''}`)
        .join('; ');
    if (scope)
        out.push(`Audited ${md(scope)}.`, '');
    const blocking = r.findings.filter((f) => f.blocking);
    const other = r.findings.filter((f) => !f.blocking && !f.ignored);
    const ignored = r.findings.filter((f) => f.ignored);
    if (blocking.length)
        out.push('### Blocking', '', ...table(blocking), '');
    if (other.length)
        out.push(`### Not blocking (below \`fail-on: ${r.failOn}\`)`, '', ...table(other), '');
    if (ctx.attest) {
        out.push('### Artifacts', '');
        if (ctx.attest.files.length === 0)
            out.push(`No file matched ${md(ctx.attest.patterns.map((p) => code(p)).join(', '))}.`, '');
        else {
            out.push('| Artifact | sha256 | Verified signer | Source ref | Verdict |', '| --- | --- | --- | --- | --- |');
            for (const f of ctx.attest.files) {
                const signer = f.signer ? f.signer.replace(/^https:\/\/[^/]+\//, '') : '—';
                out.push(`| ${md(code(f.file), true)} | \`${f.sha256.slice(0, 12)}\` | ${md(code(signer), true)} | ${f.sourceRef ? md(code(f.sourceRef), true) : '—'} | ${f.verdict === 'verified' ? '✅ verified' : `❌ ${md(f.reason ?? 'failed', true)}`} |`);
            }
            out.push('');
        }
    }
    if (r.skipped.length) {
        out.push('### Not checked', '');
        for (const s of r.skipped)
            out.push(`- **${md(s.check)}**: ${md(s.reason)}`);
        out.push('');
    }
    const used = r.allowances.filter((a) => a.used.length);
    if (used.length) {
        out.push('### Allowed to stay unpinned', '');
        for (const a of used)
            out.push(`- ${md(code(a.pattern))} (${a.source}): ${md(a.reason)} — ${md(a.used.map((u) => code(u)).join(', '))}`);
        out.push('');
    }
    if (ignored.length) {
        out.push('### Ignored', '', '| Rule | Where | Reason |', '| --- | --- | --- |');
        for (const f of ignored)
            out.push(`| ${f.rule} | ${md(code(where_location(f)), true)} | ${md(`${f.ignored.by}: ${f.ignored.reason}`, true)} |`);
        out.push('');
    }
    if (r.disabled.length)
        out.push(`Rules turned off: ${r.disabled.map((d) => `\`${d}\``).join(', ')}.`, '');
    const ctxLines = [
        ['Workflow', ctx.workflowRef],
        ['Commit', ctx.sha],
        ['Job', ctx.job],
        ['Event', ctx.event],
        ['Runner', ctx.runner],
    ].filter(([, v]) => ctx.workflowRef !== undefined || v !== undefined);
    const facts = [...(ctx.sources ?? []), ...(ctx.facts ?? [])];
    const tail = [];
    if (ctxLines.length || facts.length) {
        tail.push('<details><summary>Context</summary>', '');
        for (const [k, v] of ctxLines)
            tail.push(`- ${k}: ${v === undefined ? 'MISSING' : md(code(v))}`);
        for (const f of facts)
            tail.push(`- ${md(f)}`);
        tail.push('', '</details>', '');
    }
    if (ctx.tree)
        tail.unshift('<details><summary>Dependency tree</summary>', '', '```text', ctx.tree.replace(/```/g, "'''").trimEnd(), '```', '', '</details>', '');
    // Details come last and are the first thing cut when the summary would be too large.
    const det = r.findings.filter((f) => !f.ignored).map(details);
    let body = out.join('\n');
    const tailText = tail.join('\n');
    if (det.length) {
        let block = `### Details\n\n${det.join('\n')}\n`;
        if (Buffer.byteLength(body + block + tailText) > MAX_SUMMARY) {
            block = `### Details\n\n${det.length} findings; details left out to keep the summary under GitHub's size limit (see the JSON report).\n`;
        }
        body += `\n${block}\n`;
    }
    return body + tailText;
}

;// CONCATENATED MODULE: ./src/help.ts
/**
 * The CLI's help: one short overview, and one page per command (`audit --help`, `help audit`).
 * Each page lists exactly the options that command takes; the parser checks flags against the
 * same table, so help and parser cannot drift apart.
 */

const COMMANDS = ['audit', 'tree', 'lock', 'hash', 'merge'];
const OPTIONS = {
    '--job': { value: 'ID', help: 'audit this job and the jobs it needs (default: every publishing job)' },
    '--format': { value: 'F', help: 'text (default), json, sarif or github (workflow-command annotations)' },
    '--config': { value: 'FILE', help: 'config file (default: .github/release-gate.yml when present)' },
    '--fail-on': { value: 'LEVEL', help: 'error (default), warning, or never (report only)' },
    '--disable': { value: 'IDS', help: 'comma-separated rule ids to turn off' },
    '--allow': { value: "'P -- R'", help: 'let uses matching pattern P stay unpinned, for reason R (repeatable)' },
    '--offline': { help: 'skip every network check (the default when no token is set)' },
    '--require-lock': { help: 'the workflows must be locked (actions.lock or gha.sum)' },
    '--repo': { value: 'O/N[@REF]', help: "audit a repository's workflows through the API (repeatable)" },
    '--repos-file': { value: 'F', help: 'one owner/name[@ref] per line' },
    '--org': { value: 'NAME', help: "audit every repository of an organisation (or a user's)" },
    '--include-forks': { help: 'with --org: forks too (left out by default)' },
    '--include-archived': { help: 'with --org: archived repositories too (left out by default)' },
    '--shard': { value: 'I/N', help: 'audit only share I of N (1-based) of the repositories, split by name' },
    '--api-url': { value: 'URL', help: 'GitHub API (default: GITHUB_API_URL, or https://api.github.com)' },
    '--cache-dir': { value: 'DIR', help: 'keep files fetched by commit SHA here between runs' },
    '--color': { value: 'WHEN', help: 'auto (default: on a terminal), always or never; NO_COLOR and FORCE_COLOR are honoured' },
    '--check': { help: 'exit 1 when gha.sum or actions.lock is missing entries or stale, write nothing' },
    '--summary': { value: 'FILE', help: 'also write the Markdown job summary to FILE' },
};
const PAGES = {
    audit: {
        usage: ['release-gate audit <workflow.yml|action.yml|dir>... [options]', 'release-gate audit --repo owner/name[@ref]... | --org NAME [options]'],
        about: 'Audit release workflows (a directory means its .github/workflows/). Without --job, every\njob that publishes is audited with the jobs it needs. With GH_TOKEN or GITHUB_TOKEN set, the\nonline checks run too (transitive dependencies, impostor commits, version comments,\nenvironments, advisories).',
        options: ['--job', '--format', '--config', '--fail-on', '--disable', '--allow', '--offline', '--require-lock', '--repo', '--repos-file', '--org', '--include-forks', '--include-archived', '--shard', '--api-url', '--cache-dir', '--color'],
        more: 'Examples:\n  release-gate audit .github/workflows\n  release-gate audit release.yml --fail-on never        # report only\n  release-gate audit --org my-org --shard 1/4 --format json > part-1.json\n\nExit codes: 0 pass, 1 blocked, 2 usage or input error.',
    },
    tree: {
        usage: ['release-gate tree <workflow.yml> [--job ID]'],
        about: 'Print the resolved dependency tree, like `npm ls`: each action, its ref, the commit it\nresolves to and its kind, composite actions and reusable workflows followed. Needs a token\n(GH_TOKEN or GITHUB_TOKEN).',
        options: ['--job', '--format', '--api-url', '--cache-dir'],
        helpFor: { '--job': "this job's tree (default: every publishing job's)", '--format': 'text (default) or json (with the request count and time)' },
    },
    lock: {
        usage: ['release-gate lock [workflow.yml|dir]... [--check]'],
        about: "Write .github/workflows/gha.sum (ghasum's format): a content checksum of every action the\nworkflows use, direct and transitive. It never writes actions.lock.",
        options: ['--check', '--api-url'],
        more: 'Exit codes: 0 written or up to date, 1 stale (with --check), 2 usage or input error.',
    },
    hash: {
        usage: ['release-gate hash <dir>...'],
        about: 'Print the dirhash h1 of each folder, as gha.sum records it.',
        options: [],
    },
    merge: {
        usage: ['release-gate merge <report.json>... [--format text|json|sarif|markdown] [--summary FILE]'],
        about: 'Merge JSON reports (from `audit --format json`, one per shard or repository) into one\nreport. Exit 1 when any of them blocks, 2 when one cannot be read.',
        options: ['--format', '--summary', '--color'],
        helpFor: { '--format': 'text (default), json, sarif or markdown (the job summary)' },
    },
};
function optionLines(names, helpFor = {}) {
    const rows = [...names.map((n) => [`${n}${OPTIONS[n].value ? ` ${OPTIONS[n].value}` : ''}`, helpFor[n] ?? OPTIONS[n].help]), ['-h, --help', 'this text']];
    const w = Math.max(...rows.map(([l]) => l.length)) + 2;
    return rows.map(([l, h]) => `  ${l.padEnd(w)}${h}`);
}
function commandHelp(cmd) {
    const p = PAGES[cmd];
    const out = ['Usage:', ...p.usage.map((u) => `  ${u}`), '', p.about, '', 'Options:', ...optionLines(p.options, p.helpFor), ''];
    if (p.more)
        out.push(p.more, '');
    return out.join('\n');
}
const USAGE = `release-gate ${VERSION}: audit GitHub Actions release workflows (SPEC 8)

Usage: release-gate <command> [options]

Commands:
  audit   audit workflows, a directory, repositories (--repo) or an organisation (--org)
  tree    print the resolved dependency tree of a workflow
  lock    write or check .github/workflows/gha.sum
  hash    print the dirhash h1 of folders
  merge   merge JSON reports into one
  help    help for a command: release-gate help audit

Options:
  -h, --help     help (release-gate <command> --help for a command's options)
  -V, --version  print the version

Exit codes: 0 pass, 1 blocked, 2 usage or input error.
`;

;// CONCATENATED MODULE: ./src/cli.ts
/**
 * The same engine from a terminal:
 *   release-gate audit <workflow.yml|dir>... [--job ID] [--format text|json|sarif|github]
 *                      [--config F] [--fail-on L] [--offline] [--disable IDS] [--allow 'P -- R']
 * Exit codes: 0 pass, 1 blocked, 2 usage or input error.
 */



























/** A usage error: one line, and where to read the usage (`<command> --help`). */
class UsageError extends Error {
    command;
    constructor(message, command) {
        super(message);
        this.command = command;
    }
}
/** Levenshtein distance, for "did you mean". */
function distance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length][b.length];
}
function suggest(word, known) {
    const best = known.map((k) => [k, distance(word, k)]).sort((x, y) => x[1] - y[1])[0];
    return best && best[1] <= 2 ? `; did you mean '${best[0]}'?` : '';
}
const FORMATS = {
    audit: ['text', 'json', 'sarif', 'github'],
    tree: ['text', 'json'],
    lock: [],
    hash: [],
    merge: ['text', 'json', 'sarif', 'markdown'],
};
/** `I/N`, 1 <= I <= N. */
function parseShard(v) {
    const m = /^(\d+)\/(\d+)$/.exec(v.trim());
    const index = m ? Number(m[1]) : NaN;
    const total = m ? Number(m[2]) : NaN;
    if (!m || total < 1 || index < 1 || index > total)
        throw new UsageError(`--shard is '${v}'; expected I/N with 1 <= I <= N, such as 2/4`, 'audit');
    return { index, total };
}
function parseArgs(argv) {
    if (argv.length === 0)
        return { help: '' };
    const [first, ...rest] = argv;
    if (first === '-h' || first === '--help')
        return { help: '' };
    if (first === '-V' || first === '--version')
        return 'version';
    if (first === 'help') {
        if (rest.length === 0)
            return { help: '' };
        if (!COMMANDS.includes(rest[0]))
            throw new UsageError(`no help for '${rest[0]}': commands are ${COMMANDS.join(', ')}${suggest(rest[0], COMMANDS)}`);
        return { help: rest[0] };
    }
    if (first.startsWith('-'))
        throw new UsageError(`'${first}' comes after a command: release-gate <command> [options]`);
    if (!COMMANDS.includes(first))
        throw new UsageError(`unknown command '${first}'; expected ${COMMANDS.join(', ')}${suggest(first, COMMANDS)}`);
    const command = first;
    if (rest.includes('-h') || rest.includes('--help'))
        return { help: command };
    if (rest.includes('-V') || rest.includes('--version'))
        return 'version';
    const usage = (m) => new UsageError(m, command);
    const allowed = PAGES[command].options;
    const a = { command, paths: [], format: 'text', failOn: 'error', disable: '', allow: [], offline: false, repos: [], includeForks: false, includeArchived: false, requireLock: false, check: false, color: 'auto' };
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
        if (flag.startsWith('-') && flag !== '-') {
            if (!(flag in OPTIONS))
                throw usage(`unknown option '${flag}'${suggest(flag, allowed)}`);
            if (!allowed.includes(flag))
                throw usage(`${command} does not take ${flag}`);
            if (!OPTIONS[flag].value && inline !== undefined)
                throw usage(`${flag} takes no value`);
        }
        const value = () => {
            if (inline !== undefined)
                return inline;
            const v = rest[++i];
            if (v === undefined || v.startsWith('--'))
                throw usage(`${flag} needs a value (${OPTIONS[flag].value})`);
            return v;
        };
        switch (flag) {
            case '--job':
                a.job = value();
                break;
            case '--format': {
                const f = value();
                if (!FORMATS[command].includes(f))
                    throw usage(`--format is '${f}'; expected ${FORMATS[command].join(', ')}`);
                a.format = f;
                break;
            }
            case '--config':
                a.config = value();
                break;
            case '--fail-on':
                a.failOn = value();
                break;
            case '--disable':
                a.disable += (a.disable ? ',' : '') + value();
                break;
            case '--allow':
                a.allow.push(value());
                break;
            case '--offline':
                a.offline = true;
                break;
            case '--repo': {
                const r = value();
                if (!REPO_SPEC.test(r))
                    throw usage(`--repo is '${r}'; expected owner/name or owner/name@ref`);
                a.repos.push(r);
                break;
            }
            case '--repos-file':
                a.reposFile = value();
                break;
            case '--org': {
                const o = value();
                if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(o))
                    throw usage(`--org is '${o}'; expected an organisation or user name`);
                a.org = o;
                break;
            }
            case '--include-forks':
                a.includeForks = true;
                break;
            case '--include-archived':
                a.includeArchived = true;
                break;
            case '--shard':
                a.shard = parseShard(value());
                break;
            case '--api-url':
                a.apiUrl = value();
                break;
            case '--cache-dir':
                a.cacheDir = value();
                break;
            case '--require-lock':
                a.requireLock = true;
                break;
            case '--check':
                a.check = true;
                break;
            case '--color': {
                const c = value();
                if (!['auto', 'always', 'never'].includes(c))
                    throw usage(`--color is '${c}'; expected auto, always or never`);
                a.color = c;
                break;
            }
            case '--summary':
                a.summaryFile = value();
                break;
            default:
                a.paths.push(arg);
        }
    }
    if (command === 'lock' && a.paths.length === 0)
        a.paths.push('.');
    const remote = a.repos.length > 0 || !!a.reposFile || !!a.org;
    if (command === 'audit' && a.paths.length === 0 && !remote)
        throw usage('name at least one workflow file or directory, or --repo, or --org');
    if ((a.includeForks || a.includeArchived) && !a.org)
        throw usage('--include-forks and --include-archived go with --org');
    if (a.shard && !remote)
        throw usage('--shard splits repositories: use it with --org, --repo or --repos-file');
    if (command === 'tree' && a.paths.length !== 1)
        throw usage('tree takes one workflow file');
    if (command === 'hash' && a.paths.length === 0)
        throw usage('hash takes one or more directories');
    if (command === 'merge' && a.paths.length === 0)
        throw usage('merge takes one or more JSON reports (from audit --format json)');
    return a;
}
const REPO_SPEC = /^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+(@[^\s]+)?$/;
const YAML_FILE = /\.ya?ml$/i;
/** Expand directories: a repository's .github/workflows, or the YAML files in the folder. */
function collectFiles(paths) {
    const out = [];
    for (const p of paths) {
        let st;
        try {
            st = (0,external_node_fs_namespaceObject.statSync)(p);
        }
        catch {
            throw new InputError('no such file or directory', p);
        }
        if (st.isFile()) {
            out.push(p);
            continue;
        }
        const wfDir = (0,external_node_path_namespaceObject.join)(p, '.github', 'workflows');
        const dir = (0,external_node_fs_namespaceObject.existsSync)(wfDir) && (0,external_node_fs_namespaceObject.statSync)(wfDir).isDirectory() ? wfDir : p;
        const files = (0,external_node_fs_namespaceObject.readdirSync)(dir)
            .filter((f) => YAML_FILE.test(f) && (0,external_node_fs_namespaceObject.statSync)((0,external_node_path_namespaceObject.join)(dir, f)).isFile())
            .sort()
            .map((f) => (0,external_node_path_namespaceObject.join)(dir, f));
        if (files.length === 0)
            throw new InputError('no .yml or .yaml files here', dir);
        out.push(...files);
    }
    return [...new Set(out)];
}
function display(p) {
    const r = (0,external_node_path_namespaceObject.isAbsolute)(p) ? (0,external_node_path_namespaceObject.relative)(process.cwd(), p) : p;
    return r.startsWith('..') ? p : r.replace(/\\/g, '/');
}
function findConfig(a) {
    if (a.config)
        return a.config;
    for (const p of a.paths) {
        const c = (0,external_node_path_namespaceObject.join)(p, DEFAULT_CONFIG_PATH);
        if ((0,external_node_fs_namespaceObject.existsSync)(c))
            return c;
    }
    return (0,external_node_fs_namespaceObject.existsSync)(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined;
}
function readText(p) {
    try {
        const st = (0,external_node_fs_namespaceObject.statSync)(p);
        if (st.size > YAML_LIMITS.maxBytes)
            throw new InputError(`file is ${st.size} bytes; release-gate reads YAML files of at most ${YAML_LIMITS.maxBytes} bytes`, p);
        return decodeUtf8((0,external_node_fs_namespaceObject.readFileSync)(p), p);
    }
    catch (e) {
        if (e instanceof InputError)
            throw e;
        throw new InputError(`cannot read: ${e.code ?? e.message}`, p);
    }
}
/** The checkout a workflow file lives in: the folder above `.github/workflows/`. */
function repoRoot(file) {
    const abs = (0,external_node_path_namespaceObject.resolve)(file);
    const parts = abs.split(external_node_path_namespaceObject.sep);
    for (let i = parts.length - 2; i >= 1; i--) {
        if (parts[i] === 'workflows' && parts[i - 1] === '.github')
            return parts.slice(0, i - 1).join(external_node_path_namespaceObject.sep) || external_node_path_namespaceObject.sep;
    }
    // an action.yml: local `./` paths are relative to the repository it lives in
    if (!/^action\.ya?ml$/i.test(parts[parts.length - 1]))
        return undefined;
    let d = (0,external_node_path_namespaceObject.dirname)(abs);
    for (let n = 0; n < 20; n++) {
        if ((0,external_node_fs_namespaceObject.existsSync)((0,external_node_path_namespaceObject.join)(d, '.github')))
            return d;
        const up = (0,external_node_path_namespaceObject.dirname)(d);
        if (up === d)
            break;
        d = up;
    }
    return undefined;
}
/**
 * Local files as audit targets, with the local actions, workflows and locks they use — one at
 * a time, so that an offline audit of a thousand files holds one model in memory, not all.
 */
async function* localTargets(a, skipped) {
    const files = collectFiles(a.paths);
    const jobsSeen = [];
    let matched = 0;
    for (const [index, file] of files.entries()) {
        const wf = parseWorkflow(readText(file), display(file));
        notWorkflowOrAction(wf);
        if (a.job && !wf.jobs.some((j) => j.id === a.job)) {
            jobsSeen.push(...wf.jobs.map((j) => j.id));
            continue;
        }
        matched++;
        const t = { file: wf.file, workflow: wf, source: 'local', failures: [], ...(a.job ? { jobId: a.job } : {}) };
        const root = repoRoot(file);
        if (usesLocal(wf)) {
            if (!root)
                skipped.push({ check: `read the local actions and workflows ${wf.file} uses`, reason: 'the file is not inside a repository checkout (no .github/ above it)' });
            else {
                const l = await loadLocal(wf, fsReader(root, (p) => display((0,external_node_path_namespaceObject.join)(root, p)), `the checkout at ${display(root) || '.'}`));
                t.local = l.local;
                t.related = l.related;
                t.failures.push(...l.failures);
                skipped.push(...l.skipped);
            }
        }
        if (root && wf.kind === 'workflow') {
            const locks = await readLocks(fsReader(root, (p) => display((0,external_node_path_namespaceObject.join)(root, p)), 'the checkout'), (0,external_node_path_namespaceObject.relative)(root, (0,external_node_path_namespaceObject.resolve)(file)).split(external_node_path_namespaceObject.sep).join('/'), a.requireLock);
            t.lock = locks.facts;
            t.failures.push(...locks.failures);
        }
        yield [index, t];
    }
    if (a.job && matched === 0)
        throw new UsageError(`no job '${a.job}' in ${files.map(display).join(', ')} (jobs: ${jobsSeen.join(', ') || 'none'})`);
}
/**
 * A YAML file that is neither a workflow (`on:`, `jobs:`) nor an action (`runs:`) — a
 * `dependabot.yml`, a `package.json` — is an input error, not a workflow with findings.
 */
function notWorkflowOrAction(wf) {
    const root = wf.yaml.root;
    if (wf.kind === 'action')
        return;
    const keys = root?.kind === 'map' ? root.pairs.map((p) => String(p.key.value)) : [];
    if (['on', 'jobs', 'true', 'runs'].some((k) => keys.includes(k)))
        return;
    throw new InputError('not a GitHub Actions workflow (no `on:` or `jobs:`) nor an action (no `runs:`); name a workflow, an action.yml or a directory', wf.file);
}
function isRateLimit(e) {
    return e instanceof ApiError && /rate limit/i.test(e.message);
}
/** A repository's workflows through the API, for sweeping many repositories from one machine. */
async function repoTargets(specs, api, skipped, repoOf) {
    const out = [];
    let stopped = false;
    const pool = new Pool(4);
    await Promise.all(specs.map((spec) => pool.run(async () => {
        if (stopped) {
            skipped.push({ check: `audit ${spec}`, reason: 'not checked: the GitHub API rate limit was reached' });
            return;
        }
        const [name, refIn] = spec.split('@');
        const [owner, repo] = name.split('/');
        try {
            let ref = refIn;
            if (!ref) {
                const info = await api.getJson(`/repos/${owner}/${repo}`);
                if (!info)
                    throw new Error(`${name} does not exist or the token cannot read it`);
                ref = info.data.default_branch ?? 'main';
            }
            const c = await api.getJson(`/repos/${owner}/${repo}/commits/${encodeURIComponent(ref)}`);
            if (!c?.data.sha)
                throw new Error(`${name} has no ref '${ref}'`);
            const reader = apiReader(api, owner, repo, c.data.sha, (p) => `${name}/${p}`);
            const paths = await reader.listWorkflows();
            if (paths.length === 0)
                skipped.push({ check: `audit ${spec}`, reason: 'no workflows in .github/workflows' });
            for (const p of paths) {
                const t = { file: reader.display(p), source: 'api', failures: [] };
                repoOf.set(t, { owner, repo });
                out.push(t);
                const text = await reader.read(p);
                if (text === undefined)
                    continue;
                try {
                    t.workflow = parseWorkflow(text, reader.display(p));
                    const l = await loadLocal(t.workflow, reader);
                    t.local = l.local;
                    t.related = l.related;
                    t.failures.push(...l.failures);
                }
                catch (e) {
                    if (!(e instanceof InputError))
                        throw e;
                    t.failures.push({ check: `parse ${t.file}`, reason: e.message, fix: 'Fix the YAML of the workflow.', ...(e.line ? { line: e.line } : {}) });
                }
            }
        }
        catch (e) {
            if (isRateLimit(e)) {
                stopped = true;
                skipped.push({ check: `audit ${spec}`, reason: `not checked: ${e.message}` });
                return;
            }
            const t = { file: name, source: 'api', failures: [{ check: `read ${spec}`, reason: e instanceof Error ? e.message : String(e), fix: 'Check the repository name and that the token can read it.' }] };
            out.push(t);
        }
    })));
    return out.sort((x, y) => x.file.localeCompare(y.file));
}
function offlineWhy(a) {
    return a.offline ? 'offline (--offline)' : 'no token: set GH_TOKEN or GITHUB_TOKEN to check transitive dependencies, impostor commits, version comments and advisories';
}
/** The bundle's own URL, set by the CLI entry so that workers can start it; unset under tests. */
let workerEntry;
function setWorkerEntry(u) {
    workerEntry = u;
}
/** What one worker thread does with its share of the files: the same steps as a sequential run. */
async function auditShare(job) {
    const skipped = [];
    const args = { command: 'audit', paths: job.files, format: 'json', failOn: job.opts.failOn, disable: '', allow: [], offline: true, repos: [], includeForks: false, includeArchived: false, requireLock: job.requireLock, check: false, color: 'never' };
    try {
        const parts = [];
        let mark = 0;
        for await (const [index, t] of localTargets(args, skipped)) {
            t.offlineReason = job.offlineReason;
            parts.push({ index, part: auditTarget(t, job.opts), fileSkipped: skipped.slice(mark) });
            mark = skipped.length;
        }
        return { ok: true, parts };
    }
    catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e), usage: e instanceof InputError || e instanceof UsageError };
    }
}
/**
 * Colour: `--color always|never` decides; otherwise FORCE_COLOR (set and not `0`) turns it on
 * and `0` off, then NO_COLOR (set, not empty) turns it off, as no-color.org asks; otherwise on
 * a terminal that is not `TERM=dumb`.
 */
function useColor(flag, env, term) {
    if (flag !== 'auto')
        return flag === 'always';
    const force = env.FORCE_COLOR;
    if (force !== undefined && force !== '')
        return !['0', 'false'].includes(force.toLowerCase());
    if (env.NO_COLOR)
        return false;
    return !!term.isTTY && env.TERM !== 'dumb';
}
/** Terminal width: the terminal's, else COLUMNS, else 100. */
function textWidth(env, term) {
    const cols = term.isTTY && term.columns ? term.columns : Number(env.COLUMNS);
    return Number.isFinite(cols) && cols >= 40 ? Math.min(cols, 200) : 100;
}
function render(a, report, api, out) {
    const extra = { api: api ? { requests: api.requests } : null };
    const stdout = a.format === 'json'
        ? toJson(report, extra)
        : a.format === 'sarif'
            ? toSarif(report, DEFAULT_DOCS_BASE)
            : a.format === 'github'
                ? commandLines(report).join('\n') + '\n'
                : renderText(report, out) + (api ? `GitHub API requests: ${api.requests}\n` : '');
    return { code: report.verdict === 'fail' ? 1 : 0, stdout, stderr: '', report };
}
async function runCli(argv, env = process.env, term = {}) {
    let a;
    try {
        a = parseArgs(argv);
    }
    catch (e) {
        if (e instanceof UsageError) {
            const more = e.command ? `release-gate ${e.command} --help` : 'release-gate --help';
            return { code: 2, stdout: '', stderr: `release-gate: ${e.message}\nRun '${more}' for usage.\n` };
        }
        throw e;
    }
    if (a === 'version')
        return { code: 0, stdout: `release-gate ${VERSION}\n`, stderr: '' };
    if ('help' in a)
        return { code: 0, stdout: a.help ? commandHelp(a.help) : USAGE, stderr: '' };
    const out = { color: useColor(a.color, env, term), width: textWidth(env, term) };
    if (a.command === 'hash') {
        const lines = [];
        for (const p of a.paths) {
            let st;
            try {
                st = (0,external_node_fs_namespaceObject.statSync)(p);
            }
            catch {
                return { code: 2, stdout: '', stderr: `release-gate: ${display(p)}: no such directory\n` };
            }
            if (!st.isDirectory())
                return { code: 2, stdout: '', stderr: `release-gate: ${display(p)}: not a directory (hash takes the folder of an action)\n` };
            try {
                lines.push(`${await hashDir(p)}  ${display(p)}`);
            }
            catch (e) {
                const err = e;
                return { code: 2, stdout: '', stderr: `release-gate: ${display(p)}: cannot read${err.path ? ` ${display(err.path)}` : ''}: ${err.code ?? err.message}\n` };
            }
        }
        return { code: 0, stdout: lines.join('\n') + '\n', stderr: '' };
    }
    if (a.command === 'merge')
        return runMerge(a, out);
    try {
        const settings = readSettings({
            get: (n) => ({ 'fail-on': a.failOn, disable: a.disable, allow: a.allow.join('\n'), offline: a.offline ? 'true' : 'false', config: a.config ?? '' })[n] ?? '',
        });
        const cfgPath = findConfig(a);
        const config = cfgPath ? parseConfig(readText(cfgPath), display(cfgPath)) : emptyConfig();
        const opts = {
            failOn: settings.failOn,
            disabled: settings.disabled,
            config,
            allow: [...settings.allow, ...config.allow],
            docsBase: DEFAULT_DOCS_BASE,
        };
        const token = (env.GH_TOKEN || env.GITHUB_TOKEN || '').trim();
        const apiUrl = a.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com';
        if (a.reposFile)
            a.repos.push(...readText(a.reposFile).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
        if (a.repos.length && a.offline)
            throw new UsageError('--repo reads repositories through the API; it cannot be combined with --offline');
        const online = !a.offline && (token !== '' || a.repos.length > 0 || a.command === 'lock');
        if (a.command === 'tree' && !online)
            throw new UsageError('tree resolves actions through the GitHub API: set GH_TOKEN (or GITHUB_TOKEN)');
        const api = online ? new GitHubApi({ baseUrl: apiUrl, ...(token ? { token } : {}) }) : undefined;
        const skipped = [];
        const repoOf = new Map();
        if (!api && a.command === 'audit') {
            // offline: audit each file as it is read, keeping only its findings; many files: on every core
            const files = collectFiles(a.paths);
            const n = a.job ? 1 : (0,parallel/* workerCount */.Mo)(files.length, env);
            if (n > 1 && workerEntry) {
                const r = await (0,parallel/* auditInWorkers */.Ov)(workerEntry, files, n, { requireLock: a.requireLock, offlineReason: offlineWhy(a), opts });
                return render(a, buildReport(r.parts, [...skipped, ...r.skipped], opts), undefined, out);
            }
            const parts = [];
            for await (const [, t] of localTargets({ ...a, paths: files }, skipped)) {
                t.offlineReason = offlineWhy(a);
                parts.push(auditTarget(t, opts));
            }
            return render(a, buildReport(parts, skipped, opts), undefined, out);
        }
        const targets = [];
        if (a.paths.length)
            for await (const [, t] of localTargets(a, skipped))
                targets.push(t);
        if (a.repos.length)
            targets.push(...(await repoTargets(a.repos, api, skipped, repoOf)));
        if (a.command === 'lock') {
            if (!api)
                throw new UsageError('lock hashes the actions\' tarballs through the GitHub API; run it without --offline (GH_TOKEN raises the rate limit)');
            const files = collectFiles(a.paths);
            const root = repoRoot(files[0]);
            if (!root)
                throw new UsageError(`${display(files[0])} is not inside a repository checkout (no .github/workflows above it)`);
            const r = await runLock({
                root,
                workflows: targets.filter((t) => t.workflow?.kind === 'workflow').map((t) => t.workflow),
                reader: fsReader(root, (p) => display((0,external_node_path_namespaceObject.join)(root, p)), 'the checkout'),
                api,
                check: a.check,
                all: a.paths.length === 1 && (0,external_node_path_namespaceObject.resolve)(a.paths[0]) === root,
            });
            return { code: r.code, stdout: r.out, stderr: '' };
        }
        if (a.command === 'tree') {
            if (!api)
                throw new UsageError('tree resolves actions through the GitHub API: set GH_TOKEN (or GITHUB_TOKEN)');
            const t = targets[0];
            if (!t.workflow)
                return { code: 2, stdout: '', stderr: `release-gate: ${t.file} could not be read\n` };
            const started = performance.now();
            const locked = lockedCommits(t.lock);
            const res = await resolveScope(t.workflow, selectScope(t.workflow, a.job), t.local ?? new Map(), { api, ...(a.cacheDir ? { cache: new ShaCache(a.cacheDir) } : {}), ...(locked.size ? { locked } : {}) });
            const ms = Math.round(performance.now() - started);
            const failed = res.failures.map((f) => `release-gate: could not ${f.check}: ${f.reason}\n`).join('');
            const text = renderTree(res, `${t.file}${a.job ? ` › ${a.job}` : ''}`);
            const stdout = a.format === 'json' ? JSON.stringify({ tree: text, actions: res.nodes.size, requests: api.requests, contentRequests: res.contentRequests, resolveMs: ms }) + '\n' : text;
            return { code: failed ? 1 : 0, stdout, stderr: failed };
        }
        if (api) {
            const cache = a.cacheDir ? new ShaCache(a.cacheDir) : undefined;
            for (const t of targets)
                await goOnline(t, { api, ...(cache ? { cache } : {}), ...(repoOf.has(t) ? { repository: repoOf.get(t) } : {}), ...(t.lock ? { lock: t.lock } : {}) });
        }
        else {
            const why = a.offline ? 'offline (--offline)' : 'no token: set GH_TOKEN or GITHUB_TOKEN to check transitive dependencies, impostor commits, version comments and advisories';
            for (const t of targets)
                t.offlineReason = why;
        }
        return render(a, buildReport(targets.map((t) => auditTarget(t, opts)), skipped, opts), api, out);
    }
    catch (e) {
        if (e instanceof UsageError && e.command)
            return { code: 2, stdout: '', stderr: `release-gate: ${e.message}\nRun 'release-gate ${e.command} --help' for usage.\n` };
        if (e instanceof InputError || e instanceof UsageError || e.usage)
            return { code: 2, stdout: '', stderr: `release-gate: ${e.message}\n` };
        if (e instanceof Error && /^(Input|Allow)/.test(e.message))
            return { code: 2, stdout: '', stderr: `release-gate: ${e.message.replace(/^Input '([^']+)'/, '--$1')}\n` };
        throw e;
    }
}
/** `merge REPORT.json...`: one report from many; exit 1 when any part blocks. */
function runMerge(a, out) {
    const parts = [];
    for (const f of a.paths) {
        let text;
        try {
            text = (0,external_node_fs_namespaceObject.readFileSync)(f, 'utf8');
        }
        catch (e) {
            const code = e.code;
            return { code: 2, stdout: '', stderr: `release-gate: ${display(f)}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? e.message})`}\n` };
        }
        try {
            parts.push(readJsonReport(text, display(f)));
        }
        catch (e) {
            if (e instanceof InputError)
                return { code: 2, stdout: '', stderr: `release-gate: ${e.message}\n` };
            throw e;
        }
    }
    const report = mergeReports(parts);
    const stdout = a.format === 'json'
        ? toJson(report)
        : a.format === 'sarif'
            ? toSarif(report, DEFAULT_DOCS_BASE)
            : a.format === 'markdown'
                ? renderSummary(report)
                : renderText(report, out);
    if (a.summaryFile)
        (0,external_node_fs_namespaceObject.appendFileSync)(a.summaryFile, renderSummary(report));
    return { code: report.verdict === 'fail' ? 1 : 0, stdout, stderr: '', report };
}
async function main(argv) {
    let r;
    try {
        r = await runCli(argv, process.env, { isTTY: process.stdout.isTTY, columns: process.stdout.columns });
    }
    catch (e) {
        process.stderr.write(`release-gate: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        return 2;
    }
    if (r.stdout)
        process.stdout.write(r.stdout);
    if (r.stderr)
        process.stderr.write(r.stderr);
    return r.code;
}


/***/ }),

/***/ 8368:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ov: () => (/* binding */ auditInWorkers),
  Mo: () => (/* binding */ workerCount),
  ip: () => (/* binding */ workerMain)
});

// UNUSED EXPORTS: PARALLEL_MIN_FILES

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/parallel.ts
/**
 * Auditing many local files offline on every core: the files are split among worker threads
 * that run this same bundle, each parses and audits its share, and the parts come back in the
 * original order, so the report is the same as a sequential run's.
 */


/** Below this many files a single thread is faster than starting workers. */
const PARALLEL_MIN_FILES = 200;
/**
 * Workers pay off only with cores to spare: on 2 cores V8's own GC and compiler threads already
 * use the second one (bench: 528 workflows/s on one thread, 516/s with two workers). So they
 * start by themselves from 4 cores; `RELEASE_GATE_WORKERS` sets the number.
 */
function workerCount(files, env = process.env) {
    if (files < PARALLEL_MIN_FILES)
        return 1;
    const asked = Number(env.RELEASE_GATE_WORKERS ?? '');
    if (Number.isInteger(asked) && asked > 0)
        return Math.min(asked, 8);
    const cores = (0,external_node_os_namespaceObject.availableParallelism)();
    return cores >= 4 ? Math.min(cores, 8) : 1;
}
/** Run `files` in `n` workers started from `entry` (the bundle's own URL). */
async function auditInWorkers(entry, files, n, job) {
    const chunks = Array.from({ length: n }, () => []);
    files.forEach((file, index) => chunks[index % n].push({ index, file }));
    const replies = await Promise.all(chunks.map((chunk) => new Promise((resolve, reject) => {
        const w = new external_node_worker_threads_namespaceObject.Worker(entry, { execArgv: [], workerData: { kind: 'release-gate-audit', files: chunk.map((c) => c.file), ...job } });
        w.once('message', (reply) => resolve({ reply, indices: chunk.map((c) => c.index) }));
        w.once('error', reject);
        w.once('exit', (code) => code !== 0 && reject(new Error(`a worker exited with ${code}`)));
    })));
    const parts = [];
    for (const { reply, indices } of replies) {
        if (!reply.ok)
            throw Object.assign(new Error(reply.error), { usage: reply.usage });
        for (const p of reply.parts)
            parts.push({ ...p, index: indices[p.index] });
    }
    parts.sort((a, b) => a.index - b.index);
    return { parts: parts.map((p) => p.part), skipped: parts.flatMap((p) => p.fileSkipped) };
}
/** In a worker: audit the files handed over and post the parts back. */
async function workerMain(audit) {
    if (external_node_worker_threads_namespaceObject.isMainThread || !external_node_worker_threads_namespaceObject.workerData || external_node_worker_threads_namespaceObject.workerData.kind !== 'release-gate-audit')
        return false;
    external_node_worker_threads_namespaceObject.parentPort.postMessage(await audit(external_node_worker_threads_namespaceObject.workerData));
    return true;
}


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 7349:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveBlockMap = __nccwpck_require__(7103);
var resolveBlockSeq = __nccwpck_require__(334);
var resolveFlowCollection = __nccwpck_require__(3142);

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = identity.isNode(res)
        ? res
        : new Scalar.Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

exports.composeCollection = composeCollection;


/***/ }),

/***/ 3683:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Document = __nccwpck_require__(3021);
var composeNode = __nccwpck_require__(5937);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document.Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps.resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode.composeNode(ctx, value, props, onError)
        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

exports.composeDoc = composeDoc;


/***/ }),

/***/ 5937:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var composeCollection = __nccwpck_require__(7349);
var composeScalar = __nccwpck_require__(5413);
var resolveEnd = __nccwpck_require__(7788);
var utilEmptyScalarPosition = __nccwpck_require__(2599);

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar.composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!identity.isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar.composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias.Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

exports.composeEmptyNode = composeEmptyNode;
exports.composeNode = composeNode;


/***/ }),

/***/ 5413:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[identity.SCALAR];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar.Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[identity.SCALAR]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[identity.SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[identity.SCALAR];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

exports.composeScalar = composeScalar;


/***/ }),

/***/ 9984:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var directives = __nccwpck_require__(1342);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var identity = __nccwpck_require__(1127);
var composeDoc = __nccwpck_require__(3683);
var resolveEnd = __nccwpck_require__(7788);

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new errors.YAMLWarning(pos, code, message));
            else
                this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new directives.Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (identity.isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        if (node_process.env.LOG_STREAM)
            console.dir(token, { depth: null });
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document.Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

exports.Composer = Composer;


/***/ }),

/***/ 7103:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilFlowIndentCheck = __nccwpck_require__(4051);
var utilMapIncludes = __nccwpck_require__(1187);

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps.resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps.resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

exports.resolveBlockMap = resolveBlockMap;


/***/ }),

/***/ 8913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

exports.resolveBlockScalar = resolveBlockScalar;


/***/ }),

/***/ 334:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var YAMLSeq = __nccwpck_require__(2223);
var resolveProps = __nccwpck_require__(4631);
var utilFlowIndentCheck = __nccwpck_require__(4051);

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

exports.resolveBlockSeq = resolveBlockSeq;


/***/ }),

/***/ 7788:
/***/ ((__unused_webpack_module, exports) => {



function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

exports.resolveEnd = resolveEnd;


/***/ }),

/***/ 3142:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var resolveEnd = __nccwpck_require__(7788);
var resolveProps = __nccwpck_require__(4631);
var utilContainsNewline = __nccwpck_require__(9499);
var utilMapIncludes = __nccwpck_require__(1187);

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (identity.isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps.resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap.YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

exports.resolveFlowCollection = resolveFlowCollection;


/***/ }),

/***/ 6842:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var resolveEnd = __nccwpck_require__(7788);

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

exports.resolveFlowScalar = resolveFlowScalar;


/***/ }),

/***/ 4631:
/***/ ((__unused_webpack_module, exports) => {



function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

exports.resolveProps = resolveProps;


/***/ }),

/***/ 9499:
/***/ ((__unused_webpack_module, exports) => {



function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

exports.containsNewline = containsNewline;


/***/ }),

/***/ 2599:
/***/ ((__unused_webpack_module, exports) => {



function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

exports.emptyScalarPosition = emptyScalarPosition;


/***/ }),

/***/ 4051:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var utilContainsNewline = __nccwpck_require__(9499);

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            utilContainsNewline.containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

exports.flowIndentCheck = flowIndentCheck;


/***/ }),

/***/ 1187:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

exports.mapIncludes = mapIncludes;


/***/ }),

/***/ 3021:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var toJS = __nccwpck_require__(4043);
var Schema = __nccwpck_require__(5840);
var stringifyDocument = __nccwpck_require__(6829);
var anchors = __nccwpck_require__(1596);
var applyReviver = __nccwpck_require__(3661);
var createNode = __nccwpck_require__(2404);
var directives = __nccwpck_require__(1342);

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = identity.isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchors.anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias.Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return identity.isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
            return !keepScalar && identity.isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return identity.isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (Collection.isEmptyPath(path))
            return this.contents !== undefined;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new directives.Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new directives.Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema.Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (identity.isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

exports.Document = Document;


/***/ }),

/***/ 1596:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit.visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

exports.anchorIsValid = anchorIsValid;
exports.anchorNames = anchorNames;
exports.createNodeAnchors = createNodeAnchors;
exports.findNewAnchor = findNewAnchor;


/***/ }),

/***/ 3661:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

exports.applyReviver = applyReviver;


/***/ }),

/***/ 2404:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (identity.isDocument(value))
        value = value.contents;
    if (identity.isNode(value))
        return value;
    if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias.Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar.Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[identity.MAP]
                : Symbol.iterator in Object(value)
                    ? schema[identity.SEQ]
                    : schema[identity.MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar.Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

exports.createNode = createNode;


/***/ }),

/***/ 1342:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var visit = __nccwpck_require__(204);

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
            const tags = {};
            visit.visit(doc.contents, (_key, node) => {
                if (identity.isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

exports.Directives = Directives;


/***/ }),

/***/ 1464:
/***/ ((__unused_webpack_module, exports) => {



class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

exports.YAMLError = YAMLError;
exports.YAMLParseError = YAMLParseError;
exports.YAMLWarning = YAMLWarning;
exports.prettifyError = prettifyError;


/***/ }),

/***/ 8815:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var Schema = __nccwpck_require__(5840);
var errors = __nccwpck_require__(1464);
var Alias = __nccwpck_require__(4065);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);
var publicApi = __nccwpck_require__(4047);
var visit = __nccwpck_require__(204);



exports.Dk = composer.Composer;
__webpack_unused_export__ = Document.Document;
__webpack_unused_export__ = Schema.Schema;
__webpack_unused_export__ = errors.YAMLError;
__webpack_unused_export__ = errors.YAMLParseError;
__webpack_unused_export__ = errors.YAMLWarning;
__webpack_unused_export__ = Alias.Alias;
exports.Vj = identity.isAlias;
__webpack_unused_export__ = identity.isCollection;
__webpack_unused_export__ = identity.isDocument;
exports.jh = identity.isMap;
__webpack_unused_export__ = identity.isNode;
exports.tO = identity.isPair;
exports.jn = identity.isScalar;
exports.oP = identity.isSeq;
__webpack_unused_export__ = Pair.Pair;
__webpack_unused_export__ = Scalar.Scalar;
__webpack_unused_export__ = YAMLMap.YAMLMap;
__webpack_unused_export__ = YAMLSeq.YAMLSeq;
__webpack_unused_export__ = cst;
__webpack_unused_export__ = lexer.Lexer;
exports.HN = lineCounter.LineCounter;
exports.iX = parser.Parser;
__webpack_unused_export__ = publicApi.parse;
__webpack_unused_export__ = publicApi.parseAllDocuments;
__webpack_unused_export__ = publicApi.parseDocument;
__webpack_unused_export__ = publicApi.stringify;
__webpack_unused_export__ = visit.visit;
__webpack_unused_export__ = visit.visitAsync;


/***/ }),

/***/ 7249:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);

function debug(logLevel, ...messages) {
    if (logLevel === 'debug')
        console.log(...messages);
}
function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        if (typeof node_process.emitWarning === 'function')
            node_process.emitWarning(warning);
        else
            console.warn(warning);
    }
}

exports.debug = debug;
exports.warn = warn;


/***/ }),

/***/ 4065:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var visit = __nccwpck_require__(204);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

class Alias extends Node.NodeBase {
    constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit.visit(doc, {
                Node: (_key, node) => {
                    if (identity.isAlias(node) || identity.hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS.toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchors.anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

exports.Alias = Alias;


/***/ }),

/***/ 101:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode.createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends Node.NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!identity.isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    identity.isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

exports.Collection = Collection;
exports.collectionFromPath = collectionFromPath;
exports.isEmptyPath = isEmptyPath;


/***/ }),

/***/ 6673:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var applyReviver = __nccwpck_require__(3661);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

exports.NodeBase = NodeBase;


/***/ }),

/***/ 7165:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyPair = __nccwpck_require__(9748);
var addPairToJSMap = __nccwpck_require__(7104);
var identity = __nccwpck_require__(1127);

function createPair(key, value, ctx) {
    const k = createNode.createNode(key, undefined, ctx);
    const v = createNode.createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
            key = key.clone(schema);
        if (identity.isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

exports.Pair = Pair;
exports.createPair = createPair;


/***/ }),

/***/ 3301:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Node = __nccwpck_require__(6673);
var toJS = __nccwpck_require__(4043);

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends Node.NodeBase {
    constructor(value) {
        super(identity.SCALAR);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

exports.Scalar = Scalar;
exports.isScalarValue = isScalarValue;


/***/ }),

/***/ 4454:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyCollection = __nccwpck_require__(1212);
var addPairToJSMap = __nccwpck_require__(7104);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);

function findPair(items, key) {
    const k = identity.isScalar(key) ? key.value : key;
    for (const it of items) {
        if (identity.isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (identity.isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair.Pair(pair, pair?.value);
        }
        else
            _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair.Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!identity.isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

exports.YAMLMap = YAMLMap;
exports.findPair = findPair;


/***/ }),

/***/ 2223:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(2404);
var stringifyCollection = __nccwpck_require__(1212);
var Collection = __nccwpck_require__(101);
var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var toJS = __nccwpck_require__(4043);

class YAMLSeq extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode.createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = identity.isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

exports.YAMLSeq = YAMLSeq;


/***/ }),

/***/ 7104:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var log = __nccwpck_require__(7249);
var merge = __nccwpck_require__(452);
var stringify = __nccwpck_require__(2148);
var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);

function addPairToJSMap(ctx, map, { key, value }) {
    if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS.toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS.toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

exports.addPairToJSMap = addPairToJSMap;


/***/ }),

/***/ 1127:
/***/ ((__unused_webpack_module, exports) => {



const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

exports.ALIAS = ALIAS;
exports.DOC = DOC;
exports.MAP = MAP;
exports.NODE_TYPE = NODE_TYPE;
exports.PAIR = PAIR;
exports.SCALAR = SCALAR;
exports.SEQ = SEQ;
exports.hasAnchor = hasAnchor;
exports.isAlias = isAlias;
exports.isCollection = isCollection;
exports.isDocument = isDocument;
exports.isMap = isMap;
exports.isNode = isNode;
exports.isPair = isPair;
exports.isScalar = isScalar;
exports.isSeq = isSeq;


/***/ }),

/***/ 4043:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !identity.hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

exports.toJS = toJS;


/***/ }),

/***/ 110:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var resolveBlockScalar = __nccwpck_require__(8913);
var resolveFlowScalar = __nccwpck_require__(6842);
var errors = __nccwpck_require__(1464);
var stringifyString = __nccwpck_require__(3069);

function resolveAsScalar(token, strict = true, onError) {
    if (token) {
        const _onError = (pos, code, message) => {
            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
            if (onError)
                onError(offset, code, message);
            else
                throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
            case 'block-scalar':
                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
    }
    return null;
}
/**
 * Create a new scalar token with `value`
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.indent The indent level of the token.
 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
 * @param context.offset The offset position of the token.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function createScalarToken(value, context) {
    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    const end = context.end ?? [
        { type: 'newline', offset: -1, indent, source: '\n' }
    ];
    switch (source[0]) {
        case '|':
        case '>': {
            const he = source.indexOf('\n');
            const head = source.substring(0, he);
            const body = source.substring(he + 1) + '\n';
            const props = [
                { type: 'block-scalar-header', offset, indent, source: head }
            ];
            if (!addEndtoBlockProps(props, end))
                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
            return { type: 'block-scalar', offset, indent, props, source: body };
        }
        case '"':
            return { type: 'double-quoted-scalar', offset, indent, source, end };
        case "'":
            return { type: 'single-quoted-scalar', offset, indent, source, end };
        default:
            return { type: 'scalar', offset, indent, source, end };
    }
}
/**
 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
 *
 * Best efforts are made to retain any comments previously associated with the `token`,
 * though all contents within a collection's `items` will be overwritten.
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function setScalarValue(token, value, context = {}) {
    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
    let indent = 'indent' in token ? token.indent : null;
    if (afterKey && typeof indent === 'number')
        indent += 2;
    if (!type)
        switch (token.type) {
            case 'single-quoted-scalar':
                type = 'QUOTE_SINGLE';
                break;
            case 'double-quoted-scalar':
                type = 'QUOTE_DOUBLE';
                break;
            case 'block-scalar': {
                const header = token.props[0];
                if (header.type !== 'block-scalar-header')
                    throw new Error('Invalid block scalar header');
                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
                break;
            }
            default:
                type = 'PLAIN';
        }
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    switch (source[0]) {
        case '|':
        case '>':
            setBlockScalarValue(token, source);
            break;
        case '"':
            setFlowScalarValue(token, source, 'double-quoted-scalar');
            break;
        case "'":
            setFlowScalarValue(token, source, 'single-quoted-scalar');
            break;
        default:
            setFlowScalarValue(token, source, 'scalar');
    }
}
function setBlockScalarValue(token, source) {
    const he = source.indexOf('\n');
    const head = source.substring(0, he);
    const body = source.substring(he + 1) + '\n';
    if (token.type === 'block-scalar') {
        const header = token.props[0];
        if (header.type !== 'block-scalar-header')
            throw new Error('Invalid block scalar header');
        header.source = head;
        token.source = body;
    }
    else {
        const { offset } = token;
        const indent = 'indent' in token ? token.indent : -1;
        const props = [
            { type: 'block-scalar-header', offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
        for (const key of Object.keys(token))
            if (key !== 'type' && key !== 'offset')
                delete token[key];
        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
    }
}
/** @returns `true` if last token is a newline */
function addEndtoBlockProps(props, end) {
    if (end)
        for (const st of end)
            switch (st.type) {
                case 'space':
                case 'comment':
                    props.push(st);
                    break;
                case 'newline':
                    props.push(st);
                    return true;
            }
    return false;
}
function setFlowScalarValue(token, source, type) {
    switch (token.type) {
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            token.type = type;
            token.source = source;
            break;
        case 'block-scalar': {
            const end = token.props.slice(1);
            let oa = source.length;
            if (token.props[0].type === 'block-scalar-header')
                oa -= token.props[0].source.length;
            for (const tok of end)
                tok.offset += oa;
            delete token.props;
            Object.assign(token, { type, source, end });
            break;
        }
        case 'block-map':
        case 'block-seq': {
            const offset = token.offset + source.length;
            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
            delete token.items;
            Object.assign(token, { type, source, end: [nl] });
            break;
        }
        default: {
            const indent = 'indent' in token ? token.indent : -1;
            const end = 'end' in token && Array.isArray(token.end)
                ? token.end.filter(st => st.type === 'space' ||
                    st.type === 'comment' ||
                    st.type === 'newline')
                : [];
            for (const key of Object.keys(token))
                if (key !== 'type' && key !== 'offset')
                    delete token[key];
            Object.assign(token, { type, indent, source, end });
        }
    }
}

exports.createScalarToken = createScalarToken;
exports.resolveAsScalar = resolveAsScalar;
exports.setScalarValue = setScalarValue;


/***/ }),

/***/ 1733:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringify a CST document, token, or collection item
 *
 * Fair warning: This applies no validation whatsoever, and
 * simply concatenates the sources in their logical order.
 */
const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
function stringifyToken(token) {
    switch (token.type) {
        case 'block-scalar': {
            let res = '';
            for (const tok of token.props)
                res += stringifyToken(tok);
            return res + token.source;
        }
        case 'block-map':
        case 'block-seq': {
            let res = '';
            for (const item of token.items)
                res += stringifyItem(item);
            return res;
        }
        case 'flow-collection': {
            let res = token.start.source;
            for (const item of token.items)
                res += stringifyItem(item);
            for (const st of token.end)
                res += st.source;
            return res;
        }
        case 'document': {
            let res = stringifyItem(token);
            if (token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
        default: {
            let res = token.source;
            if ('end' in token && token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
    }
}
function stringifyItem({ start, key, sep, value }) {
    let res = '';
    for (const st of start)
        res += st.source;
    if (key)
        res += stringifyToken(key);
    if (sep)
        for (const st of sep)
            res += st.source;
    if (value)
        res += stringifyToken(value);
    return res;
}

exports.stringify = stringify;


/***/ }),

/***/ 7715:
/***/ ((__unused_webpack_module, exports) => {



const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove item');
/**
 * Apply a visitor to a CST document or item.
 *
 * Walks through the tree (depth-first) starting from the root, calling a
 * `visitor` function with two arguments when entering each item:
 *   - `item`: The current item, which included the following members:
 *     - `start: SourceToken[]` – Source tokens before the key or value,
 *       possibly including its anchor or tag.
 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
 *       the key before the `:` separator is empty.
 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
 *       which should include the `:` map value indicator if `value` is set.
 *     - `value?: Token` – The value of a sequence item, or of a map pair.
 *   - `path`: The steps from the root to the current node, as an array of
 *     `['key' | 'value', number]` tuples.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this token, continue with
 *      next sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
 *   - `number`: Set the index of the next step. This is useful especially if
 *     the index of the current token has changed.
 *   - `function`: Define the next visitor for this item. After the original
 *     visitor is called on item entry, next visitors are called after handling
 *     a non-empty `key` and when exiting the item.
 */
function visit(cst, visitor) {
    if ('type' in cst && cst.type === 'document')
        cst = { start: cst.start, value: cst.value };
    _visit(Object.freeze([]), cst, visitor);
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current item */
visit.SKIP = SKIP;
/** Remove the current item */
visit.REMOVE = REMOVE;
/** Find the item at `path` from `cst` as the root */
visit.itemAtPath = (cst, path) => {
    let item = cst;
    for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && 'items' in tok) {
            item = tok.items[index];
        }
        else
            return undefined;
    }
    return item;
};
/**
 * Get the immediate parent collection of the item at `path` from `cst` as the root.
 *
 * Throws an error if the collection is not found, which should never happen if the item itself exists.
 */
visit.parentCollection = (cst, path) => {
    const parent = visit.itemAtPath(cst, path.slice(0, -1));
    const field = path[path.length - 1][0];
    const coll = parent?.[field];
    if (coll && 'items' in coll)
        return coll;
    throw new Error('Parent collection not found');
};
function _visit(path, item, visitor) {
    let ctrl = visitor(item, path);
    if (typeof ctrl === 'symbol')
        return ctrl;
    for (const field of ['key', 'value']) {
        const token = item[field];
        if (token && 'items' in token) {
            for (let i = 0; i < token.items.length; ++i) {
                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    token.items.splice(i, 1);
                    i -= 1;
                }
            }
            if (typeof ctrl === 'function' && field === 'key')
                ctrl = ctrl(item, path);
        }
    }
    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
}

exports.visit = visit;


/***/ }),

/***/ 3461:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cstScalar = __nccwpck_require__(110);
var cstStringify = __nccwpck_require__(1733);
var cstVisit = __nccwpck_require__(7715);

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** @returns `true` if `token` is a flow or block collection */
const isCollection = (token) => !!token && 'items' in token;
/** @returns `true` if `token` is a flow or block scalar; not an alias */
const isScalar = (token) => !!token &&
    (token.type === 'scalar' ||
        token.type === 'single-quoted-scalar' ||
        token.type === 'double-quoted-scalar' ||
        token.type === 'block-scalar');
/* istanbul ignore next */
/** Get a printable representation of a lexer token */
function prettyToken(token) {
    switch (token) {
        case BOM:
            return '<BOM>';
        case DOCUMENT:
            return '<DOC>';
        case FLOW_END:
            return '<FLOW_END>';
        case SCALAR:
            return '<SCALAR>';
        default:
            return JSON.stringify(token);
    }
}
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

exports.createScalarToken = cstScalar.createScalarToken;
exports.resolveAsScalar = cstScalar.resolveAsScalar;
exports.setScalarValue = cstScalar.setScalarValue;
exports.stringify = cstStringify.stringify;
exports.visit = cstVisit.visit;
exports.BOM = BOM;
exports.DOCUMENT = DOCUMENT;
exports.FLOW_END = FLOW_END;
exports.SCALAR = SCALAR;
exports.isCollection = isCollection;
exports.isScalar = isScalar;
exports.prettyToken = prettyToken;
exports.tokenType = tokenType;


/***/ }),

/***/ 361:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cst = __nccwpck_require__(3461);

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === cst.BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield cst.FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

exports.Lexer = Lexer;


/***/ }),

/***/ 6628:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

exports.LineCounter = LineCounter;


/***/ }),

/***/ 3456:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var cst = __nccwpck_require__(3461);
var lexer = __nccwpck_require__(361);

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
            console.log('|', cst.prettyToken(source));
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = cst.tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
}

exports.Parser = Parser;


/***/ }),

/***/ 4047:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var composer = __nccwpck_require__(9984);
var Document = __nccwpck_require__(3021);
var errors = __nccwpck_require__(1464);
var log = __nccwpck_require__(7249);
var identity = __nccwpck_require__(1127);
var lineCounter = __nccwpck_require__(6628);
var parser = __nccwpck_require__(3456);

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
    return { lineCounter: lineCounter$1, prettyErrors };
}
/**
 * Parse the input as a stream of YAML documents.
 *
 * Documents should be separated from each other by `...` or `---` marker lines.
 *
 * @returns If an empty `docs` array is returned, it will be of type
 *   EmptyStream and contain additional stream information. In
 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
 */
function parseAllDocuments(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
    if (prettyErrors && lineCounter)
        for (const doc of docs) {
            doc.errors.forEach(errors.prettifyError(source, lineCounter));
            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
        }
    if (docs.length > 0)
        return docs;
    return Object.assign([], { empty: true }, composer$1.streamInfo());
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
    }
    return doc;
}
function parse(src, reviver, options) {
    let _reviver = undefined;
    if (typeof reviver === 'function') {
        _reviver = reviver;
    }
    else if (options === undefined && reviver && typeof reviver === 'object') {
        options = reviver;
    }
    const doc = parseDocument(src, options);
    if (!doc)
        return null;
    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
    if (doc.errors.length > 0) {
        if (doc.options.logLevel !== 'silent')
            throw doc.errors[0];
        else
            doc.errors = [];
    }
    return doc.toJS(Object.assign({ reviver: _reviver }, options));
}
function stringify(value, replacer, options) {
    let _replacer = null;
    if (typeof replacer === 'function' || Array.isArray(replacer)) {
        _replacer = replacer;
    }
    else if (options === undefined && replacer) {
        options = replacer;
    }
    if (typeof options === 'string')
        options = options.length;
    if (typeof options === 'number') {
        const indent = Math.round(options);
        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
    }
    if (value === undefined) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
            return undefined;
    }
    if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
    return new Document.Document(value, _replacer, options).toString(options);
}

exports.parse = parse;
exports.parseAllDocuments = parseAllDocuments;
exports.parseDocument = parseDocument;
exports.stringify = stringify;


/***/ }),

/***/ 5840:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var tags = __nccwpck_require__(18);

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? tags.getTags(compat, 'compat')
            : compat
                ? tags.getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

exports.Schema = Schema;


/***/ }),

/***/ 7451:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLMap = __nccwpck_require__(4454);

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap.YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!identity.isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
};

exports.map = map;


/***/ }),

/***/ 3632:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar.Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar.Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

exports.nullTag = nullTag;


/***/ }),

/***/ 1706:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var YAMLSeq = __nccwpck_require__(2223);

const seq = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq.YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!identity.isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
};

exports.seq = seq;


/***/ }),

/***/ 6464:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyString = __nccwpck_require__(3069);

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
    }
};

exports.string = string;


/***/ }),

/***/ 3959:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

exports.boolTag = boolTag;


/***/ }),

/***/ 8405:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 9874:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber.stringifyNumber(node);
}
const intOct = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
    stringify: node => intStringify(node, 8, '0o')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 896:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.boolTag,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float
];

exports.schema = schema;


/***/ }),

/***/ 3559:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var map = __nccwpck_require__(7451);
var seq = __nccwpck_require__(1706);

function intIdentify(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

exports.schema = schema;


/***/ }),

/***/ 18:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var bool = __nccwpck_require__(3959);
var float = __nccwpck_require__(8405);
var int = __nccwpck_require__(9874);
var schema = __nccwpck_require__(896);
var schema$1 = __nccwpck_require__(3559);
var binary = __nccwpck_require__(6083);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var schema$2 = __nccwpck_require__(5913);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schemas = new Map([
    ['core', schema.schema],
    ['failsafe', [map.map, seq.seq, string.string]],
    ['json', schema$1.schema],
    ['yaml11', schema$2.schema],
    ['yaml-1.1', schema$2.schema]
]);
const tagsByName = {
    binary: binary.binary,
    bool: bool.boolTag,
    float: float.float,
    floatExp: float.floatExp,
    floatNaN: float.floatNaN,
    floatTime: timestamp.floatTime,
    int: int.int,
    intHex: int.intHex,
    intOct: int.intOct,
    intTime: timestamp.intTime,
    map: map.map,
    merge: merge.merge,
    null: _null.nullTag,
    omap: omap.omap,
    pairs: pairs.pairs,
    seq: seq.seq,
    set: set.set,
    timestamp: timestamp.timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary.binary,
    'tag:yaml.org,2002:merge': merge.merge,
    'tag:yaml.org,2002:omap': omap.omap,
    'tag:yaml.org,2002:pairs': pairs.pairs,
    'tag:yaml.org,2002:set': set.set,
    'tag:yaml.org,2002:timestamp': timestamp.timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge)
            ? schemaTags.concat(merge.merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge.merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

exports.coreKnownTags = coreKnownTags;
exports.getTags = getTags;


/***/ }),

/***/ 6083:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_buffer = __nccwpck_require__(181);
var Scalar = __nccwpck_require__(3301);
var stringifyString = __nccwpck_require__(3069);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof node_buffer.Buffer === 'function') {
            return node_buffer.Buffer.from(src, 'base64');
        }
        else if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof node_buffer.Buffer === 'function') {
            str =
                buf instanceof node_buffer.Buffer
                    ? buf.toString('base64')
                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
        }
        else if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

exports.binary = binary;


/***/ }),

/***/ 8398:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar.Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar.Scalar(false),
    stringify: boolStringify
};

exports.falseTag = falseTag;
exports.trueTag = trueTag;


/***/ }),

/***/ 5782:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var stringifyNumber = __nccwpck_require__(8689);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 873:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber.stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intBin = intBin;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 452:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (identity.isScalar(key) &&
        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (identity.isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!identity.isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

exports.addMergeToJSMap = addMergeToJSMap;
exports.isMergeKey = isMergeKey;
exports.merge = merge;


/***/ }),

/***/ 303:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var toJS = __nccwpck_require__(4043);
var YAMLMap = __nccwpck_require__(4454);
var YAMLSeq = __nccwpck_require__(2223);
var pairs = __nccwpck_require__(8385);

class YAMLOMap extends YAMLSeq.YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (identity.isPair(pair)) {
                key = toJS.toJS(pair.key, '', ctx);
                value = toJS.toJS(pair.value, key, ctx);
            }
            else {
                key = toJS.toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs$1.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
            if (identity.isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

exports.YAMLOMap = YAMLOMap;
exports.omap = omap;


/***/ }),

/***/ 8385:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var Scalar = __nccwpck_require__(3301);
var YAMLSeq = __nccwpck_require__(2223);

function resolvePairs(seq, onError) {
    if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (identity.isPair(item))
                continue;
            else if (identity.isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq.YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(Pair.createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

exports.createPairs = createPairs;
exports.pairs = pairs;
exports.resolvePairs = resolvePairs;


/***/ }),

/***/ 5913:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7451);
var _null = __nccwpck_require__(3632);
var seq = __nccwpck_require__(1706);
var string = __nccwpck_require__(6464);
var binary = __nccwpck_require__(6083);
var bool = __nccwpck_require__(8398);
var float = __nccwpck_require__(5782);
var int = __nccwpck_require__(873);
var merge = __nccwpck_require__(452);
var omap = __nccwpck_require__(303);
var pairs = __nccwpck_require__(8385);
var set = __nccwpck_require__(1528);
var timestamp = __nccwpck_require__(6752);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.trueTag,
    bool.falseTag,
    int.intBin,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float,
    binary.binary,
    merge.merge,
    omap.omap,
    pairs.pairs,
    set.set,
    timestamp.intTime,
    timestamp.floatTime,
    timestamp.timestamp
];

exports.schema = schema;


/***/ }),

/***/ 1528:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Pair = __nccwpck_require__(7165);
var YAMLMap = __nccwpck_require__(4454);

class YAMLSet extends YAMLMap.YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (identity.isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair.Pair(key.key, null);
        else
            pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair)
            ? identity.isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair.Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(Pair.createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (identity.isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

exports.YAMLSet = YAMLSet;
exports.set = set;


/***/ }),

/***/ 6752:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(8689);

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

exports.floatTime = floatTime;
exports.intTime = intTime;
exports.timestamp = timestamp;


/***/ }),

/***/ 4475:
/***/ ((__unused_webpack_module, exports) => {



const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

exports.FOLD_BLOCK = FOLD_BLOCK;
exports.FOLD_FLOW = FOLD_FLOW;
exports.FOLD_QUOTED = FOLD_QUOTED;
exports.foldFlowLines = foldFlowLines;


/***/ }),

/***/ 2148:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(1596);
var identity = __nccwpck_require__(1127);
var stringifyComment = __nccwpck_require__(9799);
var stringifyString = __nccwpck_require__(3069);

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
    if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (identity.isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = identity.isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : identity.isScalar(node)
            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

exports.createStringifyContext = createStringifyContext;
exports.stringify = stringify;


/***/ }),

/***/ 1212:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = identity.isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

exports.stringifyCollection = stringifyCollection;


/***/ }),

/***/ 9799:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

exports.indentComment = indentComment;
exports.lineComment = lineComment;
exports.stringifyComment = stringifyComment;


/***/ }),

/***/ 6829:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = stringify.createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (identity.isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += stringifyComment.lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify.stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(stringifyComment.indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

exports.stringifyDocument = stringifyDocument;


/***/ }),

/***/ 8689:
/***/ ((__unused_webpack_module, exports) => {



function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

exports.stringifyNumber = stringifyNumber;


/***/ }),

/***/ 9748:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);
var Scalar = __nccwpck_require__(3301);
var stringify = __nccwpck_require__(2148);
var stringifyComment = __nccwpck_require__(9799);

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (identity.isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            identity.isCollection(key) ||
            (identity.isScalar(key)
                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        identity.isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

exports.stringifyPair = stringifyPair;


/***/ }),

/***/ 3069:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(3301);
var foldFlowLines = __nccwpck_require__(4475);

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.Scalar.BLOCK_FOLDED:
            case Scalar.Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

exports.stringifyString = stringifyString;


/***/ }),

/***/ 204:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(1127);

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
/**
 * Apply an async visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `Promise`: Must resolve to one of the following values
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
async function visitAsync(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visitAsync.BREAK = BREAK;
/** Do not visit the children of the current node */
visitAsync.SKIP = SKIP;
/** Remove the current node */
visitAsync.REMOVE = REMOVE;
async function visitAsync_(key, node, visitor, path) {
    const ctrl = await callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = await visitAsync_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = await visitAsync_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = await visitAsync_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
    if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
    if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (identity.isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (identity.isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (identity.isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

exports.visit = visit;
exports.visitAsync = visitAsync;


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(8084);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
