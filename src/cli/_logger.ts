// consola, loaded when the CLI first logs something: a module of its own (the bundler gives it
// its own chunk), so the commands that print only data (`current`, `heads`, `history`) don't
// load it at start-up.
import { createConsola, type ConsolaInstance, type ConsolaReporter } from "consola/core";

export function createLogger(level: number, reporter: ConsolaReporter): ConsolaInstance {
  return createConsola({ level, reporters: [reporter] });
}
