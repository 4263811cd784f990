/** Minimal typings for the parts of dcmjs 0.52 this package uses (dcmjs ships no .d.ts). */
declare module 'dcmjs' {
  type Dict = Record<string, { vr: string; Value?: unknown[]; InlineBinary?: string }>;
  interface DicomDictInstance {
    meta: Dict;
    dict: Dict;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    log?: { setLevel?: (level: string) => void };
    data: {
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictInstance;
      };
      DicomDict: new (meta: Dict) => DicomDictInstance;
      DicomMetaDictionary: {
        naturalizeDataset(dict: Dict): Record<string, unknown>;
        denaturalizeDataset(ds: Record<string, unknown>): Dict;
        uid(): string;
        dictionary: Record<string, { name?: string; vr?: string; tag?: string }>;
        nameMap: Record<string, { tag: string; vr: string; name: string }>;
      };
    };
  };
  export default dcmjs;
}
