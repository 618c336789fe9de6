// The huntgraph process: runs the command line on this process's arguments, environment and streams.
import "reflect-metadata";
import { processOutput } from "./output";
import { runCli } from "./program";

runCli(process.argv.slice(2), process.env, processOutput).then((code) => {
  // A running server keeps the process alive; any other command ends here.
  if (code !== 0) process.exit(code);
});
