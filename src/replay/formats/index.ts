// The line parser for each `Traffic.Replay.Format`, and the byte parser of those that have one.

import type { ReplayConfig } from '../../model/config.js';
import type { ByteLineParser } from '../line-bytes.js';
import type { LineParser } from '../log-record.js';
import { parseAlbLine, parseClbLine } from './aws.js';
import { parseAlbBytes, parseClbBytes } from './aws-bytes.js';
import { parseHaproxyLine } from './haproxy.js';
import { parseLbsimLine } from './lbsim.js';
import { nginxParser } from './nginx.js';

export function lineParser(replay: Pick<ReplayConfig, 'format' | 'logFormat'>): LineParser {
  switch (replay.format) {
    case 'alb':
      return parseAlbLine;
    case 'clb':
      return parseClbLine;
    case 'nginx':
      return nginxParser(replay.logFormat);
    case 'haproxy':
      return parseHaproxyLine;
    case 'lbsim':
      return parseLbsimLine;
  }
}

/** The in-place parser for the format's common lines, or null: every line then goes through `lineParser`. */
export function byteLineParser(format: ReplayConfig['format']): ByteLineParser | null {
  switch (format) {
    case 'alb':
      return parseAlbBytes;
    case 'clb':
      return parseClbBytes;
    // An access log as clb; an --events line (starting with `{`) goes to the text parser.
    case 'lbsim':
      return (bytes, start, end, kinds, out) => bytes[start] !== 123 && parseClbBytes(bytes, start, end, kinds, out);
    default:
      return null;
  }
}
