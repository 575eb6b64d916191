// Bundles the UI into OUTDIR (default dist/): index.html plus assets/ whose
// names carry a content hash, so the daemon can cache them forever and
// index.html (never cached) decides which ones a page loads.
// Usage: node build.mjs [--outdir=DIR]
import * as esbuild from 'esbuild';
import { readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.find((arg) => arg.startsWith('--outdir='));
const outdir = path.resolve(outArg ? outArg.slice('--outdir='.length) : path.join(here, 'dist'));

await rm(outdir, { recursive: true, force: true });
await mkdir(path.join(outdir, 'assets'), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/main.js', 'src/style.css'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  entryNames: '[name]-[hash]',
  outdir: path.join(outdir, 'assets'),
  metafile: true,
  logLevel: 'warning',
});

// The output file of each entry point, by the entry's source path.
const outputs = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (meta.entryPoint) outputs[meta.entryPoint] = path.basename(file);
}
const page = (await readFile(path.join(here, 'index.html'), 'utf8'))
  .replace('@APP_JS@', `/assets/${outputs['src/main.js']}`)
  .replace('@APP_CSS@', `/assets/${outputs['src/style.css']}`);
await writeFile(path.join(outdir, 'index.html'), page);
