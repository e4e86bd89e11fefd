import { existsSync } from 'node:fs';
import path from 'node:path';

/** The directory holding package.json, found by walking up from here: the same from src/ (tsx, ts-jest) and
 *  from a compiled dist/src/. Files shipped beside the code (schema/, graph-seeds/, embedded-neo4j/) live there. */
export function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schema'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the project root (package.json beside schema/) above ${__dirname}`);
  }
}
