/** dtpc's version, as results and caches record it (kept apart so any command can read it cheaply). */
export const VERSION = '0.1.0';
