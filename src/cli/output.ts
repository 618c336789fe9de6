// Where a CLI run writes: the process's stdout and stderr, or a test's buffers.

export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** One line on stdout. */
  line(text: string): void;
}

export const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  line: (text) => process.stdout.write(`${text}\n`),
};
