// The two AWS access-log formats. Classic ELB: `time elb client:port backend:port
// request_processing_time backend_processing_time response_processing_time elb_status_code
// backend_status_code received_bytes sent_bytes "request" ...`, `time` when the balancer received the
// request. ALB: `type time elb client:port target:port request_processing_time target_processing_time
// response_processing_time ... "request" ... request_creation_time ...`, `time` when it answered.
// The instance's own time is backend_/target_processing_time; -1 there means the balancer answered.

import { FieldCursor } from '../fields.js';
import { hostOf, secondsToMs, splitRequestLine, type ParsedLine } from '../log-record.js';
import { parseIsoTimestamp, parseIsoTimestampAt } from '../timestamps.js';

const CLB_MIN_FIELDS = 12;
const ALB_MIN_FIELDS = 13;
/** request_creation_time's position in ALB lines (fields since 2018; older lines lack it). */
const ALB_CREATION_TIME = 21;

/** Both parsers read only a few of a line's fields: bounds first, then a copy of just those. */
const fields = new FieldCursor();

export function parseClbLine(line: string): ParsedLine {
  const count = fields.scan(line, CLB_MIN_FIELDS);
  if (count < CLB_MIN_FIELDS) return `expected at least ${CLB_MIN_FIELDS} fields (Classic ELB access log), found ${count}`;
  const timeMs = parseIsoTimestampAt(line, fields.startOf(0), fields.endOf(0));
  if (Number.isNaN(timeMs)) return `field 1 (time): not an ISO 8601 time: ${JSON.stringify(fields.text(0))}`;
  return record(timeMs, fields.text(2), fields.text(5), fields.text(11), 6, 12);
}

export function parseAlbLine(line: string): ParsedLine {
  const count = fields.scan(line, ALB_CREATION_TIME + 1);
  if (count < ALB_MIN_FIELDS) return `expected at least ${ALB_MIN_FIELDS} fields (ALB access log), found ${count}`;
  const answeredText = fields.text(1);
  const answeredMs = parseIsoTimestamp(answeredText);
  if (Number.isNaN(answeredMs)) return `field 2 (time): not an ISO 8601 time: ${JSON.stringify(answeredText)}`;
  let timeMs = count > ALB_CREATION_TIME ? parseIsoTimestamp(fields.text(ALB_CREATION_TIME)) : Number.NaN;
  if (Number.isNaN(timeMs)) {
    // Older lines: the response time minus the three timers that passed since the request came in.
    const spentMs = [fields.text(5), fields.text(6), fields.text(7)].map(secondsToMs).filter((ms) => ms > 0).reduce((a, b) => a + b, 0);
    timeMs = answeredMs - spentMs;
  }
  return record(timeMs, fields.text(3), fields.text(6), fields.text(12), 7, 13);
}

/** The shared tail of both formats; `serviceField` and `requestField` are 1-based for messages. */
function record(timeMs: number, client: string, serviceText: string, requestText: string, serviceField: number, requestField: number): ParsedLine {
  const serviceMs = secondsToMs(serviceText);
  if (Number.isNaN(serviceMs)) return `field ${serviceField} (processing time): not a number: ${JSON.stringify(serviceText)}`;
  const request = splitRequestLine(requestText);
  if (request === null) return `field ${requestField} (request): not "METHOD URL PROTOCOL": ${JSON.stringify(requestText)}`;
  return { timeMs, method: request.method, path: request.path, client: hostOf(client), serviceMs };
}
