/**
 * secret-exfiltration: a script that sends secrets or the whole environment off the runner,
 * or encodes them past the log masking, or writes them into a file that leaves the runner
 * (an artifact, a cache, a release asset, a `curl -T` upload). The
 * GhostAction workflows (2025) did exactly this: `curl` a secret to an attacker's host.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { factsOf, input, isFalse, isTrue, logicalLines } from '../workflow/actions.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { StepSite } from '../workflow/sites.js'
import { secretLabel, secretsIn } from '../workflow/secrets.js'
import { stepPublishes } from '../workflow/publish.js'
import { GITHUB_HOSTS, REGISTRY_HOSTS, REGISTRY_SECRETS, SECRET_SERVICES } from '../workflow/catalogue.js'
import type { Registry } from '../workflow/catalogue.js'
import { get } from '../workflow/yaml.js'
import { findExpressions } from '../workflow/expr.js'
import { compositeLookup } from '../resolve/graph.js'

const NETWORK = /(^|[\s;&|(`$])(curl|wget|nc|ncat|netcat|socat|telnet|scp|sftp|ftp|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b|\/dev\/(tcp|udp)\/|\b(python3?|node|ruby|perl)\s+-[ce]\b(?:(?!\b(?:python3?|node|ruby|perl)\s)[^\n])*(requests|urllib|http\.client|socket|fetch\(|https?\.request|Net::HTTP|LWP)/
/** A name looked up in DNS goes to every resolver on the way: a secret in it is sent. */
const DNS = /(^|[\s;&|(`$])(nslookup|dig|host|drill|resolvectl\s+query|getent\s+(?:hosts|ahosts))\s/
/** A gist, public or "secret", is readable by anyone with its URL. */
const GIST = /\bgh\s+gist\s+(?:create|edit)\b/
/** Script shells whose text is a program: HTTP calls in them. */
const SCRIPT_SHELL = /^(?:python3?|node|pwsh|powershell)\b/i
const SCRIPT_HTTP = /\b(?:requests\.|urllib|http\.client|httpx|aiohttp|socket\.|fetch\(|https?\.(?:request|get)\(|axios|Invoke-WebRequest|Invoke-RestMethod|iwr\b|irm\b|Net\.WebClient|HttpClient)/i
const ENCODE = /\|\s*(base64|xxd|od\b|rev\b|gzip|openssl\s+enc)/

/**
 * Does the encoder's output reach the log? Not when it goes into a file (`> cert.p12`,
 * `-o`/`--output`) or into another command (`| gpg --import`, `| wc -c`): decoding a signing
 * certificate into a file is GitHub's own recipe, not a leak.
 */
function encodedToLog(line: string): boolean {
  const m = ENCODE.exec(line)
  if (!m) return false
  const rest = line.slice(m.index + m[0].length)
  return !(/(?:^|[^>&0-9])>>?\s*[^&\s]/.test(rest) || /\s(?:-o|--output|-out)(?:[\s=]|$)/.test(rest) || rest.includes('|'))
}
const ENV_DUMP = /(^|[;&|(]\s*)(env|printenv|set|export\s+-p|Get-ChildItem\s+env:|gci\s+env:|dir\s+env:)\s*(\||>)|\/proc\/[^\s/]+\/environ/

/** Files a command names that are not hosts (`curl -T dist/x.tar.gz`). */
const FILE_EXT = /\.(?:json|txt|tar|gz|tgz|zip|whl|sh|py|js|mjs|cjs|ts|md|ya?ml|toml|lock|cfg|ini|xml|html?|pem|crt|key|asc|sig|log|csv|bin|exe|deb|rpm|jar|gem|nupkg|crate)$/i

/**
 * Where a line sends things: URLs with a scheme, a proxy (`-x`, `--proxy`: all traffic goes
 * through it), and, for curl and wget, a host written without a scheme (`curl evil.example/x`).
 * Hosts compare case-insensitively.
 */
function hosts(line: string): string[] {
  const out = [...line.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^@\s/"'`]*@)?([^/\s"'`:?#]+)/gi)].map((m) => m[1].toLowerCase())
  // curl's `-x` is the proxy (`-X` is the method): case matters here
  for (const m of line.matchAll(/(?:\s-x|\s--proxy|\s--preproxy|\s--socks5(?:-hostname)?)[\s=]+["']?(?:[a-zA-Z0-9+.-]+:\/\/)?(?:[^@\s/"'`]*@)?([^\s/"'`:]+)/g)) out.push(m[1].toLowerCase())
  if (/(^|[\s;&|(`$])(curl|wget)\b/.test(line)) {
    for (const tok of line.split(/\s+/)) {
      const t = tok.replace(/^["']|["']$/g, '')
      if (/^[-@$<>|&]/.test(t) || t.includes('://')) continue
      const m = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24})(?::\d+)?(?:\/\S*)?$/i.exec(t)
      if (m && !FILE_EXT.test(m[1])) out.push(m[1].toLowerCase())
    }
  }
  return out
}

/** A secret as a line carries it: how it is named in messages, and its name. */
interface Ref {
  label: string
  secret: string
}

/** A file a step wrote a secret into. */
interface SecretFile {
  /** Normalised: workspace-relative, `~/…`, `$RUNNER_TEMP/…` or absolute. */
  path: string
  refs: Ref[]
  site: StepSite
  order: number
  /** When a later line removed it (`rm`, `shred -u`): uploads after that do not take it. */
  gone?: number
}

/** Files a step sends off the runner. */
interface Upload {
  /** Path patterns as written (normalised); `undefined` when decided at run time. */
  paths: string[] | undefined
  exclude: string[]
  to: string
  by: string
  site: StepSite
  order: number
  /** Saved at the end of the job (a cache's post step): files written later count too. */
  atEnd: boolean
}

/** A secret named for GitHub: a token or a PAT for its API. */
const GITHUB_NAMED = /GITHUB|(?:^|_)GH(?:_|$)|(?:^|_)PAT(?:_|$)/i

const IP = /^\d+\.\d+\.\d+\.\d+$|^\[?[0-9a-f:]+:[0-9a-f:]*\]?$/i

function registryOfSecret(secret: string): Registry | undefined {
  return REGISTRY_SECRETS.find((r) => r.secret.test(secret))?.registry
}

/**
 * May this secret be sent to this host by this step? A secret named for a service or a
 * registry goes to that service only (a PyPI token to PyPI, `CODECOV_TOKEN` to codecov.io);
 * any other secret (a GitHub token, an app key) to GitHub's own hosts, or to the registry
 * endpoint the step itself publishes to. Nothing else: no blanket list of "known" hosts.
 */
function mayReceive(host: string, secret: string, s: StepSite): boolean {
  if (IP.test(host)) return false
  const svc = SECRET_SERVICES.find((sv) => sv.secret.test(secret))
  if (svc) return svc.host.test(host)
  const reg = registryOfSecret(secret)
  // a token named for GitHub (`GH_NPM_TOKEN`, `NPM_GITHUB_PAT`) is GitHub's as well
  if (GITHUB_HOSTS.test(host) && (!reg || GITHUB_NAMED.test(secret))) return true
  if (reg) return REGISTRY_HOSTS[reg].test(host)
  const pub = stepPublishes(s.step)?.registry
  return !!pub && REGISTRY_HOSTS[pub].test(host)
}

/**
 * May a file holding this secret be uploaded to this host? Only to the registry the secret
 * is named for or the step publishes to; never to GitHub (a file sent there becomes a release
 * asset, a gist, an issue attachment: readable by others).
 */
function fileMayReceive(host: string, secret: string, s: StepSite): boolean {
  if (IP.test(host)) return false
  const reg = registryOfSecret(secret) ?? stepPublishes(s.step)?.registry
  return !!reg && reg !== 'github-release' && REGISTRY_HOSTS[reg].test(host) && !GITHUB_HOSTS.test(host)
}

/** Text of a step's scalar input, or undefined. */
function scalar(n: unknown): string | undefined {
  const y = n as { kind?: string; value?: unknown } | undefined
  return y && y.kind === 'scalar' && y.value !== null && y.value !== undefined ? String(y.value) : undefined
}

/**
 * A path as the runner would find it, so that a write and an upload compare: the workspace
 * (`$GITHUB_WORKSPACE/`, `${{ github.workspace }}/`, `./`) is dropped, home is `~`, the
 * runner's temp directory `$RUNNER_TEMP`. `undefined` when a variable decides it.
 */
export function normPath(raw: string, wd?: string): string | undefined {
  let x = raw.trim().replace(/^["']|["']$/g, '')
  x = x.replace(/^\$\{\{\s*github\.workspace\s*\}\}(?=\/|$)|^\$\{?GITHUB_WORKSPACE\}?(?=\/|$)/i, '.')
  x = x.replace(/^\$\{\{\s*runner\.temp\s*\}\}(?=\/|$)|^\$\{?RUNNER_TEMP\}?(?=\/|$)/i, '$RUNNER_TEMP')
  x = x.replace(/^(?:\$\{?HOME\}?|~|\$\{\{\s*env\.HOME\s*\}\}|\/home\/runner|\/Users\/runner)(?=\/|$)/, '~')
  if (x.startsWith('$RUNNER_TEMP')) {
    if (/\$/.test(x.slice(12))) return undefined
  } else if (x.includes('$') || x.includes('`')) return undefined
  const abs = x.startsWith('/') || x.startsWith('~') || x.startsWith('$RUNNER_TEMP')
  if (!abs && wd) {
    const w = normPath(wd)
    if (w === undefined) return undefined
    x = `${w}/${x}`
  }
  const parts: string[] = []
  for (const seg of x.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..' && !/^(?:~|\$RUNNER_TEMP)$/.test(parts[parts.length - 1])) parts.pop()
    else parts.push(seg)
  }
  const out = parts.join('/')
  return x.startsWith('/') ? `/${out}` : out || '.'
}

/**
 * Wildcard matching without regular expressions (a glob is the workflow's text, and `a*a*a*…`
 * as a pattern backtracks without end): the greedy two-pointer walk, linear in practice and
 * O(pattern × text) at worst. `*` and `?` within a name; `**` as a whole segment, any number
 * of directories.
 */
function wildcard<T>(pat: T[], text: T[], isStar: (p: T) => boolean, eq: (p: T, t: T) => boolean): boolean {
  let pi = 0
  let ti = 0
  let star = -1
  let mark = 0
  while (ti < text.length) {
    if (pi < pat.length && !isStar(pat[pi]) && eq(pat[pi], text[ti])) {
      pi++
      ti++
    } else if (pi < pat.length && isStar(pat[pi])) {
      star = pi++
      mark = ti
    } else if (star >= 0) {
      pi = star + 1
      ti = ++mark
    } else return false
  }
  while (pi < pat.length && isStar(pat[pi])) pi++
  return pi === pat.length
}

/** `*` and `?` within one name: the same walk over the characters. */
function nameMatch(p: string, name: string): boolean {
  if (!p.includes('*') && !p.includes('?')) return p === name
  return wildcard([...p], [...name], (c) => c === '*', (pc, c) => pc === '?' || pc === c)
}

/** A glob, split into segments (`**` kept whole). */
type Glob = string[]

function globOf(pattern: string): Glob {
  return pattern.split('/').filter((x, i, a) => !(x === '**' && a[i - 1] === '**'))
}

function globMatch(g: Glob, parts: string[]): boolean {
  return wildcard(g, parts, (p) => p === '**', nameMatch)
}

/** Does an upload pattern take this file: the file itself, a directory holding it, or a glob matching either? */
export function pathTakes(pattern: string, file: string): boolean {
  if (pattern === '.') return !/^(?:\/|~|\$RUNNER_TEMP)/.test(file)
  if (file === pattern || file.startsWith(`${pattern}/`)) return true
  return /[*?]/.test(pattern) && globTakes(globOf(pattern), file)
}

/** Does a glob match the file or a directory holding it? The same as `glob/**` matching the file: one walk. */
function globTakes(g: Glob, file: string): boolean {
  return globMatch(g[g.length - 1] === '**' ? g : [...g, '**'], file.split('/'))
}

function wdOf(s: StepSite): string | undefined {
  return scalar(get(s.step.node, 'working-directory'))
}

/** The paths an input lists (newlines or commas), split into patterns and `!` exclusions; undefined when any is decided at run time. */
function listedPaths(text: string, wd?: string): { paths: string[]; exclude: string[] } | undefined {
  const paths: string[] = []
  const exclude: string[] = []
  for (const item of text.split(/[\n,]/).map((x) => x.trim()).filter(Boolean)) {
    const neg = item.startsWith('!')
    const p = normPath(neg ? item.slice(1) : item, wd)
    if (p === undefined) {
      if (neg) continue
      return undefined
    }
    ;(neg ? exclude : paths).push(p)
  }
  return { paths, exclude }
}

/** Does a caching action save anything at the end of the job (its cache not switched off)? */
function cacheSaves(s: StepSite): string[] {
  const c = factsOf(s.step)?.cache
  if (!c?.saves) return []
  for (const o of c.optOut ?? []) if (typeof o === 'string' && isTrue(input(s.step, o))) return []
  if (c.input) {
    const v = input(s.step, c.input)
    if (v === undefined || v.trim() === '') {
      if (!(c.defaults ?? []).some((d) => d.is !== 'off')) return []
    } else if (isFalse(v)) return []
  }
  return c.saves
}

/** A line with the runner's paths written as variables and no space inside an expression, so a path is one word. */
function pathWords(line: string): string {
  if (!line.includes('${{')) return line
  let out = ''
  let at = 0
  for (const e of findExpressions(line)) {
    const p = e.inner.replace(/\s+/g, '').toLowerCase()
    const v = p === 'runner.temp' ? '$RUNNER_TEMP' : p === 'github.workspace' ? '$GITHUB_WORKSPACE' : p === 'env.home' ? '$HOME' : `\${{${e.inner.replace(/\s+/g, '')}}}`
    out += line.slice(at, e.offset) + v
    at = e.offset + e.full.length
  }
  return out + line.slice(at)
}

/** Redirect and `tee` targets on a line: `> f`, `>> f`, `tee -a f`, `&> f`. */
function writeTargets(line: string): string[] {
  const out: string[] = []
  for (const m of line.matchAll(/(?:^|[^<>&0-9-])(?:\d?>>?|&>>?)\s*(["']?[^\s"';|&<>()]+["']?)|\btee\s+(?:-a\s+|--append\s+)?(["']?[^\s"';|&<>()-][^\s"';|&<>()]*["']?)/g)) {
    const t = (m[1] ?? m[2]).replace(/^["']|["']$/g, '')
    if (/^&\d$|^\/dev\/|^\$\{?(GITHUB_ENV|GITHUB_OUTPUT|GITHUB_PATH|GITHUB_STEP_SUMMARY|GITHUB_STATE)\}?$/.test(t)) continue
    out.push(t)
  }
  return out
}

/** Commands that put text into a file (not a program whose output happens to be redirected). */
const WRITER = /(?:^|[;&|(]\s*)(?:echo|printf|cat|tee|base64|envsubst|jq|sed|awk|openssl|gpg|Write-Output|Out-File|Set-Content|Add-Content)\b/

/** The files a line's `curl`/`wget`/`gh` hands over whole: `-T f`, `-F x=@f`, `--data-binary @f`, `--post-file=f`. */
function sentFiles(line: string): string[] {
  const out: string[] = []
  for (const m of line.matchAll(/(?:\s-T|\s--upload-file)[\s=]+(["']?[^\s"';|&<>]+["']?)|\s(?:-F|--form)[\s=]+["']?[\w.-]*=@([^\s"';|&<>]+)|\s(?:--data-binary|--data|-d|--data-urlencode|--json)[\s=]+["']?(?:[\w.-]*)@([^\s"';|&<>]+)|\s--(?:post|body)-file[\s=]+(["']?[^\s"';|&<>]+["']?)/g)) {
    const f = (m[1] ?? m[2] ?? m[3] ?? m[4]).replace(/^["']|["']$/g, '').replace(/;.*$/, '')
    if (f !== '-') out.push(f)
  }
  return out
}

const GH_RELEASE_VALUE_FLAGS = new Set(['-t', '--title', '-n', '--notes', '-F', '--notes-file', '--target', '--discussion-category', '-R', '--repo', '--notes-start-tag', '--latest'])

/** The files `gh release create|upload TAG FILES…` or `gh gist create FILES…` attaches. */
function attachedFiles(line: string): { files: string[]; to: string; by: string } | undefined {
  const rel = /\bgh\s+release\s+(create|upload)\b/.exec(line)
  const gist = /\bgh\s+gist\s+create\b/.exec(line)
  const m = rel ?? gist
  if (!m) return undefined
  const files: string[] = []
  let tagSeen = !rel
  const toks = line.slice(m.index + m[0].length).trim().split(/\s+/)
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]
    if (/^(?:&&|\|\|?|;|>>?|2>.*|<)$/.test(t) || /^[;&|]/.test(t)) break
    if (t.startsWith('-')) {
      if (!t.includes('=') && GH_RELEASE_VALUE_FLAGS.has(t)) i++
      continue
    }
    if (!tagSeen) {
      tagSeen = true
      continue
    }
    files.push(t.replace(/^["']|["']$/g, '').replace(/#.*$/, ''))
  }
  return { files, to: rel ? 'release asset' : 'gist', by: rel ? `gh release ${rel[1]}` : 'gh gist create' }
}

/**
 * `cp`/`mv`/`install`/`rsync`/`scp`, `aws s3 cp`, `gsutil cp` on a line: the sources and the
 * destination (files or a directory, `host:path`, `s3://bucket/…`). One pass over the words.
 */
function copies(line: string): Array<{ from: string[]; to: string }> {
  const out: Array<{ from: string[]; to: string }> = []
  let args: string[] | undefined
  let start = true
  let prefix: string | undefined
  const end = () => {
    if (args && args.length >= 2) out.push({ from: args.slice(0, -1), to: args[args.length - 1] })
    args = undefined
  }
  for (const tok of line.split(/\s+/)) {
    if (!tok) continue
    if (/^(?:&&|\|\|?|;|>>?|<|\()$/.test(tok)) {
      end()
      start = true
      continue
    }
    if (args) {
      if (!tok.startsWith('-')) args.push(tok.replace(/^["']+|["';)]+$/g, ''))
      if (/;$/.test(tok)) {
        end()
        start = true
      }
      continue
    }
    if (start && /^(?:cp|mv|install|rsync|scp)$/.test(tok)) args = []
    // `aws s3 cp|mv|sync`, `gsutil [-m] cp|mv|rsync`: the command's own words go by, then the arguments
    else if (prefix !== undefined && /^(?:cp|mv|sync|rsync)$/.test(tok)) args = []
    prefix = (start && /^(?:aws|gsutil)$/.test(tok)) || (prefix !== undefined && /^(?:s3|-m|-q)$/.test(tok)) ? tok : undefined
    start = /;$/.test(tok)
  }
  end()
  return out
}

/**
 * Archives a line creates: `tar czf out.tgz src…` (`-c`/`--create`, `-f`/`--file`, `-C dir`),
 * `zip -r out.zip src…`, `7z a out.7z src…`. One pass over the words.
 */
export function archives(line: string): Array<{ archive: string; from: string[] }> {
  const out: Array<{ archive: string; from: string[] }> = []
  const toks = line.split(/\s+/).filter(Boolean)
  const clean = (t: string) => t.replace(/^["']+|["';)]+$/g, '')
  const isOp = (t: string) => /^(?:&&|\|\|?|;|>>?|<|\()$/.test(t)
  let start = true
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]
    if (isOp(t) || t.endsWith(';')) {
      start = true
      continue
    }
    if (!start || !/^(?:tar|zip|7z|7za)$/.test(t)) {
      start = false
      continue
    }
    const cmd = t
    let archive: string | undefined
    let create = cmd !== 'tar'
    let dir = ''
    const from: string[] = []
    let j = i + 1
    if (cmd.startsWith('7z')) {
      create = toks[j] === 'a'
      j++
    }
    for (; j < toks.length && !isOp(toks[j]); j++) {
      const a = toks[j]
      const last = a.endsWith(';')
      // tar's options: dashed, or the first word bundled without a dash (`tar czf out.tgz …`)
      if (cmd === 'tar' && (a.startsWith('-') || (j === i + 1 && /^[A-Za-z]+$/.test(a)))) {
        if (a === '--create' || (!a.startsWith('--') && /^-?[A-Za-z]*c/.test(a))) create = true
        if (a.startsWith('--file=')) archive = clean(a.slice(7))
        else if (a === '--file' || (!a.startsWith('--') && /f/.test(a))) archive = clean(toks[++j] ?? '')
        else if (a === '-C' || a === '--directory') dir = `${clean(toks[++j] ?? '')}/`
        else if (a.startsWith('--directory=')) dir = `${clean(a.slice(12))}/`
      } else if (a.startsWith('-')) {
        // zip's and 7z's switches take no separate value in the forms read here
      } else if (cmd !== 'tar' && archive === undefined) archive = clean(a)
      else from.push(`${dir}${clean(a)}`)
      if (last) break
    }
    if (create && archive && from.length) out.push({ archive, from })
    i = j
    start = true
  }
  return out
}

/** The paths `rm`, `shred` and `unlink` remove on a line. One pass over the words. */
export function removals(line: string): string[] {
  const out: string[] = []
  let on = false
  let start = true
  for (const tok of line.split(/\s+/)) {
    if (!tok) continue
    if (/^(?:&&|\|\|?|;|>>?|<|\()$/.test(tok)) {
      on = false
      start = true
      continue
    }
    if (on) {
      if (!tok.startsWith('-')) out.push(tok.replace(/^["']+|["';)]+$/g, ''))
    } else on = start && /^(?:rm|shred|unlink)$/.test(tok)
    start = false
    if (tok.endsWith(';')) {
      on = false
      start = true
    }
  }
  return out
}

/** A heredoc's body, by the line its opener is on: `cat > f <<EOF … EOF`. */
function heredocs(script: string): Array<{ opener: string; body: string }> {
  const lines = script.split(/\r?\n/)
  const out: Array<{ opener: string; body: string }> = []
  for (let i = 0; i < lines.length; i++) {
    const m = /<<-?\s*(["']?)([A-Za-z_]\w*)\1/.exec(lines[i])
    if (!m) continue
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && lines[j].trim() !== m[2]) body.push(lines[j++])
    out.push({ opener: lines[i], body: body.join('\n') })
    i = j
  }
  return out
}

export const rule: Rule = {
  id: 'secret-exfiltration',
  title: 'secret sent off the runner',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const remote = compositeLookup(ctx.resolved)
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      const steps = stepSites(site, ctx.local, remote)
      // by path: the first write is kept (any later upload of the path takes the secret) until
      // the file is removed
      const files = new Map<string, SecretFile>()
      // every directory holding one of them (and `.` for the workspace): its files, the removed
      // ones skipped from `head`
      const holders = new Map<string, { list: SecretFile[]; head: number }>()
      const retired: SecretFile[] = []
      const live = (d: string): SecretFile | undefined => {
        const h = holders.get(d)
        if (!h) return undefined
        while (h.head < h.list.length && h.list[h.head].gone !== undefined) h.head++
        return h.list[h.head]
      }
      const wrote = (f: SecretFile) => {
        const old = files.get(f.path)
        if (old && old.gone === undefined) return
        // written again after a removal: the earlier write still counts for the uploads between
        if (old) retired.push(old)
        files.set(f.path, f)
        const parts = f.path.split('/')
        const dirs = parts.map((_, i) => parts.slice(0, i).join('/')).slice(1)
        if (!/^(?:\/|~|\$RUNNER_TEMP)/.test(f.path)) dirs.push('.')
        for (const d of dirs) {
          const h = holders.get(d) ?? { list: [], head: 0 }
          holders.set(d, h)
          h.list.push(f)
        }
      }
      // glob sources are matched file by file, within a budget for the job; past it a glob is
      // taken to hold a workspace secret file if there is one
      let globBudget = 100_000
      /**
       * The secret file a path is, or holds (a directory, a glob the shell expands), and the
       * name it takes under a destination it is copied into (`config` → `config/creds.json`).
       */
      const heldBy = (raw: string, wd: string | undefined): { file: SecretFile; as: string } | undefined => {
        const p = normPath(raw, wd)
        if (p === undefined) return undefined
        const base = p.split('/').pop()!
        const exact = files.get(p)
        if (exact && exact.gone === undefined) return { file: exact, as: base }
        const dir = live(p)
        if (dir) return { file: dir, as: p === '.' ? dir.path : `${base}/${dir.path.slice(p.length + 1)}` }
        if (!/[*?]/.test(p)) return undefined
        const any = () => {
          const f = live('.')
          return f && { file: f, as: f.path }
        }
        if (globBudget <= 0) return any()
        const g = globOf(p)
        for (const f of files.values()) {
          if (--globBudget < 0) return any()
          if (f.gone === undefined && globTakes(g, f.path)) return { file: f, as: f.path.split('/').pop()! }
        }
        return undefined
      }
      const uploads: Upload[] = []
      let order = 0
      for (const s of steps) {
        order++
        const f = factsOf(s.step)?.uploads
        if (f) {
          const text = input(s.step, f.input)
          if (text !== undefined && text.trim() !== '') {
            const l = text.includes('${{') ? undefined : listedPaths(text)
            uploads.push({ paths: l?.paths, exclude: l?.exclude ?? [], to: f.to, by: s.step.uses!.value.split('@')[0], site: s, order, atEnd: !!f.atEnd })
          }
        }
        const saves = cacheSaves(s)
        if (saves.length) uploads.push({ paths: saves.map((p) => normPath(p)!), exclude: [], to: 'cache', by: s.step.uses!.value.split('@')[0], site: s, order, atEnd: true })
        const run = s.step.run && typeof s.step.run.value === 'string' ? s.step.run.value : ''
        if (!run) continue
        const secretVars = s.secrets.env
        const refs = (line: string): Ref[] => [
          ...secretsIn(line, s.secrets).map((r) => ({ label: secretLabel(r), secret: r.secret })),
          ...[...line.matchAll(/\$\{?([A-Za-z_]\w*)\}?/g)].map((m) => m[1]).filter((v) => secretVars.has(v)).map((v) => ({ label: `$${v} (secrets.${secretVars.get(v)!.ref.secret})`, secret: secretVars.get(v)!.ref.secret })),
        ]
        const labels = (rs: Ref[]) => [...new Set(rs.map((r) => r.label))].map((x) => code(x)).join(', ')
        const report = (message: string, fix: string, severity?: 'warning') =>
          out.push(ctx.finding({ message, fix, ...atStep(s, s.step.run!.pos), ...(severity ? { severity } : {}) }))
        if (s.step.shell && SCRIPT_SHELL.test(s.step.shell) && SCRIPT_HTTP.test(run)) {
          // a program reads its variables by name (`os.environ['TOKEN']`, `process.env.TOKEN`,
          // `$env:TOKEN`), or all of them at once
          const whole = /\bos\.environ\b(?!\s*[[.(]\s*(?:get\s*\()?\s*["'])|\bprocess\.env\b(?!\s*[.[])|\benv:\s*(?:[|)]|$)|Get-ChildItem\s+env:/i.test(run)
          const named: Ref[] = [...secretVars]
            .filter(([v]) => whole || new RegExp(`\\b${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(run))
            .map(([v, b]) => ({ label: `${v} (secrets.${b.ref.secret})`, secret: b.ref.secret }))
          const sec = [...refs(run.replace(/\n/g, ' ')), ...named]
          const hs = hosts(run)
          const foreign = [...new Set(hs.filter((h) => sec.some((r) => !mayReceive(h, r.secret, s))))]
          if (sec.length && (hs.length === 0 || foreign.length)) {
            report(
              `the \`shell: ${s.step.shell}\` script makes HTTP calls with ${labels(sec)} in reach${foreign.length ? `, to ${foreign.map((h) => code(h)).join(', ')}` : ', to an address decided at run time'}`,
              'Remove the request, and rotate the secret if this ran: a release job has no reason to send a secret anywhere but the service it belongs to.',
            )
          }
          continue
        }
        const wd = wdOf(s)
        // heredocs that put a secret into a file: `cat > ~/.pypirc <<EOF … password = … EOF`
        for (const h of heredocs(run)) {
          const rs = refs(h.body)
          if (!rs.length) continue
          for (const t of writeTargets(pathWords(h.opener))) {
            const p = normPath(t, wd)
            if (p) wrote({ path: p, refs: rs, site: s, order: ++order })
          }
        }
        for (const line of logicalLines(run)) {
          order++
          const sec = refs(line)
          // files this line sends whole, and files it attaches to a release or a gist
          const words = pathWords(line)
          for (const f of new Set(sentFiles(words))) {
            const p = normPath(f, wd)
            const held = p && files.get(p)?.gone === undefined && files.has(p) ? [files.get(p)!] : []
            if (!held.length) continue
            const hs = hosts(line)
            const rs = held.flatMap((x) => x.refs)
            const foreign = [...new Set(hs.filter((h) => rs.some((r) => !fileMayReceive(h, r.secret, s))))]
            if (hs.length && foreign.length === 0) continue
            report(
              `the script uploads ${code(f)}, which holds ${labels(rs)} (written at line ${held[0].site.step.run?.pos.line ?? held[0].site.step.pos.line}${held[0].site.wf.file !== s.wf.file ? ` of ${held[0].site.wf.file}` : ''}), ${foreign.length ? `to ${foreign.map((h) => code(h)).join(', ')}` : 'to an address decided at run time'}`,
              'Remove the upload, and rotate the secret if this ran: a file holding a secret goes only to the registry the secret is for.',
            )
          }
          const att = attachedFiles(words)
          if (att) {
            for (const f of new Set(att.files)) {
              const p = normPath(f, wd)
              // after what the same line writes first (`echo … > f && gh release upload v1 f`)
              uploads.push({ paths: p === undefined ? undefined : [p], exclude: [], to: att.to, by: att.by, site: s, order: order + 0.5, atEnd: false })
            }
          }
          // `rm`/`shred`/`unlink` of a secret file, of the directory holding it or of a glob
          // matching it: later uploads do not take it
          if (files.size) {
            for (const r of new Set(removals(words))) {
              const p = normPath(r, wd)
              if (p === undefined) continue
              const f = files.get(p)
              if (f && f.gone === undefined) f.gone = order
              const h = holders.get(p)
              if (h) {
                for (; h.head < h.list.length; h.head++) if (h.list[h.head].gone === undefined) h.list[h.head].gone = order
              }
              if (/[*?]/.test(p)) {
                const g = globOf(p)
                for (const x of files.values()) {
                  if (--globBudget < 0) break
                  if (x.gone === undefined && globTakes(g, x.path)) x.gone = order
                }
              }
            }
          }
          // a copy or an archive of a file that holds a secret holds it too (`cp ~/.pypirc dist/`,
          // `tar czf dist/src.tgz .`): recorded under the destination, which covers it being a
          // file or a directory
          if (files.size) {
            for (const c of copies(words)) {
              // `scp`/`rsync` to `host:path`: the file leaves the runner
              // (a user@ or a dotted name: `C:/x` is a Windows path)
              const rm = /^(?:[\w.-]+@([A-Za-z0-9.-]+)|([A-Za-z0-9-]+\.[A-Za-z0-9.-]+)):|^(s3|gs):\/\/([^/\s]+)/.exec(c.to)
              const remote = rm && [rm[0], rm[1] ?? rm[2] ?? `${rm[3]}://${rm[4]}`]
              if (remote) {
                const held = [...new Set(c.from)].map((x) => heldBy(x, wd)).find((x) => x)
                if (held) {
                  report(
                    `the script copies ${code(held.file.path)}, which holds ${labels(held.file.refs)}, to ${code(remote[1].toLowerCase())}`,
                    'Remove the copy, and rotate the secret if this ran: a file holding a secret goes only to the registry the secret is for.',
                  )
                }
                continue
              }
              const to = normPath(c.to, wd)
              if (to === undefined) continue
              for (const src of new Set(c.from)) {
                const held = heldBy(src, wd)
                if (held) wrote({ path: `${to}/${held.as}`, refs: held.file.refs, site: s, order })
              }
            }
            for (const a of archives(words)) {
              const to = normPath(a.archive, wd)
              const held = to === undefined ? undefined : [...new Set(a.from)].map((x) => heldBy(x, wd)).find((x) => x)
              if (held) wrote({ path: to!, refs: held.file.refs, site: s, order })
            }
          }
          if (ENV_DUMP.test(line) && (NETWORK.test(line) || ENCODE.test(line) || />/.test(line))) {
            report(`the script dumps the whole environment (${code(line.slice(0, 80))}), secrets included, ${NETWORK.test(line) ? 'to the network' : ENCODE.test(line) ? 'encoded past the log masking' : 'into a file'}`, 'Remove the step; print only the variables you need, never `env`/`printenv`.')
            continue
          }
          if (sec.length === 0) continue
          if (DNS.test(line)) {
            report(`the script puts ${labels(sec)} in a DNS lookup (${code(line.slice(0, 80))}): every resolver on the way receives it`, 'Remove the lookup, and rotate the secret if this ran.')
            continue
          }
          if (GIST.test(line)) {
            report(`the script puts ${labels(sec)} in a gist, which anyone with its URL can read`, 'Remove the step, and rotate the secret if this ran.')
            continue
          }
          if (NETWORK.test(line)) {
            const hs = hosts(line)
            const foreign = [...new Set(hs.filter((h) => sec.some((r) => !mayReceive(h, r.secret, s))))]
            if (hs.length && foreign.length === 0) continue
            const known = foreign.length > 0
            report(
              `the script sends ${labels(sec)} over the network${known ? ` to ${foreign.map((h) => code(h)).join(', ')}` : ' to an address decided at run time'}`,
              'Remove the request, and rotate the secret if this ran: a release job has no reason to send a secret anywhere but the service it belongs to.',
              known ? undefined : 'warning',
            )
            continue
          }
          if (ENCODE.test(line) && encodedToLog(line)) {
            report(`the script encodes ${labels(sec)} (${code(line.slice(0, 80))}), which defeats the log masking`, 'Never print or encode a secret; pass it to the tool that needs it through an environment variable.')
            continue
          }
          if (WRITER.test(line)) {
            for (const t of new Set(writeTargets(words))) {
              const p = normPath(t, wd)
              if (p) wrote({ path: p, refs: sec, site: s, order })
            }
          }
          // `npm config set //registry/:_authToken …` writes ~/.npmrc
          if (/\bnpm\s+config\s+set\s+\S*_authToken\b/.test(line) && !/--location[= ]project\b/.test(line)) wrote({ path: '~/.npmrc', refs: sec, site: s, order })
        }
      }
      if (files.size && uploads.length) out.push(...uploadedSecrets(ctx, [...files.values(), ...retired], uploads))
    }
    return out
  },
}

/** Most glob patterns under one first name matched one by one; past it, a glob is read as "may take any workspace file". */
const MAX_GLOBS = 1000

/** Is `u` after the write and before any removal (or saved at the job's end, the file still there), and not excluding the file? */
function takesAfter(u: Upload, f: SecretFile): boolean {
  const when = u.atEnd ? f.gone === undefined : u.order > f.order && (f.gone === undefined || u.order < f.gone)
  return when && !u.exclude.some((p) => pathTakes(p, f.path))
}

/**
 * Files holding a secret that an artifact, a cache, a release or a gist takes. Literal paths
 * are looked up by the file's own path and its parent directories (each keeps its latest
 * upload); globs by their first name, then one by one, up to MAX_GLOBS each: linear in the
 * job's size.
 */
function uploadedSecrets(ctx: RuleContext, files: SecretFile[], uploads: Upload[]): Finding[] {
  const literal = new Map<string, Upload>()
  // globs by their first name when it is literal (`dist/*.whl` under `dist`), else under ''
  const globs = new Map<string, Array<{ g: Glob; u: Upload }>>()
  let unknown: Upload | undefined
  const later = (a: Upload | undefined, b: Upload) => !a || (b.atEnd ? Infinity : b.order) >= (a.atEnd ? Infinity : a.order)
  for (const u of uploads) {
    if (u.paths === undefined) {
      if (later(unknown, u)) unknown = u
      continue
    }
    for (const p of u.paths) {
      if (/[*?]/.test(p)) {
        const g = globOf(p)
        const key = /[*?]/.test(g[0]) ? '' : g[0]
        const list = globs.get(key) ?? []
        globs.set(key, list)
        if (list.length < MAX_GLOBS) list.push({ g, u })
        else if (later(unknown, u)) unknown = u
      } else if (later(literal.get(p), u)) literal.set(p, u)
    }
  }
  const out: Finding[] = []
  for (const f of files) {
    const inWorkspace = !/^(?:\/|~|\$RUNNER_TEMP)/.test(f.path)
    let hit: Upload | undefined
    const parts = f.path.split('/')
    for (let i = parts.length; i > 0 && !hit; i--) {
      const u = literal.get(parts.slice(0, i).join('/'))
      if (u && takesAfter(u, f)) hit = u
    }
    if (!hit && inWorkspace) {
      const u = literal.get('.')
      if (u && takesAfter(u, f)) hit = u
    }
    for (const key of ['', parts[0]]) if (!hit) hit = globs.get(key)?.find((g) => takesAfter(g.u, f) && globTakes(g.g, f.path))?.u
    // an upload whose path is decided at run time may take any file of the workspace
    if (!hit && inWorkspace && unknown && takesAfter(unknown, f)) hit = unknown
    if (!hit) continue
    const u = hit
    out.push(
      ctx.finding({
        message: `the script writes ${[...new Set(f.refs.map((r) => r.label))].map((x) => code(x)).join(', ')} into ${code(f.path)}, which ${u.paths === undefined || u === unknown ? 'may be' : 'is'} uploaded as ${u.to === 'Pages site' ? 'part of the Pages site' : `${/^[aeiou]/.test(u.to) ? 'an' : 'a'} ${u.to}`} by ${code(u.by)} (line ${u.site.step.pos.line}${u.site.wf.file !== f.site.wf.file ? ` of ${u.site.wf.file}` : ''})${u.to === 'cache' ? ', where any workflow run of the repository can restore it' : ''}`,
        fix: `Do not write the secret into a file that leaves the runner: pass it to the tool through an environment variable, or write it under \`$RUNNER_TEMP\` and keep it out of the ${u.to}'s paths. Rotate the secret if this ran.`,
        ...atStep(f.site, f.site.step.run!.pos),
      }),
    )
  }
  return out
}
