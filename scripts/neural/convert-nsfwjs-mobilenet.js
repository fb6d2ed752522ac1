#!/usr/bin/env node
// Converts the MobileNetV2 weights shipped in the npm package nsfwjs@4.4.0 (MIT) into the
// compact file the signatures module reads (signatures/src/main/resources/org/imageindex/
// signatures/neural/mobilenet_v2.bin). Not run by the build: the output is committed.
//
//   mkdir /tmp/nsfwjs && cd /tmp/nsfwjs && npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz
//   node scripts/neural/convert-nsfwjs-mobilenet.js /tmp/nsfwjs/package OUT.bin
//
// The package holds a Keras 2.2.4 model in TensorFlow.js layers format, its weights quantised
// to uint8 with a (min, scale) pair per tensor, base64-encoded inside a JavaScript module. We
// keep every tensor of the convolutional trunk (Conv1 .. Conv_1_bn) exactly as quantised —
// one byte per weight, no re-quantisation — and drop the classifier head (dense_1..3), which
// answers the package's own question, not ours.
//
// Format (big-endian, as java.io.DataInputStream reads it):
//   int magic 0x49494E31 ("IIN1"), int tensor count, then per tensor:
//   UTF name, int rank, int[rank] shape, double min, double scale, int n, byte[n] quantised.
// A weight is (float) (q * scale + min), the formula TensorFlow.js applies when it loads them.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const [pkg, out] = process.argv.slice(2);
if (!pkg || !out) {
  console.error('usage: convert-nsfwjs-mobilenet.js <unpacked nsfwjs package dir> <out.bin>');
  process.exit(2);
}
const dir = path.join(pkg, 'dist/models/mobilenet_v2');
const model = require(path.resolve(dir, 'model.min.js'));
const shard = Buffer.from(require(path.resolve(dir, 'group1-shard1of1.min.js')), 'base64');

const kept = [];
let offset = 0;
for (const group of model.weightsManifest) {
  for (const w of group.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (!w.quantization || w.quantization.dtype !== 'uint8') {
      throw new Error('expected uint8 quantisation for ' + w.name);
    }
    const bytes = shard.subarray(offset, offset + n);
    offset += n;
    if (!w.name.startsWith('dense_')) {
      kept.push({ name: w.name, shape: w.shape, min: w.quantization.min, scale: w.quantization.scale, bytes });
    }
  }
}
if (offset !== shard.length) {
  throw new Error('manifest covers ' + offset + ' bytes, shard has ' + shard.length);
}

const parts = [];
const i32 = (v) => { const b = Buffer.alloc(4); b.writeInt32BE(v); parts.push(b); };
const f64 = (v) => { const b = Buffer.alloc(8); b.writeDoubleBE(v); parts.push(b); };
const utf = (s) => { const u = Buffer.from(s, 'utf8'); const b = Buffer.alloc(2); b.writeUInt16BE(u.length); parts.push(b, u); };
i32(0x49494E31);
i32(kept.length);
for (const t of kept) {
  utf(t.name);
  i32(t.shape.length);
  t.shape.forEach(i32);
  f64(t.min);
  f64(t.scale);
  i32(t.bytes.length);
  parts.push(Buffer.from(t.bytes));
}
const file = Buffer.concat(parts);
fs.writeFileSync(out, file);
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
console.log('shard sha256 ' + sha(fs.readFileSync(path.join(dir, 'group1-shard1of1.min.js'))));
console.log('model sha256 ' + sha(fs.readFileSync(path.join(dir, 'model.min.js'))));
console.log('kept ' + kept.length + ' tensors, ' + kept.reduce((a, t) => a + t.bytes.length, 0) + ' weights');
console.log('wrote ' + out + ' (' + file.length + ' bytes, sha256 ' + sha(file) + ')');
