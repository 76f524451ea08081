/** Types of search-words.mjs (plain JavaScript, shared with the thread that makes the indexed copies). */
export declare function segmentHan(text: string): string;
export declare function punctuateBlocks(html: string): string;
export declare function indexedPage(html: string): string;
export declare function indexedCopyOf(html: string): string | undefined;
