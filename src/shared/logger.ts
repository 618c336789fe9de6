// One pino logger for the process. It is silent until the entry point sets its level from the validated
// configuration (configureLogger), so that nothing reads the environment behind config.ts's back.
import pino from "pino";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

// Logs go to stderr, so that the output of CLI commands on stdout stays clean.
export const logger = pino({ name: "huntgraph", level: "silent" }, pino.destination(2));

export function configureLogger(level: LogLevel): void {
  logger.level = level;
}
