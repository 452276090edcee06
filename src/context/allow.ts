/** Parsing and matching allow-list entries (`pattern -- reason`). */
import type { AllowEntry } from './settings.js'

export function parseAllowLine(line: string, source: AllowEntry['source']): AllowEntry {
  const i = line.indexOf(' -- ')
  const pattern = (i >= 0 ? line.slice(0, i) : line).trim()
  const reason = i >= 0 ? line.slice(i + 4).trim() : ''
  if (!pattern) throw new Error(`Allow entry '${line}' has no pattern; expected 'owner/repo[/path] -- reason'`)
  if (!reason) {
    throw new Error(
      `Allow entry '${pattern}' has no reason; write it as '${pattern} -- why it cannot be pinned' so reviewers see why`,
    )
  }
  if (/\s/.test(pattern)) throw new Error(`Allow pattern '${pattern}' contains white space`)
  return { pattern, reason, source }
}

function globToRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${esc}$`, 'i')
}

/**
 * Does an allow entry cover a `uses:` value or image? Without `@` in the pattern the ref is
 * ignored; `owner/repo` also covers actions in subdirectories of that repository.
 */
export function allowMatches(entry: AllowEntry, subject: string): boolean {
  const s = subject.replace(/^docker:\/\//, '')
  const at = s.lastIndexOf('@')
  const name = at > 0 ? s.slice(0, at) : s
  if (entry.pattern.includes('@')) return globToRegExp(entry.pattern.replace(/^docker:\/\//, '')).test(s)
  const re = globToRegExp(entry.pattern.replace(/^docker:\/\//, ''))
  if (re.test(name)) return true
  // owner/repo covers owner/repo/sub/path
  return !entry.pattern.includes('*') && name.toLowerCase().startsWith(entry.pattern.toLowerCase() + '/')
}

export function findAllowance(entries: AllowEntry[], subject: string): AllowEntry | undefined {
  return entries.find((e) => allowMatches(e, subject))
}
