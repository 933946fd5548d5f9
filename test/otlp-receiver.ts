import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

// A loopback OTLP/HTTP receiver for tests: it keeps every request and reads the protobuf bodies
// with a decoder of the wire format written here from the .proto field numbers, not with the SDK
// that encoded them, so that a test sees what a collector would.

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface Receiver {
  url: string
  requests: Received[]
  close(): Promise<void>
}

/** Answers each request with `answer` (200 and an empty body by default; 'hang' never answers). */
export async function startReceiver(answer: (r: Received) => number | 'hang' = () => 200): Promise<Receiver> {
  const requests: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) }
      requests.push(r)
      const status = answer(r)
      if (status === 'hang') return
      res.writeHead(status, { 'content-type': 'application/x-protobuf' }).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      })
  }
}

type Field = { wire: 0; n: bigint } | { wire: 1; b: Buffer } | { wire: 2; b: Buffer } | { wire: 5; b: Buffer }

/** One message: its fields by number, each repeated one in order. */
export type Message = Map<number, Field[]>

const EMPTY: Message = new Map()

function varint(buf: Buffer, at: number): [bigint, number] {
  let n = 0n
  let shift = 0n
  for (;;) {
    const byte = buf[at++]
    if (byte === undefined) throw new Error('truncated varint')
    n |= BigInt(byte & 0x7f) << shift
    if ((byte & 0x80) === 0) return [n, at]
    shift += 7n
  }
}

export function decode(buf: Buffer): Message {
  const m: Message = new Map()
  let at = 0
  while (at < buf.length) {
    const [key, next] = varint(buf, at)
    at = next
    const no = Number(key >> 3n)
    const wire = Number(key & 7n)
    let f: Field
    if (wire === 0) {
      const [n, after] = varint(buf, at)
      at = after
      f = { wire, n }
    } else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4
      f = { wire, b: buf.subarray(at, at + len) }
      at += len
    } else if (wire === 2) {
      const [len, after] = varint(buf, at)
      f = { wire, b: buf.subarray(after, after + Number(len)) }
      at = after + Number(len)
    } else throw new Error(`wire type ${wire} at ${at}`)
    const list = m.get(no) ?? []
    list.push(f)
    m.set(no, list)
  }
  return m
}

const bytesOf = (m: Message, no: number): Buffer[] => (m.get(no) ?? []).flatMap((f) => (f.wire === 2 ? [f.b] : []))
const messages = (m: Message, no: number): Message[] => bytesOf(m, no).map(decode)
const text = (m: Message, no: number): string => bytesOf(m, no)[0]?.toString('utf8') ?? ''
const fixed64 = (m: Message, no: number): bigint | undefined => {
  const f = m.get(no)?.[0]
  return f?.wire === 1 ? f.b.readBigUInt64LE(0) : undefined
}

export type Value = string | number | boolean

/** KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string 1, bool 2, int 3, double 4 } */
function attributes(m: Message, no: number): Record<string, Value> {
  const out: Record<string, Value> = {}
  for (const kv of messages(m, no)) {
    const v = messages(kv, 2)[0]
    if (!v) continue
    const [no2, fields] = [...v.entries()][0] ?? [0, []]
    const f = fields[0]
    if (!f) continue
    out[text(kv, 1)] =
      no2 === 1 && f.wire === 2
        ? f.b.toString('utf8')
        : no2 === 2 && f.wire === 0
          ? f.n !== 0n
          : no2 === 3 && f.wire === 0
            ? Number(BigInt.asIntN(64, f.n))
            : f.wire === 1
              ? f.b.readDoubleLE(0)
              : ''
  }
  return out
}

export interface GaugePoint {
  name: string
  unit: string
  description: string
  value: number
  attributes: Record<string, Value>
  resource: Record<string, Value>
}

/** ExportMetricsServiceRequest → ResourceMetrics(1) { Resource(1), ScopeMetrics(2) { Metric(2) { name 1, description 2, unit 3, Gauge 5 { NumberDataPoint 1 } } } } */
export function gaugePoints(body: Buffer): GaugePoint[] {
  const out: GaugePoint[] = []
  for (const rm of messages(decode(body), 1)) {
    const resource = attributes(messages(rm, 1)[0] ?? EMPTY, 1)
    for (const sm of messages(rm, 2)) {
      for (const metric of messages(sm, 2)) {
        for (const gauge of messages(metric, 5)) {
          for (const p of messages(gauge, 1)) {
            // NumberDataPoint { attributes 7, as_double 4 (fixed64), as_int 6 (sfixed64) }
            const d = p.get(4)?.[0]
            const i = p.get(6)?.[0]
            const value = d?.wire === 1 ? d.b.readDoubleLE(0) : i?.wire === 1 ? Number(i.b.readBigInt64LE(0)) : Number.NaN
            out.push({ name: text(metric, 1), description: text(metric, 2), unit: text(metric, 3), value, attributes: attributes(p, 7), resource })
          }
        }
      }
    }
  }
  return out
}

export interface ReceivedSpan {
  traceId: string
  spanId: string
  parentId: string
  name: string
  /** ms since the epoch */
  start: number
  end: number
  attributes: Record<string, Value>
  /** Status { message 2, code 3 }: 2 is ERROR. */
  status: { code: number; message: string }
  resource: Record<string, Value>
}

/** ExportTraceServiceRequest → ResourceSpans(1) { Resource(1), ScopeSpans(2) { Span(2) } } */
export function spans(body: Buffer): ReceivedSpan[] {
  const out: ReceivedSpan[] = []
  for (const rs of messages(decode(body), 1)) {
    const resource = attributes(messages(rs, 1)[0] ?? EMPTY, 1)
    for (const ss of messages(rs, 2)) {
      for (const s of messages(ss, 2)) {
        const status = messages(s, 15)[0]
        const code = status?.get(3)?.[0]
        out.push({
          traceId: bytesOf(s, 1)[0]?.toString('hex') ?? '',
          spanId: bytesOf(s, 2)[0]?.toString('hex') ?? '',
          parentId: bytesOf(s, 4)[0]?.toString('hex') ?? '',
          name: text(s, 5),
          start: Number((fixed64(s, 7) ?? 0n) / 1_000_000n),
          end: Number((fixed64(s, 8) ?? 0n) / 1_000_000n),
          attributes: attributes(s, 9),
          status: { code: code?.wire === 0 ? Number(code.n) : 0, message: status ? text(status, 2) : '' },
          resource
        })
      }
    }
  }
  return out
}
