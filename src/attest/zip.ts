/**
 * Unpacking the ZIP archives GitHub serves artifacts as, from a file on disk without loading it
 * whole: the end record and central directory are read from the tail, then each entry streams
 * from its offset through inflate to its destination file. Stored and deflated entries, ZIP64
 * sizes and offsets. Bounded against bombs and escapes: entry count, total unpacked size,
 * per-entry ratio, the size each entry claims, and paths that would leave the destination.
 */
import { createWriteStream } from 'node:fs'
import { mkdir, open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname, resolve, sep } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createInflateRaw } from 'node:zlib'

export const ZIP_LIMITS = { entries: 10_000, totalBytes: 4 * 1024 * 1024 * 1024, ratio: 200 }

export interface ZipEntryInfo {
  name: string
  method: number
  csize: number
  usize: number
  /** offset of the local header */
  local: number
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const b = Buffer.alloc(len)
  const { bytesRead } = await fh.read(b, 0, len, pos)
  if (bytesRead !== len) throw new Error('truncated ZIP archive')
  return b
}

/** The central directory of the archive in `file`. */
export async function listZip(file: string, limits = ZIP_LIMITS): Promise<ZipEntryInfo[]> {
  const fh = await open(file, 'r')
  try {
    const size = (await fh.stat()).size
    const tailLen = Math.min(size, 22 + 65_535)
    const tail = await readAt(fh, size - tailLen, tailLen)
    let eocd = -1
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i
        break
      }
    }
    if (eocd < 0) throw new Error('not a ZIP archive (no end of central directory)')
    let count = tail.readUInt16LE(eocd + 10)
    let cdSize = tail.readUInt32LE(eocd + 12)
    let cdOffset = tail.readUInt32LE(eocd + 16)
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // ZIP64: the locator sits just before the end record
      const locAt = size - tailLen + eocd - 20
      const loc = locAt >= 0 ? await readAt(fh, locAt, 20) : undefined
      if (!loc || loc.readUInt32LE(0) !== 0x07064b50) throw new Error('corrupt ZIP64 archive (no locator)')
      const rec = await readAt(fh, Number(loc.readBigUInt64LE(8)), 56)
      if (rec.readUInt32LE(0) !== 0x06064b50) throw new Error('corrupt ZIP64 end of central directory')
      count = Number(rec.readBigUInt64LE(32))
      cdSize = Number(rec.readBigUInt64LE(40))
      cdOffset = Number(rec.readBigUInt64LE(48))
    }
    if (count > limits.entries) throw new Error(`the archive has ${count} entries, more than ${limits.entries}`)
    if (cdOffset + cdSize > size || cdSize > count * (46 + 3 * 65_535)) throw new Error('corrupt ZIP central directory')
    const cd = await readAt(fh, cdOffset, cdSize)
    const out: ZipEntryInfo[] = []
    let p = 0
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt ZIP central directory')
      const method = cd.readUInt16LE(p + 10)
      let csize = cd.readUInt32LE(p + 20)
      let usize = cd.readUInt32LE(p + 24)
      const nlen = cd.readUInt16LE(p + 28)
      const xlen = cd.readUInt16LE(p + 30)
      const clen = cd.readUInt16LE(p + 32)
      let local = cd.readUInt32LE(p + 42)
      const name = cd.toString('utf8', p + 46, p + 46 + nlen)
      // ZIP64 extended information: the 8-byte values of the fields that are 0xFFFFFFFF, in order
      let x = p + 46 + nlen
      const xend = x + xlen
      while (x + 4 <= xend) {
        const id = cd.readUInt16LE(x)
        const len = cd.readUInt16LE(x + 2)
        if (id === 0x0001) {
          let q = x + 4
          const take = () => {
            if (q + 8 > x + 4 + len) throw new Error(`corrupt ZIP64 field in entry '${name}'`)
            const v = Number(cd.readBigUInt64LE(q))
            q += 8
            return v
          }
          if (usize === 0xffffffff) usize = take()
          if (csize === 0xffffffff) csize = take()
          if (local === 0xffffffff) local = take()
        }
        x += 4 + len
      }
      p = xend + clen
      out.push({ name, method, csize, usize, local })
    }
    return out
  } finally {
    await fh.close()
  }
}

/** Counts bytes through a stream and stops at a limit. */
function counter(limit: number, what: string): Transform & { seen: () => number } {
  let n = 0
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length
      if (n > limit) cb(new Error(what))
      else cb(null, chunk)
    },
  }) as Transform & { seen: () => number }
  t.seen = () => n
  return t
}

/**
 * Unpack every file entry of the archive `file` under `dest`; returns the entry names written.
 * Refuses, before writing anything, entries that would leave `dest` and archives whose claimed
 * sizes pass the limits; while writing, entries that inflate past the size they claim.
 */
export async function extractZip(file: string, dest: string, limits = ZIP_LIMITS): Promise<string[]> {
  const entries = (await listZip(file, limits)).filter((e) => !e.name.endsWith('/'))
  const root = resolve(dest)
  let total = 0
  for (const e of entries) {
    const name = e.name
    if (name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '..' || s === '') || /^[A-Za-z]:/.test(name)) throw new Error(`the archive entry '${name}' would leave the destination`)
    if (!resolve(root, name).startsWith(root + sep)) throw new Error(`the archive entry '${name}' would leave the destination`)
    if (e.method !== 0 && e.method !== 8) throw new Error(`the archive entry '${name}' uses compression method ${e.method}`)
    total += e.usize
    if (total > limits.totalBytes) throw new Error(`the archive unpacks to more than ${limits.totalBytes} bytes (entry '${name}')`)
    if (e.csize > 0 && e.usize / e.csize > limits.ratio) throw new Error(`the archive entry '${name}' expands more than ${limits.ratio} times`)
  }
  const fh = await open(file, 'r')
  const written: string[] = []
  try {
    for (const e of entries) {
      const head = await readAt(fh, e.local, 30)
      if (head.readUInt32LE(0) !== 0x04034b50) throw new Error(`corrupt ZIP local header for '${e.name}'`)
      const start = e.local + 30 + head.readUInt16LE(26) + head.readUInt16LE(28)
      const out = resolve(root, e.name)
      await mkdir(dirname(out), { recursive: true })
      const count = counter(e.usize, `the archive entry '${e.name}' is larger than it claims`)
      const src = e.csize > 0 ? fh.createReadStream({ autoClose: false, start, end: start + e.csize - 1 }) : undefined
      const sink = createWriteStream(out)
      if (!src) await pipeline(async function* () {}, count, sink)
      else if (e.method === 0) await pipeline(src, count, sink)
      else await pipeline(src, createInflateRaw(), count, sink)
      if (count.seen() !== e.usize) throw new Error(`the archive entry '${e.name}' is not the size it claims`)
      written.push(e.name)
    }
  } finally {
    await fh.close()
  }
  return written
}
