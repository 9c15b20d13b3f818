// Classic ELB and ALB lines read in place from their bytes (the text parsers in aws.ts define the
// formats and read every line this one declines): the same fields, times and request line, without
// a string per line or per field.

import { clientAt, fieldEnds, fieldStarts, isoMsAt, kindAt, scanFields, secondsMsAt, type ByteLineParser } from '../line-bytes.js';

const CLB_FIELDS = 12;
/** Up to request_creation_time (field 22); a line without it, or with another form of it, goes to the text parser. */
const ALB_FIELDS = 22;

export const parseClbBytes: ByteLineParser = (bytes, start, end, kinds, out) => {
  if (scanFields(bytes, start, end, CLB_FIELDS) < CLB_FIELDS) return false;
  return place(bytes, isoMsAt(bytes, fieldStarts[0]!, fieldEnds[0]!), 2, 5, 11, kinds, out);
};

export const parseAlbBytes: ByteLineParser = (bytes, start, end, kinds, out) => {
  if (scanFields(bytes, start, end, ALB_FIELDS) < ALB_FIELDS) return false;
  // The text parser reads (and may reject) the answered time even when the creation time is there.
  if (Number.isNaN(isoMsAt(bytes, fieldStarts[1]!, fieldEnds[1]!))) return false;
  return place(bytes, isoMsAt(bytes, fieldStarts[21]!, fieldEnds[21]!), 3, 6, 12, kinds, out);
};

/** The shared tail; field numbers 0-based. False when any part needs the text parser. */
function place(bytes: Buffer, timeMs: number, clientField: number, serviceField: number, requestField: number, kinds: Parameters<ByteLineParser>[3], out: Parameters<ByteLineParser>[4]): boolean {
  if (Number.isNaN(timeMs)) return false;
  const serviceMs = secondsMsAt(bytes, fieldStarts[serviceField]!, fieldEnds[serviceField]!);
  if (Number.isNaN(serviceMs)) return false;
  const kind = kindAt(bytes, fieldStarts[requestField]!, fieldEnds[requestField]!, kinds);
  if (kind < 0) return false;
  out.timeMs = timeMs;
  out.serviceMs = serviceMs;
  out.client = clientAt(bytes, fieldStarts[clientField]!, fieldEnds[clientField]!);
  out.kind = kind;
  return true;
}
