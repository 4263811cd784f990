/**
 * Adapter from @yte/assistant's `Generate` to an OpenAI-compatible chat endpoint on the hospital's LAN
 * (llama.cpp server, vLLM, Ollama's /v1). Nothing is downloaded: the site runs its own model server.
 * Use: answerWithModel(index, question, openAiCompatible({ url: 'http://10.0.0.5:8080', model: 'qwen2.5-7b-instruct' })).
 * A GGUF loaded in-process with node-llama-cpp fits the same `Generate` signature.
 */
import type { Generate } from '@yte/assistant';

export interface OpenAiCompatibleOptions {
  /** Base URL, e.g. http://10.0.0.5:8080 (the path /v1/chat/completions is appended). */
  url: string;
  model: string;
  apiKey?: string;
  /** The extractive answer is returned when the model is slower than this. */
  timeoutMs?: number;
}

export function openAiCompatible(opts: OpenAiCompatibleOptions): Generate {
  return async ({ system, user }) => {
    const res = await fetch(`${opts.url.replace(/\/$/, '')}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
      body: JSON.stringify({ model: opts.model, temperature: 0, messages: [{ role: 'system', content: system }, { role: 'user', content: user }] }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
    if (!res.ok) throw new Error(`model server answered ${res.status}`);
    const j = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = j.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('model server reply has no choices[0].message.content');
    return content;
  };
}
