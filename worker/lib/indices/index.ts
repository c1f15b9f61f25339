/**
 * The index engine: pure formulas behind every figure the dashboard, the periodic reports and
 * the transparency page show, each with its legal basis and confidence in its doc comment.
 * No database, no clock, no Hono: callers pass counts.
 */
export * from "./indicators";
export * from "./periods";
export * from "./proportion";
export * from "./qd766";
export * from "./sampling";
export * from "./satisfaction";
