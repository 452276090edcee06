/**
 * Markdown that stays inert whatever the workflow contains. Messages are plain text with
 * values in code spans (built by `code()`); text outside code spans is escaped, table cells
 * escape `|`, and nothing from a workflow can open a link, an image or HTML.
 */

/** Split text into code spans (kept) and plain runs (escaped), following CommonMark fences. */
function segments(text: string): Array<{ code: boolean; s: string }> {
  const out: Array<{ code: boolean; s: string }> = []
  let i = 0
  let plain = ''
  while (i < text.length) {
    if (text[i] === '`') {
      let n = 0
      while (text[i + n] === '`') n++
      const fence = '`'.repeat(n)
      let j = i + n
      let close = -1
      while (j < text.length) {
        const k = text.indexOf(fence, j)
        if (k < 0) break
        if (text[k + n] !== '`' && text[k - 1] !== '`') {
          close = k
          break
        }
        j = k + 1
        while (text[j] === '`') j++
      }
      if (close >= 0) {
        if (plain) out.push({ code: false, s: plain })
        plain = ''
        out.push({ code: true, s: text.slice(i, close + n) })
        i = close + n
        continue
      }
      plain += fence
      i += n
      continue
    }
    plain += text[i++]
  }
  if (plain) out.push({ code: false, s: plain })
  return out
}

export function escapePlain(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#~|])/g, '\\$1') // with [ ] escaped no link or image can form
    .replace(/\r?\n/g, ' ')
}

/** Render a message (plain text with code spans) for Markdown. `cell` also escapes `|` in code. */
export function md(text: string, cell = false): string {
  return segments(text)
    .map((seg) => {
      if (!seg.code) return escapePlain(seg.s)
      const s = seg.s.replace(/\r?\n/g, ' ')
      return cell ? s.replace(/\|/g, '\\|') : s
    })
    .join('')
}

/** Characters after which a long value may break across lines. */
const BREAK_AFTER = new Set(['/', '@', '-', '.', ':'])

/**
 * A value as `<code>` that wraps inside a narrow table cell: a `<wbr>` after separators and
 * every 20 characters of an unbroken run (a SHA), so a long `uses:` value never pushes the
 * "What to do" column off the page. The text is escaped like plain text, and the `<wbr>`s also
 * keep URLs and e-mail addresses from turning into links.
 */
export function wrappingCode(value: string): string {
  let out = ''
  let run = 0
  for (const ch of value.replace(/\r?\n/g, ' ')) {
    out += escapePlain(ch)
    run = ch === ' ' ? 0 : run + 1
    if (BREAK_AFTER.has(ch) || run >= 20) {
      out += '<wbr>'
      run = 0
    }
  }
  return `<code>${out.replace(/(<wbr>)+$/, '')}</code>`
}

/** Code-span content as CommonMark reads it: fences off, one padding space each side stripped. */
function spanContent(span: string): string {
  let n = 0
  while (span[n] === '`') n++
  const inner = span.slice(n, span.length - n)
  return inner.length > 1 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner
}

/** For table cells: like `md`, with code spans as {@link wrappingCode}. */
export function mdCell(text: string): string {
  return segments(text)
    .map((seg) => (seg.code ? wrappingCode(spanContent(seg.s)) : escapePlain(seg.s)))
    .join('')
}

/** For text inside HTML elements (`<summary>`), where Markdown is not parsed. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, ' ')
}
