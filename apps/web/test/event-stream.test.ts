import { describe, expect, it } from 'vitest';
import { parseEventBlock } from '../src/lib/event-stream';

describe('parseEventBlock', () => {
  it('reads id, event type and JSON data', () => {
    expect(parseEventBlock('id: 42\nevent: save\ndata: {"component":"EntryAgent","seq":3}')).toEqual({
      id: '42',
      type: 'save',
      data: { component: 'EntryAgent', seq: 3 },
    });
  });

  it('joins multi-line data, keeps text that is not JSON, skips comments', () => {
    expect(parseEventBlock(': keep-alive\ndata: hello\ndata: world')).toEqual({ id: null, type: 'message', data: 'hello\nworld' });
  });

  it('ignores a block without data (a bare comment or id)', () => {
    expect(parseEventBlock(': ping')).toBeNull();
  });
});
