#!/usr/bin/env node
// Computes reference activations of the nsfwjs@4.4.0 MobileNetV2 with TensorFlow.js, for the
// forward-pass test of the signatures module (NeuralForwardTest). Not run by the build.
//
//   npm install @tensorflow/tfjs@4   (in a folder outside the repository; run from there)
//   NODE_PATH=$PWD/node_modules node <repo>/scripts/neural/reference-activations.js \
//       /tmp/nsfwjs/package > mobilenet_v2_reference.csv
//
// Input: the fixed 224x224x3 pattern below (the test builds the same floats), so no image
// decoder or resizer sits between the two implementations. Output: for each probed layer, the
// global average of every channel (layer,channel,value).
'use strict';
const path = require('path');
const tf = require('@tensorflow/tfjs');

const pkg = process.argv[2];
const dir = path.join(pkg, 'dist/models/mobilenet_v2');
const model = require(path.resolve(dir, 'model.min.js'));
const shard = Buffer.from(require(path.resolve(dir, 'group1-shard1of1.min.js')), 'base64');
const weightData = shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.length);

function pattern() {
  const s = 224;
  const v = new Float32Array(s * s * 3);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      for (let c = 0; c < 3; c++) {
        // A smooth pattern with edges and colour: values in [-1, 1].
        const a = Math.sin((x * (c + 1)) / 17.0) * Math.cos((y * (3 - c)) / 23.0);
        const b = ((x + 2 * y + 31 * c) % 56) < 28 ? 0.5 : -0.5;
        v[(y * s + x) * 3 + c] = Math.fround(0.6 * a + 0.4 * b);
      }
    }
  }
  return tf.tensor4d(v, [1, s, s, 3]);
}

(async () => {
  const m = await tf.loadLayersModel(tf.io.fromMemory(model.modelTopology, model.weightsManifest[0].weights, weightData));
  const probes = ['block_10_project_BN', 'block_13_expand_relu', 'block_16_project_BN', 'out_relu'];
  const sub = tf.model({ inputs: m.inputs, outputs: probes.map((n) => m.getLayer(n).output) });
  const outs = sub.predict(pattern());
  console.log('layer,channel,value');
  probes.forEach((name, i) => {
    const g = outs[i].mean([1, 2]).dataSync();
    g.forEach((v, c) => console.log(name + ',' + c + ',' + v.toPrecision(8)));
  });
})();
