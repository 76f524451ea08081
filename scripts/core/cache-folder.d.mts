/** Types of cache-folder.mjs (plain JavaScript, shared with setup/compile.mjs). */
export declare const PACKAGE_CACHE_FOLDER: string[];
export declare const CACHE_FOLDER_VARIABLE: string;
