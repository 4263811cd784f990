/**
 * @yte/assistant — the hospital assistant's offline engine. Pure: no I/O, no clock, no environment.
 *
 *   buildIndex(docs: SourceDoc[]): AssistantIndex        chunk (heading paths), withhold AI-directed lines, BM25
 *   answerQuestion(index, question): Answer              extractive answer with citations, or refusal / 115 / "documents don't say"
 *   chunkDocument, htmlToMarkdown, formatOf              Markdown / HTML / text → passages
 *   fold, tokenize, contentTokens                        Vietnamese normalisation (NFC, đ→d, syllables, stop words)
 *   detectLanguage, emergencySigns, refusalReasons, answerTypes   classifiers
 *   isInstructionLike                                    prompt-injection screen for document sentences
 *   verifyCitations                                      checks that each quote exists in its cited passage
 *   answerWithModel(index, q, generate)                  optional generated wording, checked, else the extractive answer
 */
export * from './normalize.ts';
export * from './chunk.ts';
export * from './injection.ts';
export * from './glossary.ts';
export * from './bm25.ts';
export * from './classify.ts';
export * from './engine.ts';
export * from './generative.ts';
export * from './staff.ts';
export * from './summary.ts';
export * from './referral-letter.ts';
export * from './deidentify.ts';
