// Module hooks (see record.mjs): every URL the process resolves, one per line, into $DAAN_MODULE_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.DAAN_MODULE_LOG) appendFileSync(process.env.DAAN_MODULE_LOG, `${result.url}\n`);
  return result;
}
