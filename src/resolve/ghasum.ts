/**
 * ghasum's `.github/workflows/gha.sum`, read and written as ghasum's own `internal/sumfile`
 * package does (chains-project/ghasum): header lines `key value` up to the first empty line
 * (`version` must be there and parse as an integer; only 1 is known), then one
 * `owner/repo@ref <checksum>` line per action, a final newline; `\r\n` line ends when the text
 * holds any `\r`. Entries are written sorted as whole lines (Go's sort.Strings). Checksums are
 * bare base64 of Go's dirhash Hash1 — no `h1:` prefix (see dirhash.ts).
 *
 * Where ghasum rejects a file, so does this, and it names the line (ghasum's own messages
 * omit it for some errors, and count entry lines as if there were one header).
 */
import { InputError } from '../workflow/yaml.js'

export const GHA_SUM_PATH = '.github/workflows/gha.sum'

export interface GhaSum {
  file: string
  /** `owner/repo@ref` (as written) -> checksum, with the line it is on */
  entries: Map<string, { sum: string; line: number }>
}

/** Go's strconv.Atoi on a header value: optional sign, decimal digits. */
function atoi(v: string): number | undefined {
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined
}

export function parseGhaSum(text: string, file = GHA_SUM_PATH): GhaSum {
  const lines = text.includes('\r') ? text.split('\r\n') : text.split('\n')
  const headers = new Map<string, string>()
  let i = 0
  for (; i < lines.length && lines[i] !== ''; i++) {
    const sp = lines[i].indexOf(' ')
    if (sp < 0) throw new InputError(`sumfile headers are invalid: invalid header on line ${i + 1}`, file, i + 1)
    const k = lines[i].slice(0, sp)
    if (headers.has(k)) throw new InputError(`sumfile headers are invalid: duplicate header '${k}'`, file, i + 1)
    headers.set(k, lines[i].slice(sp + 1))
  }
  const version = headers.get('version')
  if (version === undefined) throw new InputError('version error: no `version` header', file, 1)
  const v = atoi(version)
  if (v === undefined) throw new InputError(`version error: version '${version}' is not a number`, file, [...headers.keys()].indexOf('version') + 1)
  if (v !== 1) throw new InputError(`version error: unknown version ${version} (ghasum and release-gate know version 1)`, file, [...headers.keys()].indexOf('version') + 1)
  if (lines[lines.length - 1] !== '') throw new InputError('syntax error: missing final newline', file, lines.length)
  const entries = new Map<string, { sum: string; line: number }>()
  // ghasum finds duplicates by the ID parts joined without a separator
  const joined = new Map<string, number>()
  for (let n = i + 1; n < lines.length - 1; n++) {
    const l = lines[n]
    const line = n + 1
    const sp = l.indexOf(' ')
    if (sp <= 0 || sp >= l.length - 1) throw new InputError('syntax error: expected `owner/repo@ref checksum`', file, line)
    const id = l.slice(0, sp)
    const sum = l.slice(sp + 1)
    const parts = id.split('@')
    if (/[\r\n ]/.test(sum)) throw new InputError('syntax error: the checksum holds a space or line break', file, line)
    if (/[\r\n]/.test(id)) throw new InputError('syntax error: the ID holds a line break', file, line)
    if (parts.some((p) => p === '')) throw new InputError(`checksums are corrupted: missing id or checksum in '${id}'`, file, line)
    const j = parts.join('')
    if (joined.has(j)) throw new InputError(`checksums are corrupted: duplicate entry '${id}' (first on line ${joined.get(j)})`, file, line)
    joined.set(j, line)
    // ghasum reads entries as ID[0]@ID[1]: one part crashes its verify, a third part is silently dropped
    if (parts.length !== 2) throw new InputError(`'${id}' is not owner/repo@ref, the only kind of entry ghasum writes`, file, line)
    if (/^h1:/.test(sum)) {
      throw new InputError(`the checksum of '${id}' starts with 'h1:': ghasum writes bare base64 (dirhash h1 without the prefix), and would report it as a mismatch`, file, line)
    }
    entries.set(id, { sum, line })
  }
  return { file, entries }
}

/**
 * gha.sum text as ghasum writes it: `version 1`, a blank line, then `id checksum\n` lines sorted
 * as strings. Throws on what ghasum's encoder refuses (a space or line break in a checksum, `@`
 * or a line break in the repository or ref, an empty part).
 */
export function encodeGhaSum(entries: Map<string, string>): string {
  const lines: string[] = []
  for (const [id, sum] of entries) {
    const at = id.lastIndexOf('@')
    const [repo, ref] = [id.slice(0, at), id.slice(at + 1)]
    if (at <= 0 || !repo || !ref || /[\r\n @]/.test(repo) || /[\r\n @]/.test(ref) || !sum || /[\r\n ]/.test(sum)) throw new Error(`cannot write '${id} ${sum}' to gha.sum`)
    lines.push(`${id} ${sum}\n`)
  }
  // Go's sort.Strings compares bytes
  lines.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
  return `version 1\n\n${lines.join('')}`
}
