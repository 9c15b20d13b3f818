// The byte-order mark editors write and hide: every reader of a user's file drops it first, so
// parsers, line/column counts and the printed text never see it.

export const withoutByteOrderMark = (text: string): string => (text.startsWith('\uFEFF') ? text.slice(1) : text);
