export function hasCoturn(): boolean;
export function startCoturn(ports: { port: number; minRelayPort: number; maxRelayPort: number }): Promise<{ urls: string[]; secret: string; port: number; stop: () => void; pid: number; logFile: string }>;
