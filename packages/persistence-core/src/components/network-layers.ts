// SLayerWeights[] of the risk adversary's network: shape columns plus one weights and one
// biases section per layer (section index = layer number).

import type { SectionReader, SectionWriter } from '../format/sections.js';
import { Activation, enumSize } from './enums.js';
import type { NetworkLayer } from './types.js';
import { MAX_SECTION_INDEX, check, checkEnum, checkLength } from './validate.js';

/** Offsets from the first tag. */
const Column = { INPUTS: 0, OUTPUTS: 1, ACTIVATION: 2, WEIGHTS: 3, BIASES: 4 } as const;

/** Writes the layers as sections tag .. tag+4. */
export function writeLayers(out: SectionWriter, tag: number, layers: readonly NetworkLayer[]): void {
  if (layers.length > MAX_SECTION_INDEX + 1) throw new RangeError(`a network holds at most ${MAX_SECTION_INDEX + 1} layers`);
  out.column(tag + Column.INPUTS, Uint32Array.from(layers, (layer) => layer.inputs));
  out.column(tag + Column.OUTPUTS, Uint32Array.from(layers, (layer) => layer.outputs));
  out.column(tag + Column.ACTIVATION, Uint8Array.from(layers, (layer) => layer.activation));
  layers.forEach((layer, i) => {
    out.column(tag + Column.WEIGHTS, layer.weights, i);
    out.column(tag + Column.BIASES, layer.biases, i);
  });
}

export function readLayers(reader: SectionReader, field: string, tag: number): NetworkLayer[] {
  const inputs = reader.u32(`${field}.inputs`, tag + Column.INPUTS);
  const outputs = reader.u32(`${field}.outputs`, tag + Column.OUTPUTS, inputs.length);
  const activation = reader.u8(`${field}.activation`, tag + Column.ACTIVATION, inputs.length);
  return Array.from(inputs, (layerInputs, i) => ({
    inputs: layerInputs,
    outputs: outputs[i] as number,
    activation: activation[i] as Activation,
    weights: reader.f64(`${field}[${i}].weights`, tag + Column.WEIGHTS, undefined, i),
    biases: reader.f64(`${field}[${i}].biases`, tag + Column.BIASES, undefined, i),
  }));
}

/** Each layer is a dense [outputs][inputs] matrix and feeds the next one. */
export function validateLayers(layers: readonly NetworkLayer[], field: string, file?: string): void {
  check(layers.length <= MAX_SECTION_INDEX + 1, field, `has ${layers.length} layers, at most ${MAX_SECTION_INDEX + 1} fit`, file);
  layers.forEach((layer, i) => {
    const name = `${field}[${i}]`;
    checkWidth(`${name}.inputs`, layer.inputs, file);
    checkWidth(`${name}.outputs`, layer.outputs, file);
    checkEnum(`${name}.activation`, layer.activation, enumSize(Activation), file);
    checkLength(`${name}.weights`, layer.weights.length, layer.inputs * layer.outputs, file);
    checkLength(`${name}.biases`, layer.biases.length, layer.outputs, file);
    const previous = layers[i - 1];
    if (previous !== undefined) {
      check(layer.inputs === previous.outputs, `${name}.inputs`, `is ${layer.inputs}, layer ${i - 1} has ${previous.outputs} outputs`, file);
    }
  });
}

/** A layer width is stored as uint32 and a layer has at least one input and one output. */
function checkWidth(field: string, width: number, file?: string): void {
  check(Number.isInteger(width) && width >= 1 && width <= 0xffffffff, field, `must be an integer in 1..2^32-1, found ${width}`, file);
}
