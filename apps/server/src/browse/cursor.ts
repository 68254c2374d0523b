// Opaque keyset cursors: the sort they belong to and the (k1, k2, row) of the last row served.

import { badRequest } from '../errors.js';
import type { KeysetPosition } from './sort-index.js';

interface CursorPayload {
  sort: string;
  order: 'asc' | 'desc';
  position: KeysetPosition;
}

export function encodeCursor(payload: CursorPayload): string {
  const { sort, order, position } = payload;
  return Buffer.from(JSON.stringify([sort, order, String(position.k1), position.k2, position.row])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, order: 'asc' | 'desc'): KeysetPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('BAD_CURSOR', 'cursor is malformed');
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) throw badRequest('BAD_CURSOR', 'cursor is malformed');
  const [cursorSort, cursorOrder, k1, k2, row] = parsed as unknown[];
  const position = { k1: Number(k1), k2: Number(k2), row: Number(row) };
  if (typeof k1 !== 'string' || Number.isNaN(position.k1) || !Number.isInteger(position.k2) || !Number.isInteger(position.row) || position.row < 0) {
    throw badRequest('BAD_CURSOR', 'cursor is malformed');
  }
  if (cursorSort !== sort || cursorOrder !== order) throw badRequest('CURSOR_MISMATCH', 'cursor belongs to another sort order; start again without it');
  return position;
}
