// The one error CSV ingestion raises for a bad file: it names the file, the line when known, and the reason.

export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** 1-based physical line in the file where the problem starts, when known. */
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${reason}` : `${file} line ${line}: ${reason}`);
    this.name = "IngestError";
  }
}
