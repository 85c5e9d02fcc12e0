import type { WdlValue } from '../expressions/values';
import type { ActionRecord } from './run-history';

/** The loop (or per-item data operation) a frame is an iteration of; item() and iterationIndexes() read it. */
export interface LoopInfo {
  name: string;
  kind: 'Foreach' | 'Until' | 'Select' | 'Query' | 'Table';
  item?: WdlValue;
  index: number;
}

/** The records of one container run (a scope, a branch, a loop iteration); actions() looks outward through parents. */
export class Frame {
  readonly records = new Map<string, ActionRecord>();
  constructor(
    readonly parent?: Frame,
    readonly loop?: LoopInfo,
  ) {}
}
