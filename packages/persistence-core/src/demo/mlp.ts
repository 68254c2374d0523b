// A tiny dense network (tanh hidden layer, sigmoid output) trained online by SGD on
// binary cross-entropy. Layers use the schema's NetworkLayer layout: weights [outputs][inputs].

import { Activation } from '../components/enums.js';
import type { NetworkLayer } from '../components/types.js';
import type { Xoshiro128 } from './random.js';

export class Mlp {
  readonly layers: NetworkLayer[];
  readonly #hidden: Float64Array;
  readonly #hiddenGradient: Float64Array;

  constructor(inputs: number, hidden: number, rng: Xoshiro128) {
    this.layers = [denseLayer(inputs, hidden, Activation.TANH, rng), denseLayer(hidden, 1, Activation.SIGMOID, rng)];
    this.#hidden = new Float64Array(hidden);
    this.#hiddenGradient = new Float64Array(hidden);
  }

  /** Probability in (0, 1). */
  predict(input: Float64Array): number {
    const [first, second] = this.#pair();
    for (let o = 0; o < first.outputs; o++) {
      let sum = first.biases[o] as number;
      for (let i = 0; i < first.inputs; i++) sum += (first.weights[o * first.inputs + i] as number) * (input[i] as number);
      this.#hidden[o] = Math.tanh(sum);
    }
    let out = second.biases[0] as number;
    for (let i = 0; i < second.inputs; i++) out += (second.weights[i] as number) * (this.#hidden[i] as number);
    return 1 / (1 + Math.exp(-out));
  }

  /** One SGD step on weighted cross-entropy; returns the prediction before the step. */
  train(input: Float64Array, label: 0 | 1, learningRate: number, weight: number): number {
    const [first, second] = this.#pair();
    const prediction = this.predict(input);
    const outputGradient = (prediction - label) * weight;
    for (let i = 0; i < second.inputs; i++) {
      const hidden = this.#hidden[i] as number;
      this.#hiddenGradient[i] = outputGradient * (second.weights[i] as number) * (1 - hidden * hidden);
      second.weights[i] = (second.weights[i] as number) - learningRate * outputGradient * hidden;
    }
    second.biases[0] = (second.biases[0] as number) - learningRate * outputGradient;
    for (let o = 0; o < first.outputs; o++) {
      const gradient = this.#hiddenGradient[o] as number;
      for (let i = 0; i < first.inputs; i++) {
        const w = o * first.inputs + i;
        first.weights[w] = (first.weights[w] as number) - learningRate * gradient * (input[i] as number);
      }
      first.biases[o] = (first.biases[o] as number) - learningRate * gradient;
    }
    return prediction;
  }

  /** Copies of the layers. */
  snapshot(): NetworkLayer[] {
    return this.layers.map((layer) => ({ ...layer, weights: layer.weights.slice(), biases: layer.biases.slice() }));
  }

  /** Loads stored layers of the same shape (copied). */
  load(layers: readonly NetworkLayer[]): void {
    if (layers.length !== this.layers.length) throw new RangeError(`stored network has ${layers.length} layers, expected ${this.layers.length}`);
    layers.forEach((layer, l) => {
      const own = this.layers[l] as NetworkLayer;
      if (layer.inputs !== own.inputs || layer.outputs !== own.outputs || layer.activation !== own.activation) {
        throw new RangeError(`stored network layer ${l} is ${layer.inputs}->${layer.outputs}, expected ${own.inputs}->${own.outputs}`);
      }
      own.weights.set(layer.weights);
      own.biases.set(layer.biases);
    });
  }

  #pair(): [NetworkLayer, NetworkLayer] {
    return [this.layers[0] as NetworkLayer, this.layers[1] as NetworkLayer];
  }
}

function denseLayer(inputs: number, outputs: number, activation: Activation, rng: Xoshiro128): NetworkLayer {
  const scale = 1 / Math.sqrt(inputs);
  const weights = new Float64Array(inputs * outputs);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.nextGaussian() * scale;
  return { inputs, outputs, activation, weights, biases: new Float64Array(outputs) };
}
