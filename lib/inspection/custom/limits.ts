export const MAX_KEYWORDS_PER_RULE = 1000;
export const MAX_KEYWORD_LENGTH = 200;
/** RE2 matches have no natural bound; findings longer than this are clipped so the streaming holdback stays finite. */
export const MAX_CUSTOM_REGEX_MATCH_LENGTH = 512;
export const MAX_CUSTOM_PATTERN_LENGTH = 2000;
