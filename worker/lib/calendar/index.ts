/**
 * The Vietnamese working-day calendar and the legal-deadline engine: pure, deterministic, no
 * clock and no database. Loading from the database: worker/calendar/calendar.service.ts.
 */
export * from "./calendar";
export * from "./dates";
export * from "./deadlines";
export * from "./holidays";
export * from "./lunar";
export * from "./office-hours";
