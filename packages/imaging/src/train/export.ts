/** Export a trained TinyCnn as an ONNX graph (opset 13), input [N,1,S,S] → output [N,1] probabilities. */
import type { TinyCnn } from './tiny-cnn.ts';
import { encodeOnnxModel, type OnnxGraph, type OnnxNode } from '../onnx/writer.ts';

export interface TinyCnnExportOptions {
  inputName?: string;
  outputName?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export function tinyCnnGraph(model: TinyCnn, o: TinyCnnExportOptions = {}): OnnxGraph {
  const S = model.config.size;
  const input = o.inputName ?? 'input';
  const output = o.outputName ?? 'probability';
  const conv = (i: number, x: string): OnnxNode => ({
    opType: 'Conv', name: `conv${i}`, inputs: [x, `conv${i}.weight`, `conv${i}.bias`], outputs: [`conv${i}`],
    attributes: { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] }, strides: { ints: [1, 1] } },
  });
  const relu = (i: number): OnnxNode => ({ opType: 'Relu', name: `relu${i}`, inputs: [`conv${i}`], outputs: [`relu${i}`] });
  const pool = (i: number): OnnxNode => ({
    opType: 'MaxPool', name: `pool${i}`, inputs: [`relu${i}`], outputs: [`pool${i}`],
    attributes: { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } },
  });
  const nodes: OnnxNode[] = [
    conv(1, input), relu(1), pool(1),
    conv(2, 'pool1'), relu(2), pool(2),
    conv(3, 'pool2'), relu(3),
    { opType: 'GlobalAveragePool', name: 'gap', inputs: ['relu3'], outputs: ['gap'] },
    { opType: 'Flatten', name: 'flatten', inputs: ['gap'], outputs: ['flat'], attributes: { axis: { i: 1 } } },
    { opType: 'Gemm', name: 'fc', inputs: ['flat', 'fc.weight', 'fc.bias'], outputs: ['logit'], attributes: { transB: { i: 1 } } },
    { opType: 'Sigmoid', name: 'sigmoid', inputs: ['logit'], outputs: [output] },
  ];
  return {
    name: 'tiny_cnn',
    nodes,
    initializers: model.params().map((p) => ({ name: p.name, dims: p.shape, elemType: 'FLOAT' as const, data: p.data })),
    inputs: [{ name: input, elemType: 'FLOAT', shape: ['N', 1, S, S] }],
    outputs: [{ name: output, elemType: 'FLOAT', shape: ['N', 1] }],
    ...(o.docString ? { docString: o.docString } : {}),
  };
}

export function exportTinyCnn(model: TinyCnn, o: TinyCnnExportOptions = {}): Uint8Array {
  return encodeOnnxModel({ graph: tinyCnnGraph(model, o), opset: 13, ...(o.metadata ? { metadata: o.metadata } : {}) });
}
