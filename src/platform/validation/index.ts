/** Input validation shared by every module: the text rule, JSON input, field problems and If-Match versions. */
export { text, longText, jsonValue, jsonKey, IdParams, LocaleSchema, EmailSchema, OkSchema, ProblemSchema } from './schemas.ts';
export { textProblem, storableTextProblem, userLength, canonicalLine, type TextKind } from './text-rule.ts';
export { findJsonTextProblem, locateInvalidUtf8, type JsonTextProblem } from './json-text.ts';
export { fieldPath, fieldProblemsFromZodIssue, fieldProblemsFromZodError, pathFromPointer, type ZodLikeIssue } from './field-problems.ts';
export { etag, IfMatchHeaders, readIfMatch, requireIfMatch } from './versioning.ts';
