/** An error raised while executing a template, with Go's message layout. */
export class ExecError extends Error {
  /** Name of the template being executed. */
  readonly templateName: string;
  /** `cause`: the function error this one wraps ("error calling X: …"), as Go's %w does. */
  constructor(templateName: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ExecError";
    this.templateName = templateName;
  }
}

/** A resource limit (depth, output size, steps, time) was exceeded. */
export class LimitError extends ExecError {
  constructor(templateName: string, message: string) {
    super(templateName, message);
    this.name = "LimitError";
  }
}
