// One pino logger for the process; LOG_LEVEL sets its level.
import pino from "pino";

export const logger = pino({
  name: "huntgraph",
  level: process.env.LOG_LEVEL?.trim() || (process.env.NODE_ENV === "test" ? "silent" : "info"),
});
