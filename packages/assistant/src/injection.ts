/**
 * Prompt-injection screening. Documents and questions are data: a sentence that addresses an AI or
 * gives it orders ("ignore previous instructions…", "hệ thống AI …: hãy bỏ qua các quy tắc…") is never
 * indexed, never quoted and never changes an answer. The extractive engine composes answers only from
 * document units, so a question's instructions cannot reach the answer either; this check removes
 * the document side.
 */
import { fold } from './normalize.ts';

// Who the sentence talks to: an AI / assistant / model.
// "AI" is matched case-sensitively on the unfolded text: folded "ai" is also Vietnamese "ai" (who).
const ADDRESSEE_AI = /(^|[^\p{L}])A\.?I(?![\p{L}])/u;
const ADDRESSEE = /\b(chatbot|chat bot|assistant|tro ly( ao)?|language model|llm|gpt|mo hinh ngon ngu|he thong tu dong|tri tue nhan tao|artificial intelligence)\b/;
// An order about the assistant's own behaviour.
const ORDER = /\b(hay \w+|luon luon|ignore|disregard|forget|override|bypass|pretend|act as|you are now|from now on|instead (say|tell|answer)|always (say|answer|tell)|tell (the )?(user|patient|people|reader|visitor)s?|say that|respond with|bo qua|phot lo|quen (di|het|moi)|hay (noi|tra loi|khuyen|bao|tu xung|dong vai|luon)|khuyen (nguoi|benh nhan|ho)|tu nay|thay vao do|tra loi rang|noi rang|noi voi)\b/;
// Orders that need no addressee to be recognised.
const STANDALONE = [
  /^\s*\[?(system|he thong|assistant|developer)\]?\s*:\s*(you|ban|hay|tu nay|from now|always|luon|never|khong bao gio|tell|say|noi)/,
  /\b(ignore|disregard|forget|override) (all |any |the |your |these |those |my )*(previous |prior |above |earlier |preceding |system |safety )*(instructions?|rules?|prompts?|guidelines?|directions?|policies|documents?)\b/,
  /\bbo qua (tat ca |moi |cac |nhung |toan bo )*(huong dan|quy tac|chi dan|chi thi|lenh|nguyen tac|tai lieu|yeu cau)( truoc( do)?| tren| cua (minh|ban))?\b/,
  /\b(system prompt|prompt he thong|jailbreak|developer mode|che do nha phat trien)\b/,
];

/** True when a sentence reads as an instruction to an AI rather than information for a reader. */
export function isInstructionLike(sentence: string): boolean {
  const f = fold(sentence);
  if (STANDALONE.some((re) => re.test(f))) return true;
  return (ADDRESSEE_AI.test(sentence) || ADDRESSEE.test(f)) && ORDER.test(f);
}
