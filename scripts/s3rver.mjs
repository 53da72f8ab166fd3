#!/usr/bin/env node
// A local S3 protocol server for the tests (s3rver, a dev dependency): `node scripts/s3rver.mjs DIR
// [PORT]` serves the objects in DIR on 127.0.0.1, prints `http://127.0.0.1:PORT` once listening
// and runs until killed. Credentials: s3rver's own, S3RVER / S3RVER (signatures are checked).
import S3rver from 's3rver';

const [directory, port = '0'] = process.argv.slice(2);
if (!directory) {
  process.stderr.write('usage: s3rver.mjs DIR [PORT]\n');
  process.exit(2);
}
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true });
const { port: listening } = await server.run();
process.stdout.write(`http://127.0.0.1:${listening}\n`);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => server.close().then(() => process.exit(0)));
