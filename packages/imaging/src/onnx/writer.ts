/**
 * A minimal ONNX model writer: hand-rolled protobuf encoding of ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto and ValueInfoProto (field numbers from onnx/onnx.proto3, IR version 8),
 * enough to export the project's own CNN and to generate benchmark graphs without any ML library.
 * Tensors are stored little-endian in `raw_data`.
 */

/** ONNX TensorProto.DataType values we write. */
export const OnnxDataType = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7 } as const;
export type OnnxElemType = keyof typeof OnnxDataType;

export type OnnxAttribute =
  | { f: number }
  | { i: number }
  | { s: string }
  | { floats: number[] }
  | { ints: number[] };

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  elemType: OnnxElemType;
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

export interface OnnxValueInfo {
  name: string;
  elemType: OnnxElemType;
  /** numbers for fixed dimensions, strings for symbolic ones (e.g. 'N'). */
  shape: (number | string)[];
  docString?: string;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  graph: OnnxGraph;
  opset?: number; // default 13
  irVersion?: number; // default 8
  producerName?: string;
  producerVersion?: string;
  modelVersion?: number;
  docString?: string;
  metadata?: Record<string, string>;
}

/** Growable protobuf output buffer. */
class PbWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }

  varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    this.ensure(10);
    while (x >= 0x80n) {
      this.buf[this.len++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.len++] = Number(x);
  }

  tag(field: number, wire: 0 | 1 | 2 | 5): void {
    this.varint((field << 3) | wire);
  }

  bytes(field: number, b: Uint8Array): void {
    this.tag(field, 2);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  string(field: number, s: string): void {
    this.bytes(field, new TextEncoder().encode(s));
  }

  int(field: number, v: number | bigint): void {
    this.tag(field, 0);
    this.varint(v);
  }

  float(field: number, v: number): void {
    this.tag(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer).setFloat32(this.len, v, true);
    this.len += 4;
  }

  message(field: number, w: PbWriter): void {
    this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

function le(data: OnnxTensor['data']): Uint8Array {
  // Typed arrays are little-endian on every platform Node supports (x64, arm64).
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function tensor(t: OnnxTensor): PbWriter {
  const w = new PbWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, OnnxDataType[t.elemType]);
  w.string(8, t.name);
  w.bytes(9, le(t.data));
  return w;
}

function attribute(name: string, a: OnnxAttribute): PbWriter {
  const w = new PbWriter();
  w.string(1, name);
  if ('f' in a) {
    w.float(2, a.f);
    w.int(20, 1);
  } else if ('i' in a) {
    w.int(3, a.i);
    w.int(20, 2);
  } else if ('s' in a) {
    w.string(4, a.s);
    w.int(20, 3);
  } else if ('floats' in a) {
    for (const f of a.floats) w.float(7, f);
    w.int(20, 6);
  } else {
    for (const i of a.ints) w.int(8, i);
    w.int(20, 7);
  }
  return w;
}

function node(n: OnnxNode): PbWriter {
  const w = new PbWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, a] of Object.entries(n.attributes ?? {})) w.message(5, attribute(k, a));
  if (n.domain) w.string(7, n.domain);
  return w;
}

function valueInfo(v: OnnxValueInfo): PbWriter {
  const shape = new PbWriter();
  for (const d of v.shape) {
    const dim = new PbWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tt = new PbWriter();
  tt.int(1, OnnxDataType[v.elemType]);
  tt.message(2, shape);
  const type = new PbWriter();
  type.message(1, tt);
  const w = new PbWriter();
  w.string(1, v.name);
  w.message(2, type);
  if (v.docString) w.string(3, v.docString);
  return w;
}

function graph(g: OnnxGraph): PbWriter {
  const w = new PbWriter();
  for (const n of g.nodes) w.message(1, node(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensor(t));
  if (g.docString) w.string(10, g.docString);
  for (const i of g.inputs) w.message(11, valueInfo(i));
  for (const o of g.outputs) w.message(12, valueInfo(o));
  return w;
}

/** Serialise a model to ONNX protobuf bytes. */
export function encodeOnnxModel(m: OnnxModel): Uint8Array {
  const w = new PbWriter();
  w.int(1, m.irVersion ?? 8);
  w.string(2, m.producerName ?? 'yte-imaging');
  w.string(3, m.producerVersion ?? '0.1.0');
  if (m.modelVersion !== undefined) w.int(5, m.modelVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, graph(m.graph));
  const opset = new PbWriter();
  opset.string(1, '');
  opset.int(2, m.opset ?? 13);
  w.message(8, opset);
  for (const [k, v] of Object.entries(m.metadata ?? {})) {
    const e = new PbWriter();
    e.string(1, k);
    e.string(2, v);
    w.message(14, e);
  }
  return w.finish().slice();
}
