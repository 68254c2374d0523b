// The e2e stack's S3 store: s3rver on loopback (any free port) with one bucket, its data in the
// directory given. Prints `s3rver listening on <port>` once it serves. Run with
// --openssl-legacy-provider: s3rver signs listing continuation tokens with DES, which Node 20's
// OpenSSL 3 only offers from the legacy provider (a prefix past 1000 objects would fail without it).

import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (!directory || !bucket) throw new Error('usage: node --openssl-legacy-provider s3rver.mjs <directory> <bucket>');
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
const { port } = await server.run();
process.stdout.write(`s3rver listening on ${port}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
