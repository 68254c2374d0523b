// Streaming CSV / NDJSON export of any filtered, sorted view, bounded by the export limit.
// Rows are produced in chunks from the cached generation, honouring backpressure.

import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ExportQuery, GenerationRef } from '@quantum/api-contract';
import type { Limits } from '../../app.js';
import { rowOf, scan, viewOf } from '../../browse/query.js';

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote anything a spreadsheet could misread, and neutralise formula prefixes.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const exportRoutes: FastifyPluginAsyncTypebox<{ limits: Limits }> = async (app, { limits }) => {
  const { state } = app.services;
  const Params = Type.Object({ component: app.services.componentName, generation: GenerationRef });

  app.get(
    '/components/:component/generations/:generation/export',
    { schema: { tags: ['learned state'], params: Params, querystring: ExportQuery, produces: ['text/csv', 'application/x-ndjson'] }, config: { role: 'viewer' } },
    async (request, reply) => {
      const codec = state.codec(request.params.component);
      const opened = await state.open(codec, request.params.generation);
      const view = viewOf(opened.entry, state.cache, request.query);
      const maxRows = Math.min(request.query.maxRows ?? limits.exportRows, limits.exportRows);
      const csv = request.query.format === 'csv';
      const names = ['row', ...view.table.columns.map((column) => column.name)];
      const rows = scan(view);
      let sent = 0;
      let headerDone = !csv;
      const stream = new Readable({
        read() {
          const lines: string[] = [];
          if (!headerDone) {
            lines.push(names.join(','));
            headerDone = true;
          }
          while (lines.length < 2000 && sent < maxRows) {
            const next = rows.next();
            if (next.done === true) break;
            const row = rowOf(view.table, next.value);
            lines.push(csv ? names.map((name) => csvCell(row[name])).join(',') : JSON.stringify(row));
            sent++;
          }
          if (lines.length > 0) this.push(`${lines.join('\n')}\n`);
          if (lines.length === 0 || sent >= maxRows) this.push(null);
        },
      });
      const file = `${codec.name}-${request.params.generation}-${view.table.name}.${csv ? 'csv' : 'ndjson'}`;
      return reply
        .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(stream);
    },
  );
};

export default exportRoutes;
