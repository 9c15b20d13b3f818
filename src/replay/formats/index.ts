// The line parser for each `Traffic.Replay.Format`.

import type { ReplayConfig } from '../../model/config.js';
import type { LineParser } from '../log-record.js';
import { parseAlbLine, parseClbLine } from './aws.js';
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
