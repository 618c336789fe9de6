// One pino logger for the process; LOG_LEVEL sets its level.
import pino from "pino";

// Logs go to stderr, so that the output of CLI commands on stdout stays clean.
export const logger = pino(
  {
    name: "huntgraph",
    level: process.env.LOG_LEVEL?.trim() || (process.env.NODE_ENV === "test" ? "silent" : "info"),
  },
  pino.destination(2),
);
