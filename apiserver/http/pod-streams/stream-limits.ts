// Bounds every pod stream front end applies (WebSocket and SPDY alike).

/** Largest message a client may send; kubectl sends stdin in pieces of 32 KiB. */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;
/**
 * Output a client may leave unread before the session is cut: the agent's
 * stream cannot be paused from here, so this bounds the apiserver's memory.
 */
export const MAX_UNSENT_OUTPUT_BYTES = 16 * 1024 * 1024;
